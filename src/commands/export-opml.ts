import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { renderOpml } from '../opml/write-opml.js';
import { EXIT_BAD_CONFIG, EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport } from './load-or-report.js';

export interface ExportOpmlOptions {
  config: string;
  /** Write here (atomically) instead of to stdout. */
  out?: string;
}

/** `tributary export-opml`: the config's sources as an OPML 2.0 subscription list. Exit 0, or 2 on a bad config. */
export async function runExportOpml(options: ExportOpmlOptions, now: Date = new Date()): Promise<number> {
  const config = await loadConfigOrReport(options.config);
  if (!config) return EXIT_BAD_CONFIG;
  const opml = renderOpml({ title: config.output.title, dateCreated: now }, config.sources);
  if (options.out === undefined) {
    process.stdout.write(opml);
    return EXIT_OK;
  }
  await writeFileAtomic(options.out, opml);
  process.stderr.write(`wrote ${config.sources.length} sources to ${options.out}\n`);
  return EXIT_OK;
}
