import { z } from 'zod';
import { DEFAULT_ARCHIVE_LAYOUT, layoutProblem } from '../model/archive-layout.js';
import { OutputFilterSchema } from './output-filter-schema.js';

export const ArchiveConfigSchema = z
  .object({
    dir: z
      .string()
      .min(1, 'must not be empty')
      .describe('Folder of the archive: one Markdown file per stored item, with YAML front matter (docs/archive.md). Relative to the folder of the config file, or absolute.'),
    filter: OutputFilterSchema.optional().describe('Which items are archived, as an output filter (sources, categories, tags, keywords, languages, sentiments, topics). Default: every item.'),
    output: z.string().min(1).optional().describe('Name of an output (outputs[].name) whose filter the archive applies too: the archive of that feed. Both this and filter must take an item.'),
    onExpiry: z
      .enum(['keep', 'delete'])
      .default('keep')
      .describe('What becomes of the file of an item that expires from the store (store.retentionDays): "keep" it, so the archive outlives the store, or "delete" it at the first publish after.'),
    layout: z
      .string()
      .default(DEFAULT_ARCHIVE_LAYOUT)
      .superRefine((layout, ctx) => {
        const problem = layoutProblem(layout);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe(
        'Path of each file under dir. {yyyy}, {mm}, {dd}: of publishedAt (UTC); {slug}: of the title when the file is first written (an edited title never moves it); {hash}: 8 hex digits of a SHA-256 of the source key and externalId; {source}: the source key. Must end in .md.',
      ),
    upperCaseTags: z.boolean().default(true).describe('Write the tags in capitals, as the seed documents have them (each tag once).'),
    draft: z.boolean().default(false).describe('The draft field of every file: true keeps them out of a site that builds only published pages.'),
  })
  .strict();

export type ArchiveConfig = z.output<typeof ArchiveConfigSchema>;

/** The archive's output names an output, and its filter names only sources that exist. */
export function checkArchive(
  config: {
    sources: ReadonlyArray<{ key: string }>;
    outputs: ReadonlyArray<{ name: string }>;
    archive?: { output?: string | undefined; filter?: { sources?: readonly string[] | undefined } | undefined } | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const archive = config.archive;
  if (!archive) return;
  if (archive.output !== undefined && !config.outputs.some((output) => output.name === archive.output)) {
    ctx.addIssue({ code: 'custom', path: ['archive', 'output'], message: `no output has the name "${archive.output}" (outputs[].name)` });
  }
  const keys = new Set(config.sources.map((source) => source.key));
  archive.filter?.sources?.forEach((key, index) => {
    if (!keys.has(key)) ctx.addIssue({ code: 'custom', path: ['archive', 'filter', 'sources', index], message: `no source has the key "${key}"` });
  });
}
