import { rssFeed, type FactoryItem } from '../helpers/feed-factory.js';
import { FeedServer } from '../helpers/feed-server.js';

export interface GrowingFeedsOptions {
  /** Feeds served, each at `/feed-<n>.rss`. */
  feeds: number;
  /** A new item is added (to the feeds in turn) this often. */
  everyMs: number;
  /**
   * Items each document holds; a feed stops growing once it holds this many. None drops out: an
   * item served only to runs killed before they committed it, and gone from the document by the
   * next run, is lost to any reader, so the harness could not tell that from a loss of the daemon's
   * (and on a slow machine, where runs die before their first commit, it happened).
   */
  window: number;
}

/**
 * A local feed server whose feeds keep gaining items, and that remembers every item it ever put in
 * a response body: the set a crashing daemon must end up holding, no more and no fewer.
 */
export class GrowingFeeds {
  /** `<feed key>\u0000<guid>` of every item written in a response. */
  readonly served = new Set<string>();
  private readonly items: FactoryItem[][];
  private timer: NodeJS.Timeout | undefined;
  private added = 0;

  private constructor(
    readonly server: FeedServer,
    private readonly options: GrowingFeedsOptions,
  ) {
    this.items = Array.from({ length: options.feeds }, () => []);
  }

  static async start(options: GrowingFeedsOptions): Promise<GrowingFeeds> {
    const server = await FeedServer.start();
    const feeds = new GrowingFeeds(server, options);
    for (let n = 0; n < options.feeds; n++) server.route(`/feed-${n}.rss`, (_req, res) => feeds.serve(n, res));
    for (let n = 0; n < options.feeds * 3; n++) feeds.addItem();
    feeds.timer = setInterval(() => feeds.addItem(), options.everyMs);
    return feeds;
  }

  get sources(): Array<{ key: string; url: string }> {
    return this.items.map((_, n) => ({ key: feedKey(n), url: this.server.url(`/feed-${n}.rss`) }));
  }

  /** Stops adding items; what is served from now on no longer changes. */
  freeze(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async close(): Promise<void> {
    this.freeze();
    await this.server.close();
  }

  private addItem(): void {
    const n = this.added % this.options.feeds;
    const number = this.added++;
    if (this.items[n]!.length >= this.options.window) return;
    // Whole seconds: RSS dates have no finer grain, so order and dates round-trip exactly.
    const date = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    this.items[n]!.push({ guid: `item-${number}`, title: `Item ${number} of ${feedKey(n)}`, link: `https://crash.example/${feedKey(n)}/${number}`, date });
  }

  private serve(n: number, res: import('node:http').ServerResponse): void {
    const newest = this.items[n]!.slice(-this.options.window);
    for (const item of newest) this.served.add(`${feedKey(n)}\u0000${item.guid!}`);
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rssFeed(`Feed ${n}`, [...newest].reverse()));
  }
}

function feedKey(n: number): string {
  return `feed-${n}`;
}
