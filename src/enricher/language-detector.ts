import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What eld says of a text: its language ('' when none), the scores of the candidates (0–1), and whether eld trusts it. */
export interface DetectedLanguage {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}

export interface TextDetector {
  detect(text: string): DetectedLanguage;
  /** A detector on the same database with settings of its own (eld ≥ 2.1). */
  newInstance?(): TextDetector;
}

export interface DetectorLoad {
  /** Time the first call spent reading eld and its database, in milliseconds (0 for every later call). */
  loadMs: number;
}

let detector: TextDetector | undefined;

/**
 * eld with its small n-gram database (60 languages), from the installed package: nothing is
 * downloaded. Loaded by the first call, not when this module is imported (a process that parses in
 * worker threads may never need it in its main thread). The database is read from the JSON copy the
 * build writes (scripts/eld-ngrams-json.mjs) when it came from the installed eld: about 50 ms and
 * 47 MB of RSS, where eld's own module, a 1.6 MB object literal for V8 to compile, costs about half
 * a second and 150 MB. Synchronous, so that the decision can be: Node ≥ 20.19 loads the ES modules
 * with require().
 */
export function loadLanguageDetector(): DetectorLoad {
  if (detector !== undefined) return { loadMs: 0 };
  const started = performance.now();
  detector = fromBuiltData() ?? fromModule();
  return { loadMs: performance.now() - started };
}

const require = createRequire(import.meta.url);
const eldEntry = (): string => fileURLToPath(import.meta.resolve('eld/small'));

/** An instance of our own: a language subset someone sets on the shared `eld` can't reach it. */
export function fromModule(): TextDetector {
  const entry = eldEntry();
  const module = require(entry) as { eld?: TextDetector };
  if (typeof module.eld?.detect !== 'function') throw new Error(`eld/small (${entry}) exports no detector`);
  return module.eld.newInstance?.() ?? module.eld;
}

/** From dist/eld-small.json (next to dist/src, or to src when run from the sources), when eld's version matches. */
export function fromBuiltData(): TextDetector | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const file = [join(here, '..', '..', 'eld-small.json'), join(here, '..', '..', 'dist', 'eld-small.json')].find((candidate) => existsSync(candidate));
  if (file === undefined) return undefined;
  const eldDir = join(dirname(eldEntry()), '..', '..');
  const built = JSON.parse(readFileSync(file, 'utf8')) as { eld?: string; ngramsData?: object };
  const { version } = JSON.parse(readFileSync(join(eldDir, 'package.json'), 'utf8')) as { version: string };
  if (built.eld !== version || built.ngramsData === undefined) return undefined;
  // eld's own constructor and loader (the hook its entry modules use), given the parsed data.
  const { createEld } = require(join(eldDir, 'src', 'languageDetector.js')) as { createEld?: () => { instance: TextDetector; loadData: (data: object) => void } };
  if (typeof createEld !== 'function') return undefined;
  const { instance, loadData } = createEld();
  loadData(built.ngramsData);
  return instance;
}

/** The detector, loading it on first use. */
export function languageDetector(): TextDetector {
  if (detector === undefined) loadLanguageDetector();
  return detector!;
}
