import type { Config } from '../config/schema.js';
import { stateFor, type FetchState } from '../model/fetch-state.js';
import { describeSourceState } from '../model/source-status.js';
import type { ItemStore } from '../store/item-store.js';
import { resolveOutputs } from '../publisher/resolve-outputs.js';
import { newestItemsOf } from '../store/source-items.js';
import { VERSION } from '../version.js';
import { NewsDigest } from '../server/news-digest.js';
import type { OutputCache } from '../server/output-cache.js';
import { renderSourcePage } from '../server/source-page.js';
import { renderStatusPage } from '../server/status-page.js';
import { parseStatusQuery } from '../server/status-query.js';
import { buildStatusSnapshot } from '../server/status-snapshot.js';

/** Newest items listed on a source's page. */
const SOURCE_PAGE_ITEMS = 20;

export interface StatusPagesDeps {
  config: () => Config;
  /** The last known fetch states (kept in memory by the daemon). */
  states: () => ReadonlyMap<string, FetchState | undefined>;
  store: ItemStore;
  /** The served outputs, whose JSON Feeds give the news shown. */
  cache: OutputCache;
  now: () => Date;
}

/** The HTML pages the server answers with: the overview (`/`) and one per source (`/sources/<key>`). */
export class StatusPages {
  private readonly news: NewsDigest;

  constructor(private readonly deps: StatusPagesDeps) {
    this.news = new NewsDigest(deps.cache);
  }

  /** The overview for a request's query string (`state=failing&sort=items`). From memory only. */
  overview(search: string): string {
    const config = this.deps.config();
    const outputs = resolveOutputs(config).map((output) => ({ name: output.name, title: output.feed.title }));
    const snapshot = buildStatusSnapshot(config, outputs, this.deps.states(), this.deps.now(), VERSION, (name) => this.news.newest(name));
    return renderStatusPage(snapshot, parseStatusQuery(search));
  }

  /** The page of a configured source; undefined for a key the config does not have. Reads the store: its feed record and newest items. */
  async source(key: string): Promise<string | undefined> {
    const config = this.deps.config();
    const source = config.sources.find((candidate) => candidate.key === key);
    if (!source) return undefined;
    const saved = this.deps.states().get(key);
    const now = this.deps.now();
    const [feeds, items] = await Promise.all([this.deps.store.sourceFeeds([key]), newestItemsOf(this.deps.store, key, SOURCE_PAGE_ITEMS)]);
    return renderSourcePage({
      siteTitle: config.output.title,
      generatedAt: now,
      source,
      status: describeSourceState(saved, now, source),
      state: stateFor(saved, source.url),
      feed: feeds.get(key),
      items,
    });
  }
}
