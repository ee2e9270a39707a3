#!/usr/bin/env node
// Rebuilds test/fixtures/stories/labelled.json from the captures named in
// test/fixtures/stories/README.md and the hand-written labels in test/fixtures/stories/labels.tsv.
// Reads the project's built stages: run `npm run build` first.
//   node scripts/build-story-fixtures.mjs [corpus folder]          (default ../shared/corpus)
//   node scripts/build-story-fixtures.mjs --list [corpus folder]   items without labels, for labelling
// Also rewrites test/fixtures/stories/seeds.json from ../shared/seeds (the README says how).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const listOnly = args.includes('--list');
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusRoot = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? path.join(projectRoot, '../shared/corpus'));
const fixtures = path.join(projectRoot, 'test/fixtures/stories');
const dist = path.join(projectRoot, 'dist/src');
if (!existsSync(path.join(dist, 'normalizer/normalize-feed.js'))) throw new Error('no build in dist/: run `npm run build` first');
if (!existsSync(corpusRoot)) throw new Error(`no corpus at ${corpusRoot}`);

const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
const { decodeBody } = await load('fetcher/decode-body.js');
const { parseFeed } = await load('parser/parse-feed.js');
const { normalizeFeed } = await load('normalizer/normalize-feed.js');
const { detectLanguage } = await load('enricher/detect-language.js');
const { compileTopics } = await load('enricher/topics.js');
const { DEFAULT_TOPICS } = await load('enricher/default-topics.js');

const DESCRIPTION_CHARS = 300;
const NOW = new Date('2026-12-01T00:00:00.000Z');
const matchTopics = compileTopics(new Map(DEFAULT_TOPICS));

/** The captures, in the README's order: [path under the corpus, source key, source name]. */
const CAPTURES = [
  ['real/syspulse-skel-ext3/sentry-news/rss/coindesk.rss', 'coindesk', 'CoinDesk'],
  ['real/syspulse-skel-ext3/sentry-news/rss/coingtelegraph-all.rss', 'cointelegraph', 'Cointelegraph'],
  ['real/syspulse-skel-ext3/sentry-news/rss/decrypt.rss', 'decrypt', 'Decrypt'],
  ['real/syspulse-skel-ext3/sentry-news/rss/theblock.rss', 'theblock', 'The Block'],
  ['real/syspulse-skel-ext3/sentry-news/rss/prnews-news-releases-list.rss', 'prnewswire', 'PR Newswire'],
  ['real/syspulse-skel-ext3/sentry-news/reddit/reddit-1.xml', 'reddit-howtogeek', 'howtogeek.com on reddit'],
  ['rsparser/Tests/RSParserTests/Resources/DaringFireball.rss', 'daringfireball', 'Daring Fireball'],
  ['rsparser/Tests/RSParserTests/Resources/DaringFireball.atom', 'daringfireball', 'Daring Fireball'],
  ['rsparser/Tests/RSParserTests/Resources/scriptingNews.rss', 'scriptingnews', 'Scripting News'],
];

/** At most `max` characters, cut at a word boundary with an ellipsis. */
function cut(text, max) {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

const hashOf = (key, externalId) => createHash('sha256').update(`${key}\n${externalId}`).digest('hex');

async function itemsOf([relative, key, name]) {
  const file = path.join(corpusRoot, relative);
  const feedUrl = `https://corpus.invalid/${relative}`;
  const parsed = await parseFeed(decodeBody(readFileSync(file)).text, { sourceKey: key, url: feedUrl });
  const context = { source: { key, name, tags: [] }, type: parsed.type, feedUrl, now: NOW };
  return normalizeFeed(parsed, context, { maxItems: Number.MAX_SAFE_INTEGER }).items.map((item) => {
    const description = cut(item.description, DESCRIPTION_CHARS);
    const lang = detectLanguage({ title: item.title, description: item.description, content: item.content, declared: item.lang });
    const topics = matchTopics(`${item.title}\n${item.description}`);
    const hash = hashOf(key, item.externalId);
    return {
      id: hash.slice(0, 10),
      split: Number.parseInt(hash[0], 16) % 2 === 0 ? 'tune' : 'holdout',
      externalId: item.externalId,
      title: item.title,
      description,
      publishedAt: item.publishedAt,
      ...(lang === undefined ? {} : { lang }),
      source: { key, name },
      topics,
      origin: relative,
    };
  });
}

const items = [];
for (const capture of CAPTURES) items.push(...(await itemsOf(capture)));
items.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.source.key.localeCompare(b.source.key) || a.externalId.localeCompare(b.externalId));
if (new Set(items.map((item) => item.id)).size !== items.length) throw new Error('two items share an id: lengthen it');

if (listOnly) {
  for (const item of items) console.log([item.id, item.publishedAt.slice(0, 16), item.source.key, item.title, item.description.slice(0, 160)].join('\t'));
  process.exit(0);
}

/** labels.tsv: `id <tab> event <tab> story <tab> headline` (the headline only helps the reader); `#` starts a comment line. */
const labels = new Map();
for (const line of readFileSync(path.join(fixtures, 'labels.tsv'), 'utf8').split('\n')) {
  if (line.trim() === '' || line.startsWith('#')) continue;
  const [id, event, story] = line.split('\t');
  if (!id || !event || !story) throw new Error(`labels.tsv: a line without id, event and story: ${line}`);
  if (labels.has(id)) throw new Error(`labels.tsv: ${id} labelled twice`);
  labels.set(id, { event, story });
}
const missing = items.filter((item) => !labels.has(item.id));
if (missing.length > 0) throw new Error(`labels.tsv: ${missing.length} items without a label, first ${missing[0].id} ${missing[0].title}`);
const unknown = [...labels.keys()].filter((id) => !items.some((item) => item.id === id));
if (unknown.length > 0) throw new Error(`labels.tsv: labels of no item: ${unknown.join(', ')}`);
const storyOfEvent = new Map();
for (const item of items) {
  const { event, story } = labels.get(item.id);
  if (storyOfEvent.has(event) && storyOfEvent.get(event) !== story) throw new Error(`labels.tsv: event ${event} is in two stories`);
  storyOfEvent.set(event, story);
}

const labelled = items.map((item) => ({ ...item, ...labels.get(item.id) }));
const body = `{\n"rule": "test/fixtures/stories/README.md",\n"items": [\n${labelled.map((item) => JSON.stringify(item)).join(',\n')}\n]\n}\n`;
writeFileSync(path.join(fixtures, 'labelled.json'), body);
writeFileSync(path.join(fixtures, 'seeds.json'), seedItems());

/** The top-level scalars of a front matter block (plain, single- or double-quoted). */
function frontMatter(text) {
  const end = text.indexOf('\n---', 4);
  const fields = {};
  for (const line of text.slice(4, end).split('\n')) {
    const match = /^([A-Za-z]+): (.+)$/.exec(line);
    if (!match) continue;
    let value = match[2];
    if (value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1).replace(/''/g, "'");
    else if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    fields[match[1]] = value;
  }
  return fields;
}

function seedItems() {
  const seedsDir = path.join(projectRoot, '../shared/seeds');
  const file = (prefix) =>
    readFileSync(
      path.join(
        seedsDir,
        readdirSync(seedsDir).find((name) => name.startsWith(prefix)),
      ),
      'utf8',
    );
  const items = [];
  const add = (seed, fields) => {
    const lang = detectLanguage({ title: fields.title, description: fields.description, declared: fields.lang });
    items.push({ seed, ...fields, description: cut(fields.description, DESCRIPTION_CHARS), ...(lang === undefined ? {} : { lang }), topics: matchTopics(`${fields.title}\n${fields.description}`) });
  };
  for (const seed of ['000', '002']) {
    const text = file(seed);
    const fm = frontMatter(text);
    const source = { key: /\n {2}key: (.+)/.exec(text)[1].trim(), name: /\n {2}name: (.+)/.exec(text)[1].trim() };
    // 000's description ends in "â€¦", an ellipsis decoded as windows-1252: put back as "…".
    const description = fm.description.replace(/\u00e2\u20ac\u00a6/g, '…');
    add(seed, { externalId: fm.externalId, title: fm.title, description, publishedAt: fm.publishedAt, lang: fm.lang, source });
  }
  const lines001 = file('001').split('\n');
  add('001', { externalId: 'seed-001', title: lines001[1].trim(), description: lines001[2].trim(), publishedAt: '2025-10-31T12:00:00.000Z', source: { key: 'seed-001', name: 'seed 001' } });
  const fm003 = frontMatter(file('003'));
  add('003', { externalId: fm003.slug, title: fm003.title, description: fm003.excerpt, publishedAt: '2025-11-11T00:00:00.000Z', source: { key: 'seed-003', name: 'seed 003' } });
  const paragraph004 = file('004').split('\n')[0].trim();
  add('004', {
    externalId: 'seed-004',
    title: paragraph004.slice(0, paragraph004.indexOf('. ') + 1),
    description: paragraph004,
    publishedAt: '2025-10-29T12:00:00.000Z',
    source: { key: 'seed-004', name: 'seed 004' },
  });
  items.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
  return `{\n"rule": "test/fixtures/stories/README.md (The seeds)",\n"items": [\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]\n}\n`;
}

const count = (split) => labelled.filter((item) => split === undefined || item.split === split);
const groups = (list, key) => new Set(list.map((item) => item[key])).size;
for (const split of [undefined, 'tune', 'holdout']) {
  const list = count(split);
  console.log(`${split ?? 'all'}: ${list.length} items, ${groups(list, 'event')} events, ${groups(list, 'story')} stories`);
}
