#!/usr/bin/env node
import { Command, Option } from 'commander';
import type { AddOptions } from './commands/add.js';
import type { ExportOpmlOptions } from './commands/export-opml.js';
import type { ImportOpmlOptions } from './commands/import-opml.js';
import type { InspectCommandOptions } from './commands/inspect.js';
import type { PollOptions } from './commands/poll.js';
import type { RunOptions } from './commands/run.js';
import type { StatusOptions } from './commands/status.js';
import type { StoriesOptions } from './commands/stories.js';
import { SCHEMA_FILE } from './config/schema-file.js';
import { VERSION } from './version.js';

// Each command's code is imported when that command runs, not before: `tributary --help` and a
// bad-config exit stay fast, and `run` does not load what only `add` needs.

const program = new Command().name('tributary').description('Polls RSS/Atom/JSON feeds, deduplicates their items and republishes them as merged feeds.').version(VERSION);

const configOption = () => new Option('-c, --config <file>', 'config file').default('config/feeds.json');
const storeOption = () => new Option('-s, --store <uri>', 'keyv store URI: sqlite://<file> or redis://host:port (overrides TRIBUTARY_STORE and the config)');
const outOption = () => new Option('-o, --out <dir>', 'output folder (overrides output.dir)');

program
  .command('poll')
  .description('poll every enabled source once, publish, and exit')
  .addOption(configOption())
  .addOption(storeOption())
  .addOption(outOption())
  .action(async (options: PollOptions) => {
    process.exitCode = await (await import('./commands/poll.js')).runPoll(options);
  });

program
  .command('run')
  .description('run the daemon: poll on schedule, publish after changes, stop cleanly on SIGINT/SIGTERM')
  .addOption(configOption())
  .addOption(storeOption())
  .addOption(outOption())
  .addOption(
    new Option('-r, --role <roles>', 'all (one process does everything), or for a fleet on one Redis store one or more of scheduler, worker, publisher, comma-separated')
      .env('TRIBUTARY_ROLE')
      .default('all'),
  )
  .action(async (options: RunOptions) => {
    process.exitCode = await (await import('./commands/run.js')).runDaemon(options);
  });

program
  .command('inspect')
  .description('print what Tributary makes of one feed (a file or an http(s) URL): the feed, its items, what it rejected')
  .argument('<file|url>', 'feed file or http(s) URL')
  .addOption(new Option('-f, --format <format>', 'output format (default: text on a terminal, else json)').choices(['json', 'text']))
  .option('--source-key <key>', 'source key the items are given', 'inspect')
  .option('--source-name <name>', "source name the items are given (default: the feed's title)")
  .action(async (target: string, options: InspectCommandOptions) => {
    process.exitCode = await (await import('./commands/inspect.js')).runInspect(target, options);
  });

program
  .command('check-config')
  .description('validate a config file and exit (0 valid, 2 invalid)')
  .addOption(configOption())
  .action(async (options: { config: string }) => {
    process.exitCode = await (await import('./commands/check-config.js')).runCheckConfig(options);
  });

program
  .command('add')
  .description('find the feed behind a URL (the page\'s <link rel="alternate">, then common paths) and add it to the config')
  .argument('<url>', 'a feed, or a web page that announces one')
  .addOption(configOption())
  .option('-k, --key <key>', "source key (default: from the feed's title, unique in the config)")
  .option('-n, --name <name>', "source name (default: the feed's title)")
  .option('--category <category>', 'category given to every item of the source')
  .option('--dry-run', 'show what would be added, write nothing')
  .action(async (url: string, options: AddOptions) => {
    process.exitCode = await (await import('./commands/add.js')).runAdd(url, options);
  });

program
  .command('import-opml')
  .description('add the subscriptions of an OPML file to the config (folders become categories; URLs already there are skipped)')
  .argument('<file>', 'OPML 1.0 or 2.0 file')
  .addOption(configOption())
  .option('--dry-run', 'show what would be added, write nothing')
  .action(async (file: string, options: ImportOpmlOptions) => {
    process.exitCode = await (await import('./commands/import-opml.js')).runImportOpml(file, options);
  });

program
  .command('export-opml')
  .description("print the config's sources as an OPML 2.0 subscription list, categories as folders")
  .addOption(configOption())
  .option('-o, --out <file>', 'write it to this file instead of stdout')
  .action(async (options: ExportOpmlOptions) => {
    process.exitCode = await (await import('./commands/export-opml.js')).runExportOpml(options);
  });

program
  .command('status')
  .description("print every source's state from the store: ok, failing, backing off, disabled, moved, recovered, never polled")
  .addOption(configOption())
  .addOption(storeOption())
  .addOption(new Option('-f, --format <format>', 'table for people, json for scripts').choices(['table', 'json']).default('table'))
  .action(async (options: StatusOptions) => {
    process.exitCode = await (await import('./commands/status.js')).runStatus(options);
  });

program
  .command('stories')
  .description('list the largest current stories from the store: id, items, sources, first headline, time span')
  .addOption(configOption())
  .addOption(storeOption())
  .option('-n, --limit <n>', 'how many stories', '20')
  .option('--json', 'print JSON for scripts')
  .action(async (options: StoriesOptions) => {
    process.exitCode = await (await import('./commands/stories.js')).runStories(options);
  });

program
  .command('schema')
  .description(`print the JSON Schema of the config file (--write: update ${SCHEMA_FILE})`)
  .option('-w, --write', `write it to ${SCHEMA_FILE}`)
  .action(async (options: { write?: boolean }) => {
    process.exitCode = await (await import('./commands/write-schema.js')).runWriteSchema(options);
  });

await program.parseAsync(process.argv);
