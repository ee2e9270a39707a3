import type { Config, SourceConfig } from '../config/schema.js';
import { describeSourceState } from '../model/source-status.js';
import { stateFor, type FetchState } from '../model/fetch-state.js';
import { OUTPUT_FORMATS } from '../model/output-format.js';
import { redactUri } from '../model/redact-uri.js';
import { addedPerDay, hourlyTotals } from '../model/source-activity.js';
import type { NewsItem } from './news-digest.js';
import type { StatusSnapshot } from './status-page.js';

const FORMAT_LABELS: Record<string, string> = { atom: 'Atom', rss: 'RSS', json: 'JSON Feed' };

/** An output as the status page lists it. */
export interface OutputSummary {
  name: string;
  title: string;
}

/**
 * The status page's content from the running config, its outputs (with their newest items, when
 * known) and the last known fetch states. Pure.
 */
export function buildStatusSnapshot(
  config: Config,
  outputs: readonly OutputSummary[],
  states: ReadonlyMap<string, FetchState | undefined>,
  now: Date,
  version: string,
  news: (outputName: string) => NewsItem[] = () => [],
): StatusSnapshot {
  const current = config.sources.map((source) => stateFor(states.get(source.key), source.url));
  return {
    title: config.output.title,
    version,
    generatedAt: now,
    outputs: outputs.map((output) => ({
      name: output.name,
      title: output.title,
      links: OUTPUT_FORMATS.map(({ extension, contentType }) => ({
        href: `/feeds/${output.name}.${extension}`,
        type: contentType.split(';')[0]!,
        format: FORMAT_LABELS[extension] ?? extension,
      })),
      news: news(output.name),
    })),
    hourly: hourlyTotals(
      current.map((state) => state?.activity),
      now,
    ),
    sources: config.sources.map((source, i) => {
      const status = describeSourceState(states.get(source.key), now, source);
      // A state saved for the URL the source had before an edit says nothing about this one.
      const state = current[i];
      return {
        key: source.key,
        name: source.name,
        url: redactUri(source.url),
        state: status.state,
        lastSuccessAt: state?.lastSuccessAt,
        lastError: status.state === 'ok' || status.state === 'never polled' ? undefined : status.detail,
        nextAttemptAt: status.notBefore,
        items: state?.itemsSeen ?? 0,
        movedTo: state?.movedTo,
        failingSince: status.state === 'failing' || status.state === 'backing off' ? (state?.failingSince ?? state?.lastError?.at) : undefined,
        addedPerDay: addedPerDay(state?.activity, now),
      };
    }),
  };
}

/** Sources by state, for the tributary_sources gauge. */
export function countSourceStates(sources: readonly SourceConfig[], states: ReadonlyMap<string, FetchState | undefined>, now: Date): Map<string, number> {
  const counts = new Map<string, number>();
  for (const source of sources) {
    const state = describeSourceState(states.get(source.key), now, source).state.replace(/\s+/g, '-');
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return counts;
}
