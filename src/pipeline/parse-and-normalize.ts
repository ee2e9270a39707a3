import { enrichmentsOf } from '../enricher/enrichment.js';
import { normalizeFeed } from '../normalizer/normalize-feed.js';
import type { DocumentJob, ProcessedDocument } from './document-job.js';
import { parseSkippingKnown } from './parse-skipping-known.js';

/** Parse, normalize, enrich: the CPU-bound middle of a refresh. Pure but for the clock in the job. */
export async function parseAndNormalize(job: DocumentJob): Promise<ProcessedDocument> {
  const feed = await parseSkippingKnown(job);
  const { feed: info, items, rejected, contentCut, digest, fingerprints } = normalizeFeed(feed, { ...job.normalize, type: feed.type }, job.options, job.known);
  return {
    type: feed.type,
    unparsed: feed.rawItems?.skipped.filter(Boolean).length ?? 0,
    ...(feed.refreshMinutes === undefined ? {} : { refreshMinutes: feed.refreshMinutes }),
    ...(feed.unreadItems === undefined ? {} : { unreadItems: feed.unreadItems }),
    ...(feed.recoveredFrom === undefined ? {} : { recoveredFrom: feed.recoveredFrom }),
    normalized: { feed: info, items, rejected, contentCut, digest, fingerprints },
    ...(job.enrich ? { enrichments: enrichmentsOf(items, job.enrich.config, job.enrich.sourceCategory) } : {}),
  };
}
