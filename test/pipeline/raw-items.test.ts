import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { refreshSource, type PipelineDeps } from '../../src/pipeline/refresh-source.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import type { FeedServer } from '../helpers/feed-server.js';
import type { CapturedLog } from '../helpers/log-capture.js';
import { openRefreshRig, type RefreshRig, wireStories as range, wireStory as story } from '../helpers/refresh-rig.js';

const T0 = new Date('2026-01-05T12:00:00.000Z');
/** The document as a news site resends it: newest first, with the date it was built. */
const documentOf = (items: FactoryItem[], built: Date) => rssFeed('Wire', items).replace('</description>', `</description>\n    <lastBuildDate>${built.toUTCString()}</lastBuildDate>`);

describe('a poll of a resent document, known items left out of the parse', () => {
  let rig: RefreshRig;
  let server: FeedServer;
  let store: ItemStore;
  let log: CapturedLog;
  let clock: Date;

  const configOf = (extra: Record<string, unknown> = {}): Config =>
    parseConfig('test', JSON.stringify({ output: { title: 't', id: 'urn:t' }, sources: [{ key: 'wire', name: 'Wire', url: server.url('/feed') }], ...extra }));
  const depsOf = (config: Config): PipelineDeps => rig.depsOf(config, () => clock);
  const poll = (items: FactoryItem[], config = configOf()) => {
    server.route('/feed', { body: documentOf(items, clock) });
    return refreshSource(config.sources[0]!, config, depsOf(config), { force: true });
  };
  const later = (hours: number) => (clock = new Date(T0.getTime() + hours * 3_600_000));
  const lastPolled = () => rig.lastLogged('polled');

  beforeEach(async () => {
    rig = await openRefreshRig('tributary-raw-');
    ({ server, store, log } = rig);
    clock = T0;
  });
  afterEach(() => rig.close());

  it('parses only the two new items of a resent document of 40, and records every item as a full parse would', async () => {
    await poll(range(1, 40));
    expect(lastPolled()).toMatchObject({ items: 40, unparsed: 0, normalized: 40, added: 40 });
    const first = await store.knownItems('wire');
    expect(first?.items.every((entry) => typeof entry[3] === 'string')).toBe(true);

    later(1);
    expect(await poll([story(42), story(41), ...range(1, 38)])).toMatchObject({ status: 'changed', added: 2, updated: 0 });
    expect(lastPolled()).toMatchObject({ items: 40, unparsed: 38, normalized: 2, added: 2 });
    const second = await store.knownItems('wire');
    expect(second?.items.map(([, externalId]) => externalId)).toEqual(['s-42', 's-41', ...range(1, 38).map((item) => item.guid)]);
    // The known items keep their fingerprint, date and raw hash from the first poll.
    const firstOf = new Map(first!.items.map((entry) => [entry[1], entry]));
    expect(second!.items.slice(2)).toEqual(range(1, 38).map((item) => firstOf.get(item.guid!)));
  });

  it('parses and updates an item edited at the source, whose raw hash is new', async () => {
    await poll(range(1, 40));
    later(1);
    const edited = range(1, 40).map((item) => (item.guid === 's-7' ? story(7, 'Story 7, corrected') : item));
    expect(await poll([story(41), ...edited])).toMatchObject({ status: 'changed', added: 1, updated: 1 });
    expect(lastPolled()).toMatchObject({ items: 41, unparsed: 39, normalized: 2, added: 1, updated: 1 });
    const titles = (await store.newestItems(100)).map((item) => item.title);
    expect(titles).toContain('Story 7, corrected');
    expect(titles).not.toContain('Story 7 of the wire');
  });

  it('normalizes every item again when a setting changes (items.descriptionLength), though the items are known as written', async () => {
    await poll(range(1, 10));
    later(1);
    await poll(range(1, 11), configOf({ items: { descriptionLength: 40 } }));
    expect(lastPolled()).toMatchObject({ items: 11, unparsed: 0, normalized: 11, added: 1, updated: 10 });
    later(2);
    await poll(range(1, 12), configOf({ items: { descriptionLength: 40 } }));
    expect(lastPolled()).toMatchObject({ items: 12, unparsed: 11, normalized: 1, added: 1 });
  });

  it('takes a document whose items are all known as a poll with nothing new, not as an empty document', async () => {
    await poll(range(1, 10));
    later(1);
    expect(await poll(range(1, 10))).toMatchObject({ status: 'unchanged', added: 0, updated: 0 });
    expect(lastPolled()).toMatchObject({ items: 10, unparsed: 10, normalized: 0 });
    expect(log.lines().filter((line) => line.level >= 40)).toEqual([]);
    expect((await store.knownItems('wire'))?.items).toHaveLength(10);
  });

  it('parses whole the first document after a record without raw hashes (written by an older version), then leaves known items out', async () => {
    await poll(range(1, 10));
    const record = (await store.knownItems('wire'))!;
    const older = { ...record, items: record.items.map(([fingerprint, externalId, atMs]): [string, string, number] => [fingerprint, externalId, atMs]) };
    await store.commit('wire', [], (await store.getState('wire'))!, clock, { knownItems: older });
    later(1);
    await poll(range(1, 11));
    expect(lastPolled()).toMatchObject({ items: 11, unparsed: 0, normalized: 1, added: 1 });
    later(2);
    await poll(range(1, 12));
    expect(lastPolled()).toMatchObject({ items: 12, unparsed: 11, normalized: 1, added: 1 });
  });
});
