import { describe, expect, it } from 'vitest';
import { compareMarks, headlineMarks } from '../../src/stories/headline-marks.js';
import { conflictingMove, priceMoveTerm } from '../../src/stories/price-moves.js';

const AT = Date.parse('2026-09-28T10:00:00.000Z');
const DAY = Math.floor(AT / 86_400_000);

describe('price moves', () => {
  it('read asset, direction and UTC day from the lead of a clause', () => {
    expect(priceMoveTerm('Bitcoin drops under $83K as liquidity hunting keeps bulls away', AT)).toBe(`~bitcoin~down~${DAY}`);
    expect(priceMoveTerm('Live updates: Bitcoin remains under pressure as Iran denies report', AT)).toBe(`~bitcoin~down~${DAY}`);
    expect(priceMoveTerm('Bitcoin briefly hits $87K as weak US jobs data sends yields lower', AT)).toBe(`~bitcoin~up~${DAY}`);
    expect(priceMoveTerm('Bitcoin stalls near $83,000 while lighter drops 17%', AT)).toBe(`~bitcoin~flat~${DAY}`);
    expect(priceMoveTerm('Bitcoin kicks off new quarter in the old $82,000-$85,000 price range', AT)).toBe(`~bitcoin~flat~${DAY}`);
  });

  it('need a price beside a verb with other senses, and read nothing else', () => {
    expect(priceMoveTerm('SEC drops lawsuit against exchange', AT)).toBeUndefined();
    expect(priceMoveTerm('Coinbase reaches deal with regulators', AT)).toBeUndefined();
    expect(priceMoveTerm('Strategy buys 1,665 bitcoin for $143 million', AT)).toBeUndefined();
  });

  it('conflict with another move of the same asset, not with the same move or another asset', () => {
    const move = `~bitcoin~up~${DAY}`;
    expect(conflictingMove(move, ['bitcoin', `~bitcoin~down~${DAY}`])).toBe(true);
    expect(conflictingMove(move, ['bitcoin', `~bitcoin~up~${DAY - 1}`])).toBe(true);
    expect(conflictingMove(move, ['bitcoin', move])).toBe(false);
    expect(conflictingMove(move, ['ether', `~ether~down~${DAY}`])).toBe(false);
  });
});

describe('headline marks', () => {
  it('are the lead term of each clause and the kinds of happening named', () => {
    expect(headlineMarks('Live updates: Bitcoin turns lower as rates rise')).toEqual(['^live', '^bitcoin']);
    expect(headlineMarks('Hyperliquid Policy Center, Circle press EU on perps')).toEqual(['^hyperliquid', '^circle']);
    expect(headlineMarks('Bitwise launches first US spot NEAR ETF')).toEqual(['^bitwise', '%launch']);
    expect(headlineMarks('US crypto ETF inflows cool after $3.3B week')).toEqual(['^us', '%flows']);
  });

  it('say two headlines are apart when neither names the other’s lead, or their kinds differ', () => {
    const terms = (title: string, words: string[]) => new Map([...words, ...headlineMarks(title)].map((term) => [term, 1]));
    const strategy = terms('Strategy buys 1,665 bitcoin', ['strategy', 'buy', '1665', 'bitcoin']);
    const strive = terms('Strive pushes bitcoin holdings above 27,400 BTC with latest purchase', ['strive', 'push', 'bitcoin', 'holding', 'purchase']);
    expect(compareMarks(strive, strategy)).toEqual({ leadsApart: true, kindsApart: false });
    const launch = terms('Bitwise launches first US spot NEAR ETF', ['bitwise', 'launch', 'us', 'spot', 'near', 'etf']);
    const flows = terms('US crypto ETF inflows cool', ['us', 'crypto', 'etf', 'inflow', 'cool']);
    expect(compareMarks(launch, flows)).toEqual({ leadsApart: false, kindsApart: true });
  });
});
