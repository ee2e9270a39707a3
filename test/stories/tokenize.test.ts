import { describe, expect, it } from 'vitest';
import { addTerms, type TermCount } from '../../src/stories/tokenize.js';

function termsOf(text: string, english = true): Map<string, TermCount> {
  const terms = new Map<string, TermCount>();
  addTerms(terms, text, 1, english);
  return terms;
}
const names = (text: string) => [...termsOf(text)].filter(([, t]) => t.entity).map(([term]) => term);

describe('the tokenizer', () => {
  it('lower-cases words, drops English stop words (even the "Do" of Do Kwon) and single letters, keeps numbers', () => {
    expect([...termsOf('Do Kwon sentenced to 15 years in prison over $40 billion collapse, a 2 x').keys()]).toEqual(['kwon', 'sentenced', '15', 'year', 'prison', '40000000000', 'collapse']);
  });

  it('keeps decimal numbers and amounts as one term, splits hyphens, drops possessives', () => {
    expect([...termsOf("OpenAI's GPT-5.2 and Strategy's $1.44B reserve").keys()]).toEqual(['openai', 'gpt', '5.2', 'strategy', '1440000000', 'reserve']);
  });

  it('writes an amount one way however it is spelt: thousands separators, scale letters, scale words', () => {
    for (const text of ['Bitcoin falls to $83,000', 'Bitcoin falls to $83K', 'Bitcoin falls to 83 thousand dollars']) expect(termsOf(text).has('83000')).toBe(true);
    expect([...termsOf('$3.8 million exploit, $3.8M hack, 1,665 BTC, 2bn, 2026').keys()]).toEqual(['3800000', 'exploit', 'hack', '1665', 'BTC'.toLowerCase(), '2000000000', '2026']);
    // Small numbers, versions and the words alone stay as they are.
    expect([...termsOf('15 years, GPT-5.2, million users').keys()]).toEqual(['15', 'year', 'gpt', '5.2', 'million', 'user']);
  });

  it('turns plurals and third persons into their stem, but leaves -ss, -us and -is words alone', () => {
    expect([...termsOf('miners approvals policies business bonus analysis launches pushes taxes').keys()]).toEqual([
      'miner',
      'approval',
      'policy',
      'business',
      'bonus',
      'analysis',
      'launch',
      'push',
      'tax',
    ]);
  });

  it('reads U.S. and US as one term, which is a name and no stop word', () => {
    const terms = termsOf('U.S. regulators and US banks');
    expect(terms.get('us')).toEqual({ count: 2, entity: true });
  });

  it('counts repeated terms with the weight given', () => {
    const terms = new Map<string, TermCount>();
    addTerms(terms, 'Tether bids for Juventus', 2, true);
    addTerms(terms, 'Tether, already a shareholder', 1, true);
    expect(terms.get('tether')?.count).toBe(3);
  });

  it('takes inner capitals and acronyms for names wherever they are', () => {
    expect(names('CoreWeave shows how the SEC and DTCC work with deBridge')).toEqual(['coreweave', 'sec', 'dtcc', 'debridge']);
  });

  it('takes a capitalized word for a name inside a sentence-case sentence, not at its start', () => {
    expect(names('Stablecoin issuer Tether moved to prevent equity sales. Bloomberg reports plans')).toEqual(['tether']);
  });

  it('does not read names from the capitals of a title-case headline', () => {
    expect(names('Crypto Firm Tether Says It Wants to Take Over Italian Football Club Juventus')).toEqual([]);
  });

  it('takes runs of capitals for shouting or a dateline, not for acronyms', () => {
    expect(names('The bubble is cracking RIGHT NOW, says the SEC')).toEqual(['sec']);
  });

  it('keeps stop words in languages other than English', () => {
    expect([...termsOf('the die and', false).keys()]).toEqual(['the', 'die', 'and']);
  });
});
