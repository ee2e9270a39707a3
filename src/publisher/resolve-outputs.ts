import type { Config } from '../config/schema.js';
import { uuidV5 } from './entry-id.js';
import { type FeedHeader, httpUrl } from './feed-document.js';
import type { OutputFilter } from './output-filter.js';

/** One output as the publisher needs it: its files' name, its header, its size and its filter. */
export interface OutputDefinition {
  name: string;
  feed: Omit<FeedHeader, 'generator'>;
  maxItems: number;
  filter: OutputFilter;
  /** `items`: the newest items; `stories`: one entry per current story (story-feed.ts). */
  kind: 'items' | 'stories';
}

export const DEFAULT_OUTPUT = 'all';

/**
 * The default output `all` (the `output` block, no filter) and then each of `outputs`, with their
 * defaults filled in from the `output` block: maxItems, link, a selfUrl beside its selfUrl, and an
 * id derived from its id and the output's name (stable, so readers keep their subscriptions).
 */
export function resolveOutputs(config: Pick<Config, 'output' | 'outputs'>): OutputDefinition[] {
  const { output } = config;
  const all: OutputDefinition = {
    name: DEFAULT_OUTPUT,
    feed: header(DEFAULT_OUTPUT, { id: output.id, title: output.title, description: output.description, link: output.link, selfUrl: output.selfUrl, hubs: output.hubs }),
    maxItems: output.maxItems,
    filter: {},
    kind: 'items',
  };
  const named = config.outputs.map(
    (named): OutputDefinition => ({
      name: named.name,
      feed: header(named.name, {
        id: named.id ?? `urn:uuid:${uuidV5(`${output.id}\n${named.name}`)}`,
        title: named.title,
        description: named.description,
        link: named.link ?? output.link,
        selfUrl: named.selfUrl ?? (output.selfUrl ? `${folderOf(output.selfUrl)}${named.name}.atom` : undefined),
        hubs: output.hubs,
      }),
      maxItems: named.maxItems ?? output.maxItems,
      filter: named.filter ?? {},
      kind: named.kind,
    }),
  );
  return [all, ...named];
}

function header(name: string, fields: { id: string; title: string; description?: string; link?: string; selfUrl?: string; hubs?: readonly string[] }): Omit<FeedHeader, 'generator'> {
  const { selfUrl: configured, hubs: configuredHubs, ...rest } = fields;
  if (!configured) return rest;
  // Written as every other URL is (an internationalized domain in IDNA form), and pinged as written.
  const selfUrl = httpUrl(configured) ?? configured;
  const hubs = configuredHubs?.map((hub) => httpUrl(hub) ?? hub);
  // The files are named after the output, whatever the Atom file's public name.
  const folder = folderOf(selfUrl);
  const urls = { atom: selfUrl, rss: `${folder}${name}.rss`, json: `${folder}${name}.json` };
  return hubs && hubs.length > 0 ? { ...rest, urls, hubs } : { ...rest, urls };
}

function folderOf(url: string): string {
  return url.replace(/[^/]*$/, '');
}
