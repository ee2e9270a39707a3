import type { NewSource } from '../config/edit-config.js';
import { urlIdentity } from '../config/feed-url.js';
import { SourceConfigSchema, type SourceConfig } from '../config/schema.js';
import { proposeKey } from '../config/source-key.js';
import type { OpmlSubscription } from './read-opml.js';

export interface SkippedSubscription {
  url: string;
  name?: string;
  reason: string;
}

export interface ImportPlan {
  add: NewSource[];
  skipped: SkippedSubscription[];
}

/**
 * Which subscriptions become sources, and why the others do not: a URL already in the config (or
 * earlier in the file) is skipped, as is one that is not http(s). Each new source gets its folder as
 * category, its OPML categories as tags, and a key unique in the config (its exported
 * `tributary:key` when that is free). Pure.
 */
export function planImport(existing: readonly SourceConfig[], subscriptions: readonly OpmlSubscription[]): ImportPlan {
  const keyOfUrl = new Map(existing.map((source) => [urlIdentity(source.url) ?? source.url, source.key]));
  const taken = new Set(existing.map((source) => source.key));
  const inFile = new Set<string>();
  const plan: ImportPlan = { add: [], skipped: [] };

  for (const subscription of subscriptions) {
    const skip = (reason: string) => plan.skipped.push({ url: subscription.url, ...(subscription.name === undefined ? {} : { name: subscription.name }), reason });
    const id = httpIdentity(subscription.url);
    if (id === undefined) {
      skip('not an http(s) URL');
      continue;
    }
    const known = keyOfUrl.get(id);
    if (known !== undefined) {
      skip(`already in the config as "${known}"`);
      continue;
    }
    if (inFile.has(id)) {
      skip('listed earlier in the file');
      continue;
    }
    inFile.add(id);
    const source = toNewSource(subscription, taken);
    taken.add(source.key);
    plan.add.push(source);
  }
  return plan;
}

function toNewSource(subscription: OpmlSubscription, taken: ReadonlySet<string>): NewSource {
  const { url } = subscription;
  const name = subscription.name ?? new URL(url).hostname;
  const ownKey = subscription.key !== undefined && SourceConfigSchema.shape.key.safeParse(subscription.key).success ? subscription.key : undefined;
  const schedule = subscription.schedule !== undefined && SourceConfigSchema.shape.schedule.safeParse(subscription.schedule).success ? subscription.schedule : undefined;
  return {
    key: ownKey !== undefined && !taken.has(ownKey) ? ownKey : proposeKey(subscription.name, url, taken),
    name,
    url,
    ...(subscription.folder === undefined ? {} : { category: subscription.folder }),
    ...(subscription.categories.length > 0 ? { tags: subscription.categories } : {}),
    ...(schedule === undefined ? {} : { schedule }),
    ...(subscription.enabled === false ? { enabled: false } : {}),
  };
}

function httpIdentity(url: string): string | undefined {
  const id = urlIdentity(url);
  return id !== undefined && /^https?:\/\/[^/]/.test(id) ? id : undefined;
}
