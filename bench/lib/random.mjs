/**
 * A seeded pseudo-random generator (mulberry32): the fixture must be the same bytes on every run.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes numbers into one 32-bit seed, so (seed, feed, item) each get their own stream.
 * @param {...number} parts
 */
export function mixSeed(...parts) {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return h >>> 0;
}

/**
 * @template T
 * @param {() => number} random
 * @param {readonly T[]} list
 * @returns {T}
 */
export function pick(random, list) {
  return /** @type {T} */ (list[Math.floor(random() * list.length)]);
}

/**
 * @param {() => number} random
 * @param {number} min
 * @param {number} max inclusive
 */
export function between(random, min, max) {
  return min + Math.floor(random() * (max - min + 1));
}
