import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { knownItemsForJob, knownItemsToKeep, oldestCommitMs } from '../../src/pipeline/known-items-record.js';
import { refreshSource, type PipelineDeps } from '../../src/pipeline/refresh-source.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { VERSION } from '../../src/version.js';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import type { FeedServer } from '../helpers/feed-server.js';
import { openRefreshRig, type RefreshRig, wireStories as range, wireStory as story } from '../helpers/refresh-rig.js';

const DAY = 86_400_000;
const T0 = new Date('2026-01-05T12:00:00.000Z');

describe('a poll of a document that was polled before', () => {
  let rig: RefreshRig;
  let server: FeedServer;
  let store: ItemStore;
  let clock: Date;

  const configOf = (source: Record<string, unknown> = {}): Config =>
    parseConfig('test', JSON.stringify({ output: { title: 't', id: 'urn:t' }, sources: [{ key: 'wire', name: 'Wire', url: server.url('/feed'), ...source }] }));
  const depsOf = (config: Config): PipelineDeps => rig.depsOf(config, () => clock);
  const poll = (items: FactoryItem[], config = configOf()) => {
    server.route('/feed', { body: rssFeed('Wire', items) });
    return refreshSource(config.sources[0]!, config, depsOf(config), { force: true });
  };
  const lastPolled = () => rig.lastLogged('polled');

  beforeEach(async () => {
    rig = await openRefreshRig('tributary-known-');
    ({ server, store } = rig);
    clock = T0;
  });
  afterEach(() => rig.close());

  it('normalizes and commits only the items new or changed at the source, and still updates the changed one', async () => {
    expect(await poll(range(1, 40))).toMatchObject({ status: 'changed', added: 40 });
    expect(lastPolled()).toMatchObject({ items: 40, normalized: 40, added: 40 });

    clock = new Date(T0.getTime() + 3_600_000);
    const resent = [story(42), story(41), ...range(1, 40).map((item) => (item.guid === 's-7' ? story(7, 'Story 7, corrected') : item))];
    expect(await poll(resent)).toMatchObject({ status: 'changed', added: 2, updated: 1 });
    expect(lastPolled()).toMatchObject({ items: 42, normalized: 3, added: 2, updated: 1 });
    const titles = (await store.newestItems(100)).map((item) => item.title);
    expect(titles).toHaveLength(42);
    expect(titles).toContain('Story 7, corrected');
    expect(titles).not.toContain('Story 7 of the wire');
  });

  it('normalizes every item again when the source is renamed', async () => {
    await poll(range(1, 5));
    clock = new Date(T0.getTime() + 3_600_000);
    await poll(range(1, 6), configOf({ name: 'The Wire' }));
    expect(lastPolled()).toMatchObject({ items: 6, normalized: 6, added: 1 });
  });

  it('takes a known item through the commit again once half the seen retention has passed since it last went through', async () => {
    await poll(range(1, 5));
    clock = new Date(T0.getTime() + 182 * DAY);
    await poll(range(1, 6));
    expect(lastPolled()).toMatchObject({ items: 6, normalized: 1, added: 1 });
    clock = new Date(T0.getTime() + 183 * DAY);
    await poll(range(1, 7));
    // Items 1–5 went through 183 days ago: past half of 365. Item 6, a day ago, is still skipped.
    expect(lastPolled()).toMatchObject({ items: 7, normalized: 6, added: 1, updated: 0 });
  });

  it('keeps, in the store, what the last commit took of the document, rewritten only when it changes', async () => {
    await poll(range(1, 3));
    const first = await store.knownItems('wire');
    expect(first?.items.map(([, externalId, atMs]) => [externalId, atMs])).toEqual(['s-1', 's-2', 's-3'].map((id) => [id, T0.getTime()]));
    const later = new Date(T0.getTime() + 60_000);
    clock = later;
    await poll([...range(1, 3)].reverse());
    // The same items in another order: a new record, the dates of the known ones kept.
    expect((await store.knownItems('wire'))?.items.map(([, externalId, atMs]) => [externalId, atMs])).toEqual(['s-3', 's-2', 's-1'].map((id) => [id, T0.getTime()]));
    const record = await store.knownItems('wire');
    expect(
      knownItemsToKeep(
        record,
        {
          type: 'RSS',
          unparsed: 0,
          normalized: {
            feed: {} as never,
            items: [],
            rejected: [],
            contentCut: [],
            digest: record!.digest,
            fingerprints: record!.items.map(([fingerprint, externalId, , raw]) => ({ fingerprint, externalId, known: true, raw })),
          },
        },
        later.getTime(),
      ),
    ).toBeUndefined();
  });

  it('offers for skipping only the known items that this version went through less than the given time ago', () => {
    const record = { version: VERSION, digest: 'd', items: [['old', 'a', 0] as [string, string, number], ['new', 'b', 900] as [string, string, number]] };
    expect([...knownItemsForJob(record, 1000, 500)!.items]).toEqual([['new', 'b']]);
    expect(knownItemsForJob({ ...record, version: '0.0.0-another' }, 1000, 500)).toBeUndefined();
    expect(knownItemsForJob(undefined, 1000, 500)).toBeUndefined();
  });

  it('tells when the item of a record that went through a commit longest ago did so, and now for a record without items', () => {
    const record = { version: VERSION, digest: 'd', items: [['new', 'b', 900] as [string, string, number], ['old', 'a', 300] as [string, string, number]] };
    expect(oldestCommitMs(record, 1000)).toBe(300);
    expect(oldestCommitMs({ ...record, items: [] }, 1000)).toBe(1000);
    expect(oldestCommitMs(undefined, 1000)).toBe(1000);
  });
});
