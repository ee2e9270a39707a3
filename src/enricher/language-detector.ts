import { createRequire } from 'node:module';
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
 * worker threads may never need it in its main thread): about half a second and some 45 MB of heap,
 * once. Synchronous, so that the decision can be: Node ≥ 20.19 loads the ES module with require().
 */
export function loadLanguageDetector(): DetectorLoad {
  if (detector !== undefined) return { loadMs: 0 };
  const started = performance.now();
  const entry = fileURLToPath(import.meta.resolve('eld/small'));
  const module = createRequire(import.meta.url)(entry) as { eld?: TextDetector };
  if (typeof module.eld?.detect !== 'function') throw new Error(`eld/small (${entry}) exports no detector`);
  // An instance of our own: a language subset someone sets on the shared `eld` can't reach it.
  detector = module.eld.newInstance?.() ?? module.eld;
  return { loadMs: performance.now() - started };
}

/** The detector, loading it on first use. */
export function languageDetector(): TextDetector {
  if (detector === undefined) loadLanguageDetector();
  return detector!;
}
