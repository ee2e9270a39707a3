import { describe, expect, it } from 'vitest';
import { TermStats } from '../../src/stories/term-stats.js';

const DAY = 86_400_000;

describe('the term statistics', () => {
  it('weigh a term by ln(1 + documents / documents holding it)', () => {
    const stats = new TermStats(14 * DAY, 100);
    stats.addDocument(['bitcoin', 'etf'], 0);
    stats.addDocument(['bitcoin', 'miner'], 0);
    expect(stats.idf('bitcoin', 0)).toBeCloseTo(Math.log(2), 12);
    expect(stats.idf('etf', 0)).toBeCloseTo(Math.log(3), 12);
    expect(stats.idf('unseen', 0)).toBeCloseTo(Math.log(3), 12);
  });

  it('let counts fade with their half-life', () => {
    const stats = new TermStats(14 * DAY, 100);
    stats.addDocument(['coreweave'], 0);
    stats.addDocument(['juventus'], 14 * DAY);
    // Documents: 1 halved + 1 = 1.5; coreweave: 0.5, no lower than 1 in the formula.
    expect(stats.idf('juventus', 14 * DAY)).toBeCloseTo(Math.log(1 + 1.5), 12);
    expect(stats.isRare('coreweave', 14 * DAY, 0.02, 0.4)).toBe(false);
    expect(stats.isRare('coreweave', 28 * DAY, 0.02, 0.4)).toBe(true);
  });

  it('count a document dated before the latest one as the latest', () => {
    const stats = new TermStats(14 * DAY, 100);
    stats.addDocument(['a'], 14 * DAY);
    stats.addDocument(['b'], 0);
    expect(stats.toState().documents).toEqual([2, 14 * DAY]);
  });

  it('keep at most their cap, dropping the least frequent terms first, ties alphabetically last first', () => {
    const stats = new TermStats(14 * DAY, 10);
    stats.addDocument(['common', 'k01', 'k02', 'k03', 'k04', 'k05'], 0);
    stats.addDocument(['common', 'k06', 'k07', 'k08', 'k09', 'k10'], 0);
    // 11 terms > 10: down to 9, the five dropped among the singles are the alphabetically last.
    expect(stats.size).toBe(9);
    expect(stats.toState().terms.map(([term]) => term)).toEqual(['common', 'k01', 'k02', 'k03', 'k04', 'k05', 'k06', 'k07', 'k08']);
  });

  it('come back from their state unchanged', () => {
    const stats = new TermStats(14 * DAY, 100);
    stats.addDocument(['a', 'b'], 0);
    stats.addDocument(['b', 'c'], 3 * DAY);
    const copy = TermStats.fromState(JSON.parse(JSON.stringify(stats.toState())), 14 * DAY, 100);
    expect(copy.toState()).toEqual(stats.toState());
    expect(copy.idf('b', 5 * DAY)).toBe(stats.idf('b', 5 * DAY));
  });
});
