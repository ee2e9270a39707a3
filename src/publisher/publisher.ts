import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { OutputConfig } from '../config/schema.js';
import { ItemSchema, type Item } from '../model/item.js';
import type { ItemStore } from '../store/item-store.js';
import { renderFeeds, type RenderedFeeds } from './render-feeds.js';
import { writeFileAtomic } from './write-atomic.js';

export const OUTPUT_FORMATS = [
  { format: 'atom', extension: 'atom', contentType: 'application/atom+xml; charset=utf-8' },
  { format: 'rss', extension: 'rss', contentType: 'application/rss+xml; charset=utf-8' },
  { format: 'json', extension: 'json', contentType: 'application/feed+json; charset=utf-8' },
] as const satisfies ReadonlyArray<{ format: keyof RenderedFeeds; extension: string; contentType: string }>;

export interface PublishResult {
  name: string;
  items: number;
  /** Files rewritten because their content changed. */
  written: string[];
}

/**
 * Turns the store's newest items into the output files. Renders from the store's index (never a
 * scan of the whole store) and rewrites a file only when its bytes change.
 */
export class Publisher {
  private readonly lastDigest = new Map<string, string>();

  constructor(
    private readonly store: ItemStore,
    private readonly output: OutputConfig,
    private readonly logger: Logger,
    private readonly generator: string,
    private readonly name = 'all',
  ) {}

  async publish(): Promise<PublishResult> {
    const items = this.validItems(await this.store.newestItems(this.output.maxItems));
    const rendered = renderFeeds(items, { output: this.output, links: this.links(), generator: this.generator });
    const written: string[] = [];
    for (const { format, extension } of OUTPUT_FORMATS) {
      const file = join(this.output.dir, `${this.name}.${extension}`);
      if (await this.writeIfChanged(file, rendered[format])) written.push(file);
    }
    if (written.length > 0) this.logger.info({ output: this.name, items: items.length, files: written }, 'published');
    return { name: this.name, items: items.length, written };
  }

  private validItems(items: readonly Item[]): Item[] {
    return items.filter((item) => {
      const result = ItemSchema.safeParse(item);
      if (!result.success) {
        this.logger.error(
          { output: this.name, source_key: item?.source?.key, external_id: item?.externalId, problem: result.error.issues[0]?.message },
          'skipped an invalid stored item',
        );
      }
      return result.success;
    });
  }

  private links(): RenderOptions['links'] {
    const self = this.output.selfUrl;
    if (!self) return undefined;
    const base = self.replace(/[^/]*$/, '');
    return { atom: self, rss: `${base}${this.name}.rss`, json: `${base}${this.name}.json` };
  }

  private async writeIfChanged(file: string, content: string): Promise<boolean> {
    const digest = createHash('sha256').update(content).digest('hex');
    const previous = this.lastDigest.get(file) ?? (await digestOfFile(file));
    if (previous === digest) {
      this.lastDigest.set(file, digest);
      return false;
    }
    await writeFileAtomic(file, content);
    this.lastDigest.set(file, digest);
    return true;
  }
}

type RenderOptions = Parameters<typeof renderFeeds>[1];

async function digestOfFile(file: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch {
    return undefined;
  }
}
