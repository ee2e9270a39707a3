import fc from 'fast-check';
import type { FuzzInput } from './fuzz-input.js';
import { nastyDate, nastyText, nastyUrl } from './nasty-values.js';
import { writeFeed } from './write-feed.js';

export type FeedFormat = 'rss2' | 'rss091' | 'rdf' | 'atom' | 'atom03' | 'json';
export const XML_FORMATS = ['rss2', 'rss091', 'rdf', 'atom', 'atom03'] as const;

/** How text goes into XML: escaped as it should be, in CDATA sections, or written as is (often ill-formed). */
export type TextMode = 'escaped' | 'cdata' | 'raw';

/** How the items sit in the document. */
export type Nesting =
  | 'normal'
  /** RSS items after </channel>, RDF items inside <channel>, Atom entries in a wrapper element, JSON items under another key. */
  | 'misplaced'
  /** The second item holds the first inside it. */
  | 'nested';

export interface ItemRecord {
  title?: string;
  /** The summary: RSS description, Atom summary, JSON summary. */
  description?: string;
  /** The body: content:encoded, Atom content, JSON content_html. */
  content?: string;
  link?: string;
  id?: string;
  date?: string;
  updated?: string;
  author?: string;
  categories: string[];
  enclosures: Array<{ url: string; type?: string; length?: string }>;
  image?: string;
  /** Atom: whether the title and content say type="html" (else text). */
  htmlTyped: boolean;
}

export interface FeedRecord {
  format: FeedFormat;
  /** The vocabulary the items are written in: the format's own, or (switched formats) another one's. */
  itemFormat: FeedFormat;
  title?: string;
  link?: string;
  lang?: string;
  items: ItemRecord[];
  textMode: TextMode;
  nesting: Nesting;
  /** The first item appears twice. */
  duplicateFirst: boolean;
  /** JSON Feed: the version member, if any. */
  jsonVersion?: string;
  /** JSON Feed: ids and URLs written as numbers, tags as an object: the wrong JSON types. */
  jsonWrongTypes: boolean;
}

const ALL_FORMATS: readonly FeedFormat[] = [...XML_FORMATS, 'json'];

const itemRecord: fc.Arbitrary<ItemRecord> = fc.record(
  {
    title: nastyText,
    description: nastyText,
    content: nastyText,
    link: nastyUrl,
    id: fc.oneof(nastyText, nastyUrl, fc.constantFrom('same-id', 'urn:uuid:1', '1')),
    date: nastyDate,
    updated: nastyDate,
    author: nastyText,
    categories: fc.array(nastyText, { maxLength: 4 }),
    enclosures: fc.array(
      fc.record(
        {
          url: nastyUrl,
          type: fc.constantFrom('audio/mpeg', 'image/jpeg', 'video/mp4', 'text/html', '', '"><script>alert(1)</script>'),
          length: fc.constantFrom('0', '12345', '-1', 'NaN', '1e999', '99999999999999999999', ''),
        },
        { requiredKeys: ['url'] },
      ),
      { maxLength: 3 },
    ),
    image: nastyUrl,
    htmlTyped: fc.boolean(),
  },
  { requiredKeys: ['categories', 'enclosures', 'htmlTyped'] },
);

/** A feed built from arbitrary item records, in any format, with its structure sometimes wrong. */
export const feedRecord: fc.Arbitrary<FeedRecord> = fc
  .record(
    {
      format: fc.constantFrom(...ALL_FORMATS),
      // Now and then (one in six) the items are written in another format's vocabulary.
      switchTo: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...XML_FORMATS) }),
      title: nastyText,
      link: nastyUrl,
      lang: fc.constantFrom('en', 'de-AT', '', 'x-klingon', '<script>', 'zh-Hant-TW'),
      // An empty feed now and then (one in ten); fast-check's arrays would make it far more often.
      items: fc.oneof({ weight: 1, arbitrary: fc.constant<ItemRecord[]>([]) }, { weight: 9, arbitrary: fc.array(itemRecord, { minLength: 1, maxLength: 6 }) }),
      textMode: fc.constantFrom<TextMode>('escaped', 'escaped', 'cdata', 'raw'),
      nesting: fc.constantFrom<Nesting>('normal', 'normal', 'normal', 'misplaced', 'nested'),
      duplicateFirst: fc.boolean(),
      jsonVersion: fc.constantFrom('https://jsonfeed.org/version/1.1', 'https://jsonfeed.org/version/1.1', 'https://jsonfeed.org/version/1', 'https://jsonfeed.org/version/2', ''),
      jsonWrongTypes: fc.constantFrom(false, false, false, true),
    },
    { requiredKeys: ['format', 'switchTo', 'items', 'textMode', 'nesting', 'duplicateFirst', 'jsonVersion', 'jsonWrongTypes'] },
  )
  .map(({ switchTo, ...feed }) => ({ ...feed, itemFormat: feed.format !== 'json' && switchTo ? switchTo : feed.format }));

const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss2: 'application/rss+xml; charset=utf-8',
  rss091: 'text/xml',
  rdf: 'application/rdf+xml',
  atom: 'application/atom+xml; charset=utf-8',
  atom03: 'application/atom+xml',
  json: 'application/feed+json',
};

export function feedRecordInput(feed: FeedRecord): FuzzInput {
  const switched = feed.itemFormat === feed.format ? '' : ` in ${feed.itemFormat} vocabulary`;
  return {
    label: `${feed.format} built from ${feed.items.length} items${switched}`,
    body: Buffer.from(writeFeed(feed), 'utf8'),
    contentType: CONTENT_TYPES[feed.format],
  };
}
