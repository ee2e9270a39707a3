#!/usr/bin/env node
// Rebuilds test/fixtures/language/{agreeing,mismatched}.json from the shared corpus, by the rule in
// test/fixtures/language/README.md. Reads the project's built stages: run `npm run build` first.
//   node scripts/build-language-fixtures.mjs [corpus folder]   (default ../shared/corpus)
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusRoot = path.resolve(process.argv[2] ?? path.join(projectRoot, '../shared/corpus'));
const outDir = path.join(projectRoot, 'test/fixtures/language');
const dist = path.join(projectRoot, 'dist/src');
if (!existsSync(path.join(dist, 'normalizer/normalize-feed.js'))) throw new Error('no build in dist/: run `npm run build` first');
if (!existsSync(corpusRoot)) throw new Error(`no corpus at ${corpusRoot}`);

const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
const { decodeBody } = await load('fetcher/decode-body.js');
const { parseFeed } = await load('parser/parse-feed.js');
const { normalizeFeed } = await load('normalizer/normalize-feed.js');
const { toPlainText } = await load('normalizer/text.js');

const TITLE_CHARS = 300;
const CONTENT_CHARS = 600;
const PER_DOCUMENT = 30;
const NOW = new Date('2026-01-01T00:00:00.000Z');

/** eld's 60 languages and the script each is written in. */
const SCRIPT_OF_LANGUAGE = {
  ...Object.fromEntries('az ca cs da de en es et eu fi fr hr hu is it lt lv ms nl no pl pt ro sk sl sq sv tl tr vi yo'.split(' ').map((l) => [l, 'Latin'])),
  ...Object.fromEntries('be bg ru sr uk'.split(' ').map((l) => [l, 'Cyrillic'])),
  ...Object.fromEntries('ar fa ku ur'.split(' ').map((l) => [l, 'Arabic'])),
  ...Object.fromEntries('hi mr'.split(' ').map((l) => [l, 'Devanagari'])),
  el: 'Greek',
  he: 'Hebrew',
  th: 'Thai',
  ko: 'Hangul',
  ja: 'Jpan',
  zh: 'Hani',
  kn: 'Kannada',
  bn: 'Bengali',
  gu: 'Gujarati',
  pa: 'Gurmukhi',
  or: 'Oriya',
  ta: 'Tamil',
  te: 'Telugu',
  ml: 'Malayalam',
  ka: 'Georgian',
  hy: 'Armenian',
  am: 'Ethiopic',
  lo: 'Lao',
};
const MISMATCH_LABEL = { Jpan: 'ja', Hani: 'zh', Hangul: 'ko', Cyrillic: 'ru' };

const SCRIPTS = [...new Set(Object.values(SCRIPT_OF_LANGUAGE))].filter((s) => s !== 'Jpan' && s !== 'Hani');
const SCRIPT_PATTERNS = SCRIPTS.map((name) => [name, new RegExp(`^\\p{Script=${name}}$`, 'u')]);
const HAN = /^\p{Script=Han}$/u;
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const LETTER = /^\p{L}$/u;

/** The script of a text by rule 3 of the README, or undefined (no letters, or no script holds half of them). */
function scriptOf(text) {
  const counts = new Map();
  let letters = 0;
  let kana = 0;
  for (const char of text) {
    if (!LETTER.test(char)) continue;
    letters += 1;
    let script = 'other';
    if (HAN.test(char)) script = 'CJK';
    else if (KANA.test(char)) {
      script = 'CJK';
      kana += 1;
    } else {
      for (const [name, pattern] of SCRIPT_PATTERNS) {
        if (pattern.test(char)) {
          script = name;
          break;
        }
      }
    }
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  if (letters === 0) return undefined;
  const [script, count] = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (count * 2 < letters || script === 'other') return undefined;
  if (script === 'CJK') return kana * 10 >= count ? 'Jpan' : 'Hani';
  return script;
}

// The corpus documents, as test/corpus/corpus-files.ts lists them.
const FEED_EXTENSIONS = new Set(['.xml', '.rss', '.atom', '.rdf', '.json']);
function isReferenceOutput(relative) {
  return relative.endsWith('/expectations.json') || relative === 'expectations.json' || relative.endsWith('.serde.json') || /(^|\/)rss-parser\/test\/output\/[^/]+\.json$/.test(relative);
}
function startsLikeADocument(file) {
  const buffer = Buffer.alloc(512);
  const fd = openSync(file, 'r');
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const head = buffer
      .subarray(0, length)
      .toString('latin1')
      .replace(/^(\xEF\xBB\xBF|\s)+/, '');
    return head.startsWith('<') || head.startsWith('{');
  } finally {
    closeSync(fd);
  }
}
function listCorpusDocuments(root) {
  const files = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (isReferenceOutput(relative)) continue;
    const extension = path.extname(entry.name).toLowerCase();
    if (FEED_EXTENSIONS.has(extension) || (extension === '' && startsLikeADocument(file))) files.push(file);
  }
  return files.sort();
}

async function itemsOf(file) {
  const origin = path.relative(corpusRoot, file).split(path.sep).join('/');
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return [];
    }
  }
  const feedUrl = `https://corpus.invalid/${origin}`;
  let parsed;
  try {
    parsed = await parseFeed(decodeBody(bytes).text, { sourceKey: 'corpus', url: feedUrl });
  } catch {
    return [];
  }
  const context = { source: { key: 'corpus', name: 'corpus', tags: [] }, type: parsed.type, feedUrl, now: NOW };
  return normalizeFeed(parsed, context, { maxItems: Number.MAX_SAFE_INTEGER }).items.map((item) => {
    const content = item.content === undefined ? '' : toPlainText(item.content, CONTENT_CHARS).slice(0, CONTENT_CHARS);
    return {
      origin,
      declared: item.lang,
      title: item.title.slice(0, TITLE_CHARS),
      description: item.description,
      ...(content ? { content: escapeHtml(content) } : {}),
    };
  });
}

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function hashOf(item) {
  return createHash('sha256').update(`${item.title}\n${item.description}`).digest('hex');
}

const sets = { agreeing: [], mismatched: [] };
const seen = { agreeing: new Set(), mismatched: new Set() };
const counts = { documents: 0, withItems: 0, items: 0, declared: 0, unknownLanguage: 0, noScript: 0 };
for (const file of listCorpusDocuments(corpusRoot)) {
  counts.documents += 1;
  const items = await itemsOf(file);
  if (items.length > 0) counts.withItems += 1;
  const taken = { agreeing: 0, mismatched: 0 };
  for (const item of items) {
    counts.items += 1;
    if (item.declared === undefined) continue;
    counts.declared += 1;
    const primary = item.declared.split('-')[0];
    const declaredScript = SCRIPT_OF_LANGUAGE[primary];
    if (declaredScript === undefined) {
      counts.unknownLanguage += 1;
      continue;
    }
    const script = scriptOf(`${item.title} ${item.description}`);
    if (script === undefined) {
      counts.noScript += 1;
      continue;
    }
    let set;
    let label;
    if (script === declaredScript) [set, label] = ['agreeing', primary];
    else if (primary === 'en' && MISMATCH_LABEL[script]) [set, label] = ['mismatched', MISMATCH_LABEL[script]];
    else continue;
    const key = `${item.title} ${item.description}`.replace(/\s+/g, ' ').trim();
    if (seen[set].has(key) || taken[set] >= PER_DOCUMENT) continue;
    seen[set].add(key);
    taken[set] += 1;
    const hash = hashOf(item);
    sets[set].push({
      id: hash.slice(0, 12),
      split: Number.parseInt(hash[0], 16) % 2 === 0 ? 'tune' : 'holdout',
      label,
      script,
      declared: item.declared,
      title: item.title,
      description: item.description,
      ...(item.content ? { content: item.content } : {}),
      origin: item.origin,
    });
  }
}

const RULES = {
  agreeing: 'corpus items whose declared language is written in the script of their text; label: the declared primary subtag (test/fixtures/language/README.md)',
  mismatched: 'corpus items declaring en over Jpan, Hani, Hangul or Cyrillic text; label by script (test/fixtures/language/README.md)',
};
for (const [name, items] of Object.entries(sets)) {
  const body = `{\n"rule": ${JSON.stringify(RULES[name])},\n"items": [\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]\n}\n`;
  writeFileSync(path.join(outDir, `${name}.json`), body);
  const byLabel = {};
  for (const item of items) byLabel[item.label] = (byLabel[item.label] ?? 0) + 1;
  const holdout = items.filter((item) => item.split === 'holdout').length;
  console.log(`${name}: ${items.length} items (${items.length - holdout} tune, ${holdout} holdout), ${(Buffer.byteLength(body) / 1e6).toFixed(2)} MB; ${JSON.stringify(byLabel)}`);
}
console.log(JSON.stringify(counts));
