#!/usr/bin/env node
import { Command, Option } from 'commander';
import { runCheckConfig } from './commands/check-config.js';
import { runPoll } from './commands/poll.js';
import { runDaemon } from './commands/run.js';
import { runWriteSchema, SCHEMA_FILE } from './commands/write-schema.js';
import { VERSION } from './version.js';

const program = new Command()
  .name('tributary')
  .description('Polls RSS/Atom/JSON feeds, deduplicates their items and republishes them as merged feeds.')
  .version(VERSION);

const configOption = () => new Option('-c, --config <file>', 'config file').default('config/feeds.json');
const storeOption = () => new Option('-s, --store <uri>', 'keyv store URI: sqlite://<file> or redis://host:port (overrides TRIBUTARY_STORE and the config)');
const outOption = () => new Option('-o, --out <dir>', 'output folder (overrides output.dir)');

program
  .command('poll')
  .description('poll every enabled source once, publish, and exit')
  .addOption(configOption())
  .addOption(storeOption())
  .addOption(outOption())
  .action(async (options: CommonOptions) => {
    process.exitCode = await runPoll(options);
  });

program
  .command('run')
  .description('run the daemon: poll on schedule, publish after changes, stop cleanly on SIGINT/SIGTERM')
  .addOption(configOption())
  .addOption(storeOption())
  .addOption(outOption())
  .action(async (options: CommonOptions) => {
    process.exitCode = await runDaemon(options);
  });

program
  .command('check-config')
  .description('validate a config file and exit (0 valid, 2 invalid)')
  .addOption(configOption())
  .action(async (options: { config: string }) => {
    process.exitCode = await runCheckConfig(options);
  });

program
  .command('schema')
  .description(`print the JSON Schema of the config file (--write: update ${SCHEMA_FILE})`)
  .option('-w, --write', `write it to ${SCHEMA_FILE}`)
  .action(async (options: { write?: boolean }) => {
    process.exitCode = await runWriteSchema(options);
  });

export interface CommonOptions {
  config: string;
  store?: string;
  out?: string;
}

await program.parseAsync(process.argv);
