import type { EnrichmentConfig } from '../config/enrichment-schema.js';
import type { Config, SourceConfig } from '../config/schema.js';
import type { Fetched } from '../fetcher/fetch-result.js';
import type { Enrichment } from '../enricher/enrichment.js';
import type { NormalizeContext } from '../normalizer/normalize-context.js';
import type { KnownItems } from '../normalizer/known-items.js';
import type { NormalizedFeed, NormalizeOptions } from '../normalizer/normalize-feed.js';
import type { ParseContext } from '../parser/parse-feed.js';
import type { ParsedFeed } from '../parser/parsed-feed.js';

/** One fetched document to turn into Items: everything needed, as plain data a worker thread can take. */
export interface DocumentJob {
  /**
   * The body as received (content-encoding undone), decoded to text where it is parsed: on a parse
   * thread, decoding and handing over the bytes (transferred, not copied) keeps that work off the
   * main thread, which fetches and commits for every source.
   */
  body: Uint8Array;
  parse: ParseContext;
  /** The context but for the document's type, which parsing tells. */
  normalize: Omit<NormalizeContext, 'type'>;
  options: NormalizeOptions;
  /** The items of the source's last document that the store holds: not normalized again, and those known by their raw hash not parsed either. */
  known?: KnownItems;
  /** How to enrich the normalized items (the config's enrichment, the source's configured category). */
  enrich?: { config: EnrichmentConfig; sourceCategory?: string | undefined };
}

/**
 * The job for a document a source answered with: what the pipeline hands its parse thread, built
 * in one place so that what measures it (bench/baseline/news-floor.mjs) hands over the same.
 */
export function documentJobFor(
  source: SourceConfig,
  config: Config,
  fetched: Pick<Fetched, 'body' | 'finalUrl' | 'contentType' | 'contentLanguage'>,
  known: KnownItems | undefined,
  now: Date,
): DocumentJob {
  return {
    body: fetched.body,
    parse: { sourceKey: source.key, url: fetched.finalUrl, contentType: fetched.contentType },
    normalize: {
      source: { key: source.key, name: source.name, category: source.category, tags: source.tags },
      feedUrl: fetched.finalUrl,
      feedLang: fetched.contentLanguage,
      now,
    },
    options: { maxItems: config.fetch.maxItemsPerFeed, ...config.items },
    known,
    enrich: { config: config.enrichment, sourceCategory: source.category },
  };
}

/** What the pipeline keeps of a parsed and normalized document. */
export interface ProcessedDocument {
  type: ParsedFeed['type'];
  /** Items of the document left out of the parse, known by their raw hash (ParsedFeed.rawItems). */
  unparsed: number;
  refreshMinutes?: number;
  /** Why a document with no items may hold some all the same (ParsedFeed.unreadItems). */
  unreadItems?: string;
  /** The strict parser's error, when only the lenient pass could read the document (ParsedFeed.recoveredFrom). */
  recoveredFrom?: string;
  normalized: Pick<NormalizedFeed, 'feed' | 'items' | 'rejected' | 'contentCut' | 'digest' | 'fingerprints'>;
  /** Each normalized item's enrichment, in the order of `normalized.items` (when the job asked for it). */
  enrichments?: Enrichment[];
}

/** Parses and normalizes documents: in this thread (process-document.ts), or in a pool of worker threads (document-pool.ts). */
export interface DocumentProcessor {
  /**
   * Throws ParseError for a document that is no feed, as parseFeed does, or (on a parse thread)
   * that took longer than `deadlineMs` (PARSE_TIMEOUT).
   */
  process(job: DocumentJob, limits: { deadlineMs: number }): Promise<ProcessedDocument>;
  close(): Promise<void>;
}
