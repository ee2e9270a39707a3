import { describe, expect, it } from 'vitest';
import { canonicalLink } from '../../src/model/canonical-link.js';
import type { Item } from '../../src/model/item.js';
import { contentHash } from '../../src/store/content-hash.js';
import { planCommit, type CommitCandidate, type SeenRecord } from '../../src/store/plan-commit.js';
import { makeItem } from '../helpers/make-item.js';

const NOW = new Date('2026-01-10T12:00:00.000Z');
const EARLIER = '2025-12-01T00:00:00.000Z';
const options = { now: NOW, seenRefreshAfterMs: 10 * 86_400_000, expiresAtMs: NOW.getTime() + 1_000 };

function candidate(item: Item, seen?: SeenRecord, stored?: Item): CommitCandidate {
  return { item, itemKey: `item:s:${item.externalId}`, seenKey: `seen:s:${item.externalId}`, seen, stored };
}

function seenOf(item: Item, refreshedAt = EARLIER): SeenRecord {
  return { contentHash: contentHash(item), firstSeenAt: EARLIER, refreshedAt };
}

describe('contentHash', () => {
  it('changes with the title, description, content or link, not with dates', () => {
    const item = makeItem();
    const hash = contentHash(item);
    const redated = { ...item, publishedAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
    expect(contentHash(redated)).toBe(hash);
    for (const change of [{ title: 'x' }, { description: 'x' }, { content: 'x' }, { link: 'https://news.example/x' }]) {
      expect(contentHash({ ...item, ...change })).not.toBe(hash);
    }
  });
});

describe('planCommit', () => {
  it('adds an unseen item, indexes it to expire after the retention, and records it as seen now', () => {
    const item = makeItem();
    const plan = planCommit([candidate(item)], options);
    expect(plan.added).toEqual([item]);
    expect(plan.indexChanges).toEqual([
      { key: 'item:s:id-1', publishedMs: Date.parse(item.publishedAt), expiresMs: NOW.getTime() + 1_000, sourceKey: item.source.key, linkKey: canonicalLink(item.link) },
    ]);
    expect(plan.seenWrites[0]?.record).toEqual({
      contentHash: contentHash(item),
      firstSeenAt: NOW.toISOString(),
      refreshedAt: NOW.toISOString(),
    });
  });

  it('writes nothing for an unchanged item whose seen record is fresh', () => {
    const item = makeItem();
    const plan = planCommit([candidate(item, seenOf(item, NOW.toISOString()), item)], options);
    expect(plan).toMatchObject({ unchanged: 1, itemWrites: [], seenWrites: [], indexChanges: [] });
  });

  it('keeps the first-seen date when it refreshes a seen record', () => {
    const item = makeItem();
    const plan = planCommit([candidate(item, seenOf(item), item)], options);
    expect(plan.seenWrites[0]?.record).toMatchObject({ firstSeenAt: EARLIER, refreshedAt: NOW.toISOString() });
  });

  it('treats a live item without a seen record as seen, keeping its publishedAt on change', () => {
    const stored = makeItem();
    const changed = makeItem({ title: 'New', publishedAt: NOW.toISOString() });
    const plan = planCommit([candidate(changed, undefined, stored)], options);
    expect(plan.added).toEqual([]);
    expect(plan.updated[0]?.publishedAt).toBe(stored.publishedAt);
  });

  it('finishes (enriches) each new and each changed item before writing it, and never an unchanged one', () => {
    const finished: string[] = [];
    const finish = (item: Item): Item => {
      finished.push(item.externalId);
      return { ...item, topics: ['BTC'] };
    };
    const fresh = makeItem({ externalId: 'new' });
    const same = makeItem({ externalId: 'same' });
    const before = makeItem({ externalId: 'changed', title: 'Before' });
    const after = { ...before, title: 'After' };
    const plan = planCommit([candidate(fresh), candidate(same, seenOf(same), same), candidate(after, seenOf(before), before)], { ...options, finish });
    expect(finished).toEqual(['new', 'changed']);
    expect(plan.added.map((item) => item.topics)).toEqual([['BTC']]);
    expect(plan.updated.map((item) => [item.title, item.topics])).toEqual([['After', ['BTC']]]);
    expect(plan.itemWrites.map(({ item }) => item.topics)).toEqual([['BTC'], ['BTC']]);
    expect(plan.unchanged).toBe(1);
  });
});
