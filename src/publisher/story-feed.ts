import type { Item } from '../model/item.js';
import type { StoryEntry, StoryRegistry } from '../model/story-registry.js';
import type { ItemStore } from '../store/item-store.js';
import { httpUrl } from './feed-document.js';
import { compileFilter } from './output-filter.js';
import type { OutputDefinition } from './resolve-outputs.js';

/** The source the entries of a stories output are credited to; with the story id, what each entry's id is derived from. */
export const STORIES_SOURCE_KEY = 'tributary-stories';

/**
 * The entries of a `stories` output: one per story of the registry, the latest reported first, at
 * most maxItems, each as an item the renderers take (see storyAsItem). With a filter, a story is
 * taken when the filter takes one of the reports the registry lists for it (read from the store).
 */
export async function storyEntries(store: ItemStore, registry: StoryRegistry | undefined, output: Pick<OutputDefinition, 'maxItems' | 'filter'>, outputTitle: string): Promise<Item[]> {
  if (!registry) return [];
  const filtered = Object.values(output.filter).some((value) => value !== undefined);
  const accepts = compileFilter(output.filter);
  const ordered = [...registry.stories].sort((a, b) => Date.parse(b.lastAt) - Date.parse(a.lastAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const taken: Item[] = [];
  for (const entry of ordered) {
    if (taken.length >= output.maxItems) break;
    if (entry.members.length === 0) continue;
    if (filtered) {
      const members = await store.loadItems(entry.members.map((member) => member.key));
      if (!members.some((item) => item !== undefined && accepts(item))) continue;
    }
    taken.push(storyAsItem(entry, outputTitle));
  }
  return taken;
}

/**
 * A story as one entry: titled with its earliest report's headline and linked to it; a summary
 * (text) and content (HTML) listing every report the registry keeps, with its source, headline,
 * link and time; published when the story began, updated at its latest report.
 */
export function storyAsItem(entry: StoryEntry, sourceName: string): Item {
  const first = entry.members[0]!;
  const link = httpUrl(first.link);
  const reports = `${entry.items} ${entry.items === 1 ? 'report' : 'reports'} from ${entry.sources.length} ${entry.sources.length === 1 ? 'source' : 'sources'}`;
  const lines = entry.members.map((member) => `${member.source}, ${member.publishedAt}: ${member.title}${httpUrl(member.link) ? ` ${member.link}` : ''}`);
  const listed = entry.members.map((member) => {
    const href = httpUrl(member.link);
    const title = escapeHtml(member.title);
    return `<li>${escapeHtml(member.source)}, <time datetime="${member.publishedAt}">${member.publishedAt}</time>: ${href ? `<a href="${escapeHtml(href)}">${title}</a>` : title}</li>`;
  });
  return {
    externalId: entry.id,
    title: first.title,
    description: `${reports}.\n${lines.join('\n')}`,
    content: `<p>${reports}.</p><ul>${listed.join('')}</ul>`,
    ...(link ? { link } : {}),
    publishedAt: entry.firstAt,
    updatedAt: entry.lastAt,
    source: { key: STORIES_SOURCE_KEY, name: sourceName, type: 'RSS' },
    tags: [],
    enclosures: [],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
