import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTPUT_FORMATS } from '../model/output-format.js';
import type { OutputCache } from './output-cache.js';

/**
 * Puts the named outputs, as the publisher wrote them, into the served cache: the server serves
 * exactly the bytes on disk, and Last-Modified is the file's (so it survives a restart). Read once
 * per change, never per request. A file not written yet is left out (404 until it is).
 */
export async function loadOutputsIntoCache(cache: OutputCache, dir: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    for (const { extension, contentType } of OUTPUT_FORMATS) {
      const fileName = outputFileName(name, extension);
      const path = join(dir, fileName);
      try {
        const [content, info] = await Promise.all([readFile(path), stat(path)]);
        await cache.put(fileName, content, contentType, info.mtime);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
}

/** The files of the named outputs, every format: what the served cache holds once they are published. */
export function outputFileNames(names: readonly string[]): Set<string> {
  return new Set(names.flatMap((name) => OUTPUT_FORMATS.map(({ extension }) => outputFileName(name, extension))));
}

function outputFileName(name: string, extension: string): string {
  return `${name}.${extension}`;
}
