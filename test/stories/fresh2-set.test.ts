import { describe, expect, it } from 'vitest';
import { readFresh2Set } from './labelled-set.js';

/*
 * The second fresh held-out set (test/fixtures/stories/fresh2/): labelled before the clusterer
 * ever ran on it. Only its shape is checked here; it is not scored by any test.
 */
describe('the second fresh held-out set', () => {
  const fresh2 = readFresh2Set();

  it('holds 178 English headlines of three outlets', () => {
    expect(fresh2).toHaveLength(178);
    expect(new Set(fresh2.map((item) => item.source.key))).toEqual(new Set(['coindesk', 'cointelegraph', 'theblock']));
    expect(fresh2.every((item) => item.split === 'fresh2' && item.lang?.startsWith('en'))).toBe(true);
  });

  it('gives every item an event and a story, 140 events in all, each event in one story', () => {
    expect(fresh2.every((item) => item.event !== '' && item.story !== '')).toBe(true);
    expect(new Set(fresh2.map((item) => item.event)).size).toBe(140);
    expect(new Set(fresh2.map((item) => item.story)).size).toBe(136);
    const storyOf = new Map<string, string>();
    for (const item of fresh2) {
      expect(storyOf.get(item.event) ?? item.story).toBe(item.story);
      storyOf.set(item.event, item.story);
    }
  });
});
