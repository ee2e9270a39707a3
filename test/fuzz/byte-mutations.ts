import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ALL_SNIPPETS, snippetBytes } from './hostile-snippets.js';
import type { FuzzInput } from './fuzz-input.js';

const SEED_DIR = join(import.meta.dirname, '..', 'fixtures', 'fuzz');

/** The valid feeds every byte-level case starts from, the Content-Type each is served with, and its items. */
export const SEEDS = {
  'rss2.xml': { contentType: 'application/rss+xml; charset=utf-8', items: 3 },
  'atom.xml': { contentType: 'application/atom+xml', items: 3 },
  'rdf.xml': { contentType: 'application/rdf+xml', items: 2 },
  'json-feed.json': { contentType: 'application/feed+json', items: 3 },
} as const;
export type SeedName = keyof typeof SEEDS;
export const SEED_NAMES = Object.keys(SEEDS) as SeedName[];
const seedBytes = new Map(SEED_NAMES.map((name) => [name, readFileSync(join(SEED_DIR, name))]));

export function seedInput(name: SeedName): FuzzInput {
  return { label: `seed ${name}`, body: seedBytes.get(name)!, contentType: SEEDS[name].contentType };
}

/**
 * Where a mutation applies. Positions are drawn as plain naturals and taken modulo what the body
 * offers when the mutation runs, so they stay meaningful after earlier mutations changed its length
 * (and shrink towards the first place). Anchors keep most of the document intact, so a splice gets
 * past the parser into the normalizer and the renderers: `markup` lands before a `<`, `{` or `[`;
 * `text` at the start of an element's text (after `>`) or of a JSON string value (after `: "`);
 * `attribute` at the start of an attribute value (after `="`), where the URLs are.
 */
type Anchor = 'byte' | 'markup' | 'text' | 'attribute';

const ANCHOR_PATTERNS: Record<Exclude<Anchor, 'byte'>, RegExp> = {
  markup: /(?=[<{[])/g,
  text: />|:\s*"/g,
  attribute: /="/g,
};

export type ByteMutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number }
  | { op: 'truncate'; at: number }
  /** `escaped`: the snippet written as text (XML references, or a JSON string's escapes), so it stays inside the value it lands in. */
  | { op: 'splice'; anchor: Anchor; at: number; snippet: string; escaped: boolean; replace: number };

const position = fc.nat({ max: 1_000_000 });

/**
 * Blind byte edits break the document's structure nearly every time (a fine test of rejection, but
 * it stops there); splices at anchors, half of them escaped, mostly keep the document readable, so
 * they get the larger share and the hostile content reaches the normalizer and the renderers.
 */
const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 32 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 600 }), to: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  {
    weight: 9,
    arbitrary: fc.record({
      op: fc.constant('splice' as const),
      anchor: fc.constantFrom<Anchor>('text', 'text', 'text', 'attribute', 'attribute', 'markup', 'byte'),
      at: position,
      snippet: fc.constantFrom(...ALL_SNIPPETS),
      escaped: fc.boolean(),
      replace: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }) }),
    }),
  },
);

/** Content types a server might wrongly send, beside each seed's own. */
const OTHER_CONTENT_TYPES = [
  'text/html; charset=utf-8',
  'text/xml; charset=iso-8859-1',
  'application/xml; charset=utf-16',
  'application/json',
  'application/octet-stream',
  'text/plain; charset=bogus-8',
  'application/rss+xml; charset=windows-1252',
  'image/png',
] as const;

export interface ByteCase {
  seed: SeedName;
  mutations: ByteMutation[];
  /** Served instead of the seed's own Content-Type. */
  contentType?: string;
}

export const byteCase: fc.Arbitrary<ByteCase> = fc.record(
  {
    seed: fc.constantFrom(...SEED_NAMES),
    mutations: fc.array(byteMutation, { minLength: 1, maxLength: 4 }),
    // Now and then (one in eight) the server sends a wrong Content-Type.
    contentType: fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_CONTENT_TYPES) }),
  },
  { requiredKeys: ['seed', 'mutations'] },
);

export function byteCaseInput(testCase: ByteCase): FuzzInput {
  const isJson = testCase.seed.endsWith('.json');
  const body = testCase.mutations.reduce<Buffer>((bytes, mutation) => applyMutation(bytes, mutation, isJson), seedBytes.get(testCase.seed)!);
  return { label: `bytes of ${testCase.seed}`, body, contentType: testCase.contentType ?? SEEDS[testCase.seed].contentType };
}

export function applyMutation(body: Buffer, mutation: ByteMutation, isJson: boolean): Buffer {
  const at = (n: number) => n % (body.length + 1);
  switch (mutation.op) {
    case 'flip': {
      if (body.length === 0) return body;
      const copy = Buffer.from(body);
      const index = mutation.at % body.length;
      copy[index] = copy[index]! ^ (1 << mutation.bit);
      return copy;
    }
    case 'insert':
      return splice(body, at(mutation.at), 0, Buffer.from(mutation.bytes));
    case 'delete':
      return splice(body, at(mutation.at), mutation.length, Buffer.alloc(0));
    case 'duplicate': {
      const start = at(mutation.at);
      const range = body.subarray(start, start + mutation.length);
      return splice(body, at(mutation.to), 0, range);
    }
    case 'truncate':
      return body.subarray(0, at(mutation.at));
    case 'splice': {
      const bytes = mutation.escaped ? Buffer.from(escapeFor(mutation.snippet, isJson), 'utf8') : snippetBytes(mutation.snippet);
      return splice(body, anchorPosition(body, mutation.anchor, mutation.at), mutation.replace, bytes);
    }
  }
}

function anchorPosition(body: Buffer, anchor: Anchor, n: number): number {
  if (anchor === 'byte') return n % (body.length + 1);
  // latin1 maps each byte to one code unit, so string offsets are byte offsets.
  const offsets = [...body.toString('latin1').matchAll(ANCHOR_PATTERNS[anchor])].map((match) => match.index + match[0].length);
  if (offsets.length === 0) return n % (body.length + 1);
  return offsets[n % offsets.length]!;
}

function escapeFor(snippet: string, isJson: boolean): string {
  if (isJson) return JSON.stringify(snippet).slice(1, -1);
  return snippet.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function splice(body: Buffer, start: number, deleteCount: number, insert: Buffer): Buffer {
  return Buffer.concat([body.subarray(0, start), insert, body.subarray(Math.min(body.length, start + deleteCount))]);
}
