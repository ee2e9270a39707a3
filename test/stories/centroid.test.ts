import { describe, expect, it } from 'vitest';
import { Centroid, toIdVector, unitVector } from '../../src/stories/centroid.js';
import { TermIds } from '../../src/stories/term-ids.js';
import { seededRandom } from '../helpers/seeded-random.js';

/**
 * The arithmetic a centroid must keep, written plainly over a Map (as centroids were once held):
 * scale, add, cut to the heaviest terms (ties: alphabetical), sums in the order the terms came.
 */
class MapCentroid {
  readonly weights = new Map<string, number>();

  add(vector: ReadonlyMap<string, number>, keep: number, maxTerms: number): void {
    if (keep !== 1) for (const [term, weight] of this.weights) this.weights.set(term, weight * keep);
    for (const [term, weight] of vector) this.weights.set(term, (this.weights.get(term) ?? 0) + weight);
    if (this.weights.size <= maxTerms) return;
    const ranked = [...this.weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [term] of ranked.slice(maxTerms)) this.weights.delete(term);
  }

  cosine(vector: ReadonlyMap<string, number>): number {
    let squares = 0;
    for (const weight of this.weights.values()) squares += weight * weight;
    const length = Math.sqrt(squares);
    if (length === 0) return 0;
    let dot = 0;
    for (const [term, weight] of vector) {
      const mine = this.weights.get(term);
      if (mine !== undefined) dot += mine * weight;
    }
    return dot / length;
  }
}

function randomVector(next: () => number, vocabulary: number): Map<string, number> {
  const weights = new Map<string, number>();
  const size = 1 + Math.floor(next() * 25);
  while (weights.size < size) weights.set(`t${Math.floor(next() * vocabulary)}`, next());
  return unitVector(weights);
}

describe('a centroid', () => {
  it('gives exactly the cosines of the same arithmetic over a Map, through adds, decay and cuts', () => {
    const next = seededRandom(7);
    const terms = new TermIds();
    const centroids = Array.from({ length: 20 }, () => ({ compact: new Centroid(terms), plain: new MapCentroid() }));
    for (let step = 0; step < 400; step++) {
      const pair = centroids[Math.floor(next() * centroids.length)]!;
      const vector = randomVector(next, 120);
      const keep = next() < 0.3 ? 0.5 ** next() : 1;
      pair.compact.add(vector, keep, 31);
      pair.plain.add(vector, keep, 31);
      const query = randomVector(next, 120);
      for (const { compact, plain } of centroids) expect(compact.cosine(toIdVector(query, terms))).toBe(plain.cosine(query));
    }
    for (const { compact, plain } of centroids) expect(compact.entries()).toEqual([...plain.weights]);
  });

  it('tells which terms came and went, a term added and cut at once being neither', () => {
    const terms = new TermIds();
    const centroid = new Centroid(terms);
    expect(
      centroid.add(
        new Map([
          ['a', 0.6],
          ['b', 0.8],
        ]),
        1,
        2,
      ),
    ).toEqual({ added: ['a', 'b'], removed: [] });
    // c outweighs a and comes in; a goes; d is added and cut in the same step.
    expect(
      centroid.add(
        new Map([
          ['c', 0.9],
          ['d', 0.1],
        ]),
        1,
        2,
      ),
    ).toEqual({ added: ['c'], removed: ['a'] });
    expect([...centroid.keys()]).toEqual(['b', 'c']);
    expect([centroid.has('b'), centroid.has('a'), centroid.has('d'), centroid.has('zzz')]).toEqual([true, false, false, false]);
  });

  it('holds each term once for its level, and lets a term go when the last centroid holding it does', () => {
    const terms = new TermIds();
    const one = new Centroid(terms, [
      ['bitcoin', 0.5],
      ['etf', 0.5],
    ]);
    const two = new Centroid(terms, [['bitcoin', 1]]);
    expect(terms.size).toBe(2);
    one.release();
    expect([terms.size, terms.idOf('etf'), one.size]).toEqual([1, -1, 0]);
    expect(two.has('bitcoin')).toBe(true);
    two.release();
    expect(terms.size).toBe(0);
    // A freed id is given to the next new term, and lookups stay right.
    const three = new Centroid(terms, [
      ['solana', 0.3],
      ['ether', 0.4],
    ]);
    expect([three.has('solana'), three.has('ether'), three.has('bitcoin')]).toEqual([true, true, false]);
    expect(three.cosine(toIdVector(new Map([['ether', 1]]), terms))).toBeCloseTo(0.8, 12);
  });

  it('finds every term of a centroid too large to pack its positions into one sort key', () => {
    const terms = new TermIds();
    // Ids given in the reverse of the terms' order, so that lookups depend on the sort by id.
    for (let i = 70_000; i > 0; i--) terms.acquire(`t${i}`);
    const entries = Array.from({ length: 70_000 }, (_, i): [string, number] => [`t${i + 1}`, 1 / (i + 1)]);
    const big = new Centroid(terms, entries);
    expect([big.has('t1'), big.has('t35000'), big.has('t70000'), big.has('t70001')]).toEqual([true, true, true, false]);
    expect(big.cosine(toIdVector(new Map([['t2', 1]]), terms))).toBeGreaterThan(0);
  });

  it('restores from its entries to the same cosines', () => {
    const next = seededRandom(11);
    const terms = new TermIds();
    const original = new Centroid(terms);
    for (let i = 0; i < 30; i++) original.add(randomVector(next, 80), 0.9, 31);
    const restoredTerms = new TermIds();
    const restored = new Centroid(restoredTerms, original.entries());
    const query = randomVector(next, 80);
    expect(restored.cosine(toIdVector(query, restoredTerms))).toBe(original.cosine(toIdVector(query, terms)));
  });
});
