import { appendSources } from '../config/edit-config.js';
import { isConfigError } from '../errors/index.js';
import { isOpmlError } from '../errors/opml-error.js';
import { planImport, type ImportPlan } from '../opml/plan-import.js';
import type { OpmlDocument } from '../opml/read-opml.js';
import { readOpmlFile } from './read-opml-file.js';
import { readConfigFileOrReport, writeConfigFileOrReport } from './load-or-report.js';
import { EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';

export interface ImportOpmlOptions {
  config: string;
  dryRun?: boolean;
}

/**
 * `tributary import-opml <file>`: appends the OPML file's subscriptions to the config as sources,
 * keeping the file's formatting, and reports what was added and what was skipped. Exit 0 (even when
 * everything was skipped); 1 the OPML file cannot be read or is not OPML; 2 the config is invalid,
 * or changed on disk while the command ran.
 */
export async function runImportOpml(opmlFile: string, options: ImportOpmlOptions): Promise<number> {
  const file = await readConfigFileOrReport(options.config);
  if (!file) return EXIT_BAD_CONFIG;
  let document: OpmlDocument;
  try {
    document = await readOpmlFile(opmlFile);
  } catch (error) {
    if (!isOpmlError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_FAILURE;
  }

  const plan = planImport(file.config.sources, document.subscriptions);
  let edited: string;
  try {
    edited = appendSources(options.config, file.text, plan.add).text;
  } catch (error) {
    if (!isConfigError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_BAD_CONFIG;
  }
  if (!options.dryRun && plan.add.length > 0 && !(await writeConfigFileOrReport(options.config, edited, file.text))) return EXIT_BAD_CONFIG;
  process.stdout.write(formatReport(plan, { opmlFile, configFile: options.config, dryRun: options.dryRun === true, found: document.subscriptions.length }));
  return EXIT_OK;
}

function formatReport(plan: ImportPlan, context: { opmlFile: string; configFile: string; dryRun: boolean; found: number }): string {
  const lines: string[] = [];
  if (context.found === 0) lines.push(`${context.opmlFile}: no feed subscriptions (outlines with an xmlUrl) found`);
  const verb = context.dryRun ? 'would add' : 'added';
  lines.push(`${verb} ${plan.add.length} of ${context.found} subscriptions to ${context.configFile}${context.dryRun ? ' (dry run, nothing written)' : ''}`);
  for (const source of plan.add) {
    lines.push(`  + ${source.key}  ${source.name}  ${source.url}${source.category ? `  [${source.category}]` : ''}`);
  }
  if (plan.skipped.length > 0) lines.push(`skipped ${plan.skipped.length}:`);
  for (const skipped of plan.skipped) lines.push(`  - ${skipped.url}${skipped.name ? ` (${skipped.name})` : ''}: ${skipped.reason}`);
  return `${lines.join('\n')}\n`;
}
