import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inspectText, type InspectReport } from '../../src/commands/inspect-report.js';
import { isParseError } from '../../src/errors/parse-error.js';
import { decodeBody } from '../../src/fetcher/decode-body.js';
import { corpusRoot } from '../corpus/corpus-files.js';

/** The Universal Feed Parser's dev-half test cases and their mechanical expectations (see the corpus MANIFEST). */
export const feedparserRoot = path.join(corpusRoot, 'feedparser-dev');
export const hasFeedparserCorpus = existsSync(path.join(feedparserRoot, 'expectations.json'));

export interface Expectation {
  field: string;
  canonical_field: string;
  op: 'eq' | 'ne' | 'len_eq' | 'truthy' | 'falsy' | 'absent';
  value?: unknown;
  value_type?: string;
}

export interface FeedparserCase {
  path: string;
  description: string;
  expect: string;
  /** Whether feedparser reports the document as ill-formed (bozo); null when the case doesn't say. */
  bozo: boolean | null;
  harness: { group: string; http: boolean; url?: string; response_headers?: Record<string, string> };
  expectations: Expectation[];
}

interface ExpectationsFile {
  http_base: string;
  cases: FeedparserCase[];
}

export function loadFeedparserCases(): { httpBase: string; cases: FeedparserCase[] } {
  const file = JSON.parse(readFileSync(path.join(feedparserRoot, 'expectations.json'), 'utf8')) as ExpectationsFile;
  return { httpBase: file.http_base, cases: file.cases };
}

/** A fixed clock: the cases' dates are from the 2000s, and the result must not depend on the day it runs. */
export const CONFORMANCE_NOW = new Date('2026-01-01T00:00:00.000Z');

/**
 * inspect's own function on one case, as if the document had been served at feedparser's URL for
 * it (http_base + path) with the case's response headers: the bytes go through the real decoder with
 * the Content-Type, and Content-Language reaches the normalizer. A ParseError is the result, not a throw.
 */
export async function inspectCase(testCase: FeedparserCase, httpBase: string): Promise<InspectReport | Error> {
  const headers = headersOf(testCase);
  const bytes = readFileSync(path.join(feedparserRoot, testCase.path));
  const contentType = headers['content-type'];
  const { text, encoding } = decodeBody(bytes, contentType);
  try {
    return await inspectText(
      text,
      { url: testCase.harness.url ?? `${httpBase}${testCase.path}`, contentType, contentLanguage: headers['content-language'], encoding },
      // What the document says, as feedparser reads it: enrichment (a language detected from the text
      // overruling the declared one, topics leading the tags) is compared with no reader, on purpose.
      { now: CONFORMANCE_NOW, maxItems: 500, enrich: (item) => item },
    );
  } catch (error) {
    if (isParseError(error)) return error;
    throw error;
  }
}

function headersOf(testCase: FeedparserCase): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(testCase.harness.response_headers ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}
