import { EXIT_BAD_CONFIG, EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport } from './load-or-report.js';

export async function runCheckConfig(options: { config: string }): Promise<number> {
  const config = await loadConfigOrReport(options.config);
  if (!config) return EXIT_BAD_CONFIG;
  const enabled = config.sources.filter((source) => source.enabled).length;
  process.stdout.write(`${options.config}: valid (${config.sources.length} sources, ${enabled} enabled)\n`);
  return EXIT_OK;
}
