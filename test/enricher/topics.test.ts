import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnrichmentConfigSchema } from '../../src/config/enrichment-schema.js';
import { topicDictionary } from '../../src/enricher/enrich-item.js';
import { compileTopics } from '../../src/enricher/topics.js';
import { seedFrontMatter, SEEDS } from '../helpers/seeds.js';

const topic = (terms: string[], tickers: string[] = []) => ({ terms, tickers });
const defaults = compileTopics(topicDictionary(EnrichmentConfigSchema.parse({})));

describe('topics', () => {
  it('matches terms ignoring case, as whole words, a trailing * for any ending', () => {
    const match = compileTopics(new Map([['MINING', topic(['miner*', 'hash rate'])]]));
    expect(match('Bitcoin MINERS sell')).toEqual(['MINING']);
    expect(match('the Hash-Rate climbs')).toEqual(['MINING']);
    expect(match('undermined by doubts')).toEqual([]);
  });

  it('matches tickers only as written, in capitals, with or without a $', () => {
    const match = compileTopics(new Map([['SOL', topic(['solana'], ['SOL'])]]));
    expect(match('SOL jumps 8%')).toEqual(['SOL']);
    expect(match('$SOL holders')).toEqual(['SOL']);
    expect(match('el sol de mayo')).toEqual([]);
    expect(match('SOLANA and Sol')).toEqual(['SOL']);
    expect(match('CONSOLE')).toEqual([]);
  });

  it('gives the codes in dictionary order, not in the order of the text', () => {
    const match = compileTopics(
      new Map([
        ['BTC', topic(['bitcoin'])],
        ['AI', topic([], ['AI'])],
      ]),
    );
    expect(match('AI firms buy bitcoin miners')).toEqual(['BTC', 'AI']);
  });

  it('lets the config add codes after the shipped ones, replace one in place, and drop one', () => {
    const config = EnrichmentConfigSchema.parse({
      topics: { NFT: false, BTC: { terms: ['digital gold'] }, ZK: { terms: ['zero-knowledge'], tickers: ['ZK'] } },
    });
    const dictionary = topicDictionary(config);
    const codes = [...dictionary.keys()];
    expect(codes[0]).toBe('BTC');
    expect(codes.at(-1)).toBe('ZK');
    expect(codes).not.toContain('NFT');
    const match = compileTopics(dictionary);
    expect(match('Digital gold and zero-knowledge proofs')).toEqual(['BTC', 'ZK']);
    expect(match('bitcoin')).toEqual([]);
    expect(compileTopics(topicDictionary(EnrichmentConfigSchema.parse({ defaultTopics: false })))('bitcoin and ethereum')).toEqual([]);
  });

  it('refuses a topic without terms or tickers, and a ticker in lower case', () => {
    expect(EnrichmentConfigSchema.safeParse({ topics: { X: {} } }).success).toBe(false);
    expect(EnrichmentConfigSchema.safeParse({ topics: { SOL: { tickers: ['sol'] } } }).success).toBe(false);
  });

  it('finds in the shipped dictionary the common crypto and AI subjects of real headlines', () => {
    expect(defaults('Spot bitcoin ETFs see record inflows')).toEqual(['BTC', 'ETF']);
    expect(defaults('Hackers drain $40M from Solana DeFi protocol')).toEqual(['SOL', 'DEFI', 'HACK']);
    expect(defaults('SEC approves Ethereum staking ETF')).toEqual(['ETH', 'ETF', 'DEFI', 'REGULATION']);
    expect(defaults('Nvidia chips power OpenAI’s new model')).toEqual(['CHIPS', 'AI']);
    expect(defaults('Tether mints $1B USDT')).toEqual(['STABLECOIN']);
  });
});

describe.skipIf(!SEEDS.present)('the seeds', () => {
  it("finds in each seed's title and description the topic code the seed has as its category", () => {
    const found = SEEDS.files.map((file) => {
      const seed = seedFrontMatter(readFileSync(file, 'utf8'));
      return { category: seed.category, first: defaults(`${seed.title}\n${seed.description}`)[0] };
    });
    expect(found).toEqual([
      { category: 'BTC', first: 'BTC' },
      { category: 'MINING', first: 'MINING' },
    ]);
  });
});
