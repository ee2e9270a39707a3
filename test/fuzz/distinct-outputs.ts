import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FuzzInput } from './fuzz-input.js';
import type { PublishedOutputs } from './fuzz-pipeline.js';

const run = promisify(execFile);

/**
 * Every distinct Atom and RSS document the run published, kept on disk (with the input that first
 * made it, `<n>.input`) so the real validators can check them all at the end, a batch per process.
 */
export class DistinctOutputs {
  readonly atomFiles: string[] = [];
  readonly rssFiles: string[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly dir: string) {}

  async add(published: PublishedOutputs, input: FuzzInput): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    let kept = false;
    for (const [extension, xml, files] of [
      ['atom', published.atom, this.atomFiles],
      ['rss', published.rss, this.rssFiles],
    ] as const) {
      const digest = createHash('sha256').update(xml).digest('hex');
      if (this.seen.has(digest)) continue;
      this.seen.add(digest);
      const file = join(this.dir, `${this.seen.size}.${extension}`);
      await writeFile(file, xml);
      files.push(file);
      if (!kept) await writeFile(join(this.dir, `${this.seen.size}.input`), input.body);
      kept = true;
    }
  }
}

/** Problems a tool reports over `files`, run in batches (argument lists have a limit); empty when all pass. */
export async function problemsReported(command: string, args: readonly string[], files: readonly string[], batchSize: number): Promise<string[]> {
  const problems: string[] = [];
  for (let start = 0; start < files.length; start += batchSize) {
    try {
      await run(command, [...args, ...files.slice(start, start + batchSize)], { maxBuffer: 256 * 1024 * 1024 });
    } catch (error) {
      const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
      const report = `${stdout}${stderr}`.trim() || message;
      problems.push(...report.split('\n'));
    }
  }
  return problems;
}
