#!/usr/bin/env node
// Rebuilds a fresh held-out set of the story clusterer, test/fixtures/stories/<set>/labelled.json, from the items
// transcribed in test/fixtures/stories/<set>/captures.tsv and the hand-written labels in
// test/fixtures/stories/<set>/labels.tsv. The sets are `fresh` (the default), `fresh2` and `fresh3`. The captures are not
// feeds (daily JSON snapshots of three outlets' headlines, see the README beside them), so the parser has nothing to
// read; the enricher's language detection and topic matcher are applied as the daemon would. Every item's `split` is
// the set's name. Reads the project's built stages: run `npm run build` first.
//   node scripts/build-story-fresh-fixtures.mjs [set]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SETS = ['fresh', 'fresh2', 'fresh3'];
const set = process.argv[2] ?? 'fresh';
if (!SETS.includes(set)) throw new Error(`unknown set ${set}: one of ${SETS.join(', ')}`);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = path.join(projectRoot, 'test/fixtures/stories', set);
const dist = path.join(projectRoot, 'dist/src');
if (!existsSync(path.join(dist, 'enricher/detect-language.js'))) throw new Error('no build in dist/: run `npm run build` first');

const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
const { detectLanguage } = await load('enricher/detect-language.js');
const { compileTopics } = await load('enricher/topics.js');
const { DEFAULT_TOPICS } = await load('enricher/default-topics.js');
const matchTopics = compileTopics(new Map(DEFAULT_TOPICS));

/** The outlets, with the source key and the language their own feeds declare (as in the tuning set's labelled.json). */
const SOURCES = {
  CoinDesk: { key: 'coindesk', name: 'CoinDesk', declared: 'en-US' },
  Cointelegraph: { key: 'cointelegraph', name: 'Cointelegraph', declared: 'en' },
  'The Block': { key: 'theblock', name: 'The Block', declared: 'en-US' },
};

const rows = (file) =>
  readFileSync(path.join(folder, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'));

const captures = rows('captures.tsv').map(([id, snapshot, commit, outlet, time, title, link]) => {
  if (!link || !SOURCES[outlet]) throw new Error(`captures.tsv: a line without all fields or of an unknown outlet: ${id}`);
  return { id, snapshot, commit, outlet, time, title, link };
});
const linkCount = new Map();
for (const capture of captures) linkCount.set(capture.link, (linkCount.get(capture.link) ?? 0) + 1);

/** "MM-DD HH:MM" in Korea Standard Time (UTC+9, no daylight saving), in 2026, as an ISO instant. */
function publishedAt(time) {
  const match = /^(\d\d)-(\d\d) (\d\d):(\d\d)$/.exec(time);
  if (!match) throw new Error(`captures.tsv: a time not "MM-DD HH:MM": ${time}`);
  const [, month, day, hour, minute] = match.map(Number);
  return new Date(Date.UTC(2026, month - 1, day, hour - 9, minute)).toISOString();
}

const labels = new Map();
for (const [id, event, story] of rows('labels.tsv')) {
  if (!id || !event || !story) throw new Error(`labels.tsv: a line without id, event and story: ${id}`);
  if (labels.has(id)) throw new Error(`labels.tsv: ${id} labelled twice`);
  labels.set(id, { event, story });
}

const items = captures.map((capture) => {
  const label = labels.get(capture.id);
  if (!label) throw new Error(`labels.tsv: no label for ${capture.id}`);
  const source = SOURCES[capture.outlet];
  // A link listed on several days (Cointelegraph's daily recap keeps one URL) is one item per day.
  const externalId = linkCount.get(capture.link) > 1 ? `${capture.link}#${capture.snapshot}` : capture.link;
  const title = capture.title.replace(/\s+/g, ' ').trim();
  const lang = detectLanguage({ title, description: '', declared: source.declared });
  const hash = createHash('sha256').update(`${source.key}\n${externalId}`).digest('hex');
  return {
    id: hash.slice(0, 10),
    split: set,
    externalId,
    title,
    description: '',
    publishedAt: publishedAt(capture.time),
    ...(lang === undefined ? {} : { lang }),
    source: { key: source.key, name: source.name },
    topics: matchTopics(title),
    origin: `totoya21/coin-daily@${capture.commit}:data/snapshots/${capture.snapshot}.json`,
    ...label,
  };
});
if (labels.size !== items.length) throw new Error('labels.tsv: labels of no item');
if (new Set(items.map((item) => item.id)).size !== items.length) throw new Error('two items share an id');
const storyOfEvent = new Map();
for (const item of items) {
  if (storyOfEvent.has(item.event) && storyOfEvent.get(item.event) !== item.story) throw new Error(`event ${item.event} is in two stories`);
  storyOfEvent.set(item.event, item.story);
}
items.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.source.key.localeCompare(b.source.key) || a.externalId.localeCompare(b.externalId));
writeFileSync(path.join(folder, 'labelled.json'), `{\n"rule": "test/fixtures/stories/README.md",\n"items": [\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]\n}\n`);
const count = (key) => new Set(items.map((item) => item[key])).size;
console.log(`${set}: ${items.length} items, ${count('event')} events, ${count('story')} stories`);
