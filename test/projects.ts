/*
 * Which test files run in which vitest project (vitest.config.ts builds the projects from this;
 * test/architecture/test-projects.test.ts checks that every test file is in exactly one).
 *
 * unit: in-process tests of one stage or a few together, against the TypeScript sources. Local
 * HTTP servers, temp dirs, SQLite files and a throwaway redis-server are fine; the build is not
 * needed. `npm run test:unit` is the fast loop.
 *
 * system: tests that run the built CLI or daemon (they need `npm run build`), pm2, a browser, the
 * Debian feed readers, several processes, long waits, or many generated cases.
 */

/** Folders under test/ whose tests are unit tests, but for the files in SYSTEM_FILES. */
export const UNIT_FOLDERS = [
  'archive',
  'architecture',
  'config',
  'conformance',
  'corpus',
  'discovery',
  'enricher',
  'errors',
  'fetcher',
  'fs',
  'model',
  'normalizer',
  'opml',
  'parser',
  'pipeline',
  'publisher',
  'scheduler',
  'secrets',
  'server',
  'store',
  'stories',
] as const;

/** Folders under test/ whose tests are system tests, but for the files in UNIT_FILES. */
export const SYSTEM_FOLDERS = [
  // Several daemons sharing a store, each a process of the built CLI.
  'cluster',
  // `tributary <command>` run from the build, as an operator runs it.
  'commands',
  // The Debian feed readers (xmllint, jing, newsboat, feedparser) run on the outputs.
  'consumers',
  // The built daemon: serving, reload on SIGHUP, WebSub.
  'daemon',
  // Thousands of generated documents through the whole pipeline.
  'fuzz',
  // Huge, slow and malicious bodies and documents through the whole pipeline, with memory watched.
  'hostile',
  // A real pm2 starting the daemon.
  'ops',
  // Crashes, Redis and SQLite faults, with processes killed and restarted.
  'reliability',
] as const;

/** Test files in a system folder that are unit tests: pure functions of the commands, the daemon's parts in process. */
export const UNIT_FILES = [
  'test/commands/lazy-logger.test.ts',
  'test/commands/progress-bar.test.ts',
  'test/commands/status-table.test.ts',
  'test/commands/stories-table.test.ts',
  'test/daemon/close-stack.test.ts',
  'test/daemon/local-poller.test.ts',
  'test/daemon/publish-loop-stories.test.ts',
] as const;

/** Test files in a unit folder that are system tests. */
export const SYSTEM_FILES = [
  // The pool starts compiled workers: it loads dist/.
  'test/pipeline/document-pool.test.ts',
  // Run the built CLI and daemon and read what they print and log.
  'test/secrets/no-leaks.test.ts',
  'test/secrets/store-file.test.ts',
  // The built daemon's status page in Debian's Chromium.
  'test/server/status-page.browser.test.ts',
] as const;

const underFolder = (folder: string): string => `test/${folder}/**/*.test.ts`;

export interface ProjectFiles {
  include: string[];
  exclude: string[];
}

export const PROJECT_FILES: Record<'unit' | 'system', ProjectFiles> = {
  unit: { include: [...UNIT_FOLDERS.map(underFolder), ...UNIT_FILES], exclude: [...SYSTEM_FILES] },
  system: { include: [...SYSTEM_FOLDERS.map(underFolder), ...SYSTEM_FILES], exclude: [...UNIT_FILES] },
};
