import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Sentiment from 'sentiment';
import { describe, expect, it } from 'vitest';
import { clausesOf, scoreSentiment } from '../../src/enricher/sentiment.js';
import type { SentimentLabel } from '../../src/model/item.js';
import { describeFigures, figuresOf, type Figures } from './classification-metrics.js';

/*
 * The sentiment stage against the hand-labelled headlines of test/fixtures/sentiment/ (the rule
 * and the split are in its README). The lexicon and the knobs were chosen on the tuning part; the
 * held-out part is only scored here. The figures asserted are the ones docs/enrichment-sentiment.md
 * reports: a change to the lexicon or the knobs that moves them updates both.
 */

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(projectRoot, 'test/fixtures/sentiment');
const seedsRoot = path.resolve(projectRoot, '../shared/seeds');

interface Headline {
  title: string;
  description: string;
  label: SentimentLabel;
  origin: string;
}

const headlines: Headline[] = JSON.parse(readFileSync(path.join(fixtures, 'headlines.json'), 'utf8'));

/** The split rule of the README: the first byte of SHA-256 of the title below 154 → tuning. */
function partOf(title: string): 'tuning' | 'held-out' {
  return createHash('sha256').update(title, 'utf8').digest()[0]! < 154 ? 'tuning' : 'held-out';
}

const tuning = headlines.filter((headline) => partOf(headline.title) === 'tuning');
const heldOut = headlines.filter((headline) => partOf(headline.title) === 'held-out');

function figures(part: readonly Headline[], classify: (headline: Headline) => SentimentLabel): Figures {
  return figuresOf(part.map((headline) => ({ truth: headline.label, predicted: classify(headline) })));
}

const ours = (headline: Headline) => scoreSentiment(headline.title, headline.description).label;

/** Plain npm `sentiment` (AFINN-165 alone) on title and description: the sign of its score. */
const afinnOnly = new Sentiment();
const baseline = (headline: Headline): SentimentLabel => {
  const { score } = afinnOnly.analyze(`${headline.title} ${headline.description}`);
  return score > 0 ? 'POSITIVE' : score < 0 ? 'NEGATIVE' : 'NEUTRAL';
};

describe('the labelled headlines', () => {
  it('hold 254 items, split 159 tuning / 95 held-out by the hash of the title', () => {
    expect(headlines).toHaveLength(254);
    expect(tuning).toHaveLength(159);
    expect(heldOut).toHaveLength(95);
  });

  it('each have a title, a description of at most 300 characters, one of the three labels and an origin', () => {
    for (const headline of headlines) {
      expect(headline.title.length).toBeGreaterThan(0);
      expect(headline.description.length).toBeLessThanOrEqual(300);
      expect(['POSITIVE', 'NEUTRAL', 'NEGATIVE']).toContain(headline.label);
      expect(headline.origin).toMatch(/\.(rss|xml)$/);
    }
  });

  it('are labelled 122 POSITIVE, 76 NEUTRAL, 56 NEGATIVE', () => {
    const count = (label: SentimentLabel) => headlines.filter((headline) => headline.label === label).length;
    expect([count('POSITIVE'), count('NEUTRAL'), count('NEGATIVE')]).toEqual([122, 76, 56]);
  });
});

describe('scoreSentiment on the labelled headlines', () => {
  const heldOutFigures = figures(heldOut, ours);
  const tuningFigures = figures(tuning, ours);
  const baselineFigures = figures(heldOut, baseline);
  console.info(
    [
      `sentiment, held-out (${heldOut.length}): ${describeFigures(heldOutFigures)}`,
      `sentiment, tuning (${tuning.length}): ${describeFigures(tuningFigures)}`,
      `npm sentiment (AFINN-165 alone), held-out: ${describeFigures(baselineFigures)}`,
    ].join('\n'),
  );

  it('reaches a macro-F1 of at least 0.72 on the held-out part (the target is 0.70)', () => {
    expect(heldOutFigures.macroF1).toBeGreaterThanOrEqual(0.72);
  });

  it('gives the held-out confusion matrix the docs report (rows true, columns predicted: POSITIVE, NEUTRAL, NEGATIVE)', () => {
    expect(heldOutFigures.confusion).toEqual([
      [37, 11, 1],
      [5, 20, 1],
      [2, 5, 13],
    ]);
  });

  it('reaches a macro-F1 of at least 0.85 on the tuning part it was tuned on', () => {
    expect(tuningFigures.macroF1).toBeGreaterThanOrEqual(0.85);
    expect(tuningFigures.confusion).toEqual([
      [66, 7, 0],
      [2, 42, 6],
      [2, 4, 30],
    ]);
  });

  it('does better on the held-out part than plain AFINN-165 (npm sentiment), which stays near 0.54', () => {
    expect(baselineFigures.macroF1).toBeGreaterThan(0.5);
    expect(baselineFigures.macroF1).toBeLessThan(0.56);
    expect(heldOutFigures.macroF1 - baselineFigures.macroF1).toBeGreaterThan(0.15);
  });
});

/** The two seed items the project was designed from, copied so the check runs without ../shared. */
const SEEDS = [
  {
    file: '000',
    title: 'CoreWeave collapse sparks fears of cracks in AI infrastructure boom',
    // The seed's description ends in "…" garbled as "â€¦"; kept as the seed has it.
    description:
      'The recent collapse of CoreWeave, a company that transitioned from Bitcoin mining to high-performance computing, has raised concerns about the stability of the AI infrastructure\u00e2\u20ac\u00a6',
    sentiment: 'NEGATIVE',
  },
  {
    file: '002',
    title: 'CoreWeave shows how crypto-era infrastructure quietly became AI\u2019s backbone',
    description:
      'The landscape of data centers is undergoing a significant transformation as former cryptocurrency miners pivot towards providing computing resources for artificial intelligence\u2026',
    sentiment: 'POSITIVE',
  },
] as const;

/** A scalar of the seed's YAML front matter: plain, 'single-quoted' or "double-quoted", on one line. */
function frontMatterField(text: string, field: string): string | undefined {
  const frontMatter = text.split(/^---\s*$/m)[1] ?? '';
  const line = frontMatter.split('\n').find((candidate) => candidate.startsWith(`${field}:`));
  if (line === undefined) return undefined;
  const value = line.slice(field.length + 1).trim();
  if (value.startsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (value.startsWith('"')) return JSON.parse(value) as string;
  return value;
}

describe('the seed items', () => {
  it.each(SEEDS)('seed $file, copied here: $sentiment', (seed) => {
    expect(scoreSentiment(seed.title, seed.description).label).toBe(seed.sentiment);
  });

  const hasSeeds = existsSync(seedsRoot);
  if (!hasSeeds && process.env.CI) {
    it('reads the seeds from ../shared/seeds', () => {
      throw new Error(`no seeds at ${seedsRoot}`);
    });
  } else if (!hasSeeds) {
    console.warn(`seed sentiment checks against ../shared/seeds skipped: no seeds at ${seedsRoot}`);
  }

  describe.skipIf(!hasSeeds)('read from ../shared/seeds', () => {
    it.each(SEEDS)('seed $file: its title and description score as its sentiment field says', (seed) => {
      const name = readdirSync(seedsRoot).find((file) => file.startsWith(`${seed.file}_`));
      expect(name, `a seed file ${seed.file}_*.txt`).toBeDefined();
      const text = readFileSync(path.join(seedsRoot, name!), 'utf8');
      const title = frontMatterField(text, 'title');
      const description = frontMatterField(text, 'description');
      expect(title).toBe(seed.title);
      expect(description).toBe(seed.description);
      expect(frontMatterField(text, 'sentiment')).toBe(seed.sentiment);
      expect(scoreSentiment(title!, description!).label).toBe(seed.sentiment);
    });
  });
});

describe('scoreSentiment', () => {
  it('turns a negated term around', () => {
    expect(scoreSentiment('SEC approves spot ether ETFs', '').label).toBe('POSITIVE');
    expect(scoreSentiment('SEC has not approved spot ether ETFs', '').label).toBe('NEGATIVE');
    expect(scoreSentiment('Bitcoin ETF not rejected by regulators', '').label).toBe('POSITIVE');
    expect(scoreSentiment('Bitcoin did not fall after the Fed decision', '').label).toBe('POSITIVE');
    expect(scoreSentiment('Exchange no longer supports withdrawals after hack', '').label).toBe('NEGATIVE');
    expect(scoreSentiment('Coinbase ending staking rewards for free users', '').label).toBe('NEGATIVE');
  });

  it('stops a negation at the end of its clause', () => {
    expect(scoreSentiment('Regulator says no: spot ETF approved', '').label).toBe('POSITIVE');
    expect(scoreSentiment('Regulator says no spot ETF approved', '').label).toBe('NEGATIVE');
  });

  it('leaves schedules, appointments, how-tos, questions, guides and plain prices NEUTRAL', () => {
    for (const title of [
      'Coinbase names new chief financial officer',
      'How to set up a hardware wallet',
      'What is a stablecoin? An explainer',
      'Bitcoin price today: BTC trades at $91,200',
      'Bitcoin holds at $90K ahead of Fed decision',
      'Best hardware wallets of 2025',
      'Will bitcoin reach $100K by Christmas?',
      'Black Friday deal: save 40% on a Ledger Nano X',
    ]) {
      expect(scoreSentiment(title, '').label, title).toBe('NEUTRAL');
    }
  });

  it('reads market, crypto and AI news words AFINN lacks', () => {
    expect(scoreSentiment('Token rallies 20% after listing on Binance', '').label).toBe('POSITIVE');
    expect(scoreSentiment('OpenAI raises $6.6B in new funding round', '').label).toBe('POSITIVE');
    expect(scoreSentiment('Exchange hacked for $40M as users face liquidations', '').label).toBe('NEGATIVE');
    expect(scoreSentiment('Solana outage halts block production for five hours', '').label).toBe('NEGATIVE');
    expect(scoreSentiment('Founder sentenced to 15 years over $40B collapse', '').label).toBe('NEGATIVE');
  });

  it('weighs the title above the description', () => {
    const result = scoreSentiment('Hedera tumbles 4% as altcoins suffer', 'Volume surged and the token gained on Tuesday before the drop.');
    expect(result.label).toBe('NEGATIVE');
  });

  it('gives a score in [-1, 1] whose sign is the label, and 0 for nothing to read', () => {
    expect(scoreSentiment('', '')).toEqual({ label: 'NEUTRAL', score: 0 });
    for (const headline of headlines) {
      const { label, score } = scoreSentiment(headline.title, headline.description);
      expect(score).toBeGreaterThan(-1);
      expect(score).toBeLessThan(1);
      if (label === 'POSITIVE') expect(score).toBeGreaterThan(0);
      if (label === 'NEGATIVE') expect(score).toBeLessThan(0);
    }
  });

  it('splits text into clauses of lower-case words, possessives dropped and hyphens split', () => {
    expect(clausesOf('Bitcoin’s all-time high: ETFs rally, miners don’t')).toEqual([
      ['bitcoin', 'all', 'time', 'high'],
      ['etfs', 'rally'],
      ['miners', "don't"],
    ]);
  });
});
