import { describe, expect, it } from 'vitest';
import { evaluate, figuresOf } from './evaluate.js';
import { readFreshSet } from './labelled-set.js';

/*
 * The second tuning set (test/fixtures/stories/fresh/). It was built as a held-out set: labelled
 * before the clusterer ever ran on it and scored once (event F1 0.511). Its errors were then read
 * to design the headline features (price moves, leads and kinds), and it is one of the sets stage 2
 * of test/stories/tuning.ts is tuned on: it is tuning data, and these figures are in-sample. The
 * figures that say how the features generalize are test/stories/cross-set.test.ts's.
 */
describe('the second tuning set (once the fresh held-out set)', () => {
  const fresh = readFreshSet();

  it('holds 179 English headlines of three outlets, each with an event and a story', () => {
    expect(fresh).toHaveLength(179);
    expect(new Set(fresh.map((item) => item.source.key))).toEqual(new Set(['coindesk', 'cointelegraph', 'theblock']));
    expect(new Set(fresh.map((item) => item.event)).size).toBe(143);
  });

  it('scores what docs/stories.md reports (the stream is the set itself)', () => {
    expect(figuresOf(evaluate(fresh, 'all'))).toEqual({
      event: { p: 0.895, r: 0.829, f1: 0.861, pairs: [34, 38, 41], bcubed: [0.981, 0.961, 0.971] },
      story: { p: 0.634, r: 0.369, f1: 0.466, pairs: [45, 71, 122], bcubed: [0.895, 0.867, 0.881] },
    });
  });
});
