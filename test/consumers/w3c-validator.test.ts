import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { createAgent } from '../../src/fetcher/create-agent.js';
import { createPipelineDeps } from '../../src/pipeline/create-pipeline-deps.js';
import { refreshSource } from '../../src/pipeline/refresh-source.js';
import { Publisher } from '../../src/publisher/publisher.js';
import { resolveOutputs } from '../../src/publisher/resolve-outputs.js';
import type { ItemStore } from '../../src/store/item-store.js';
import { openItemStore } from '../../src/store/open-item-store.js';
import { corpusRoot, hasCorpus, listCorpusDocuments } from '../corpus/corpus-files.js';
import { missingTools, mustFail, W3C_VALIDATOR, W3C_VALIDATOR_PATH } from '../helpers/debian-tools.js';
import { FeedServer } from '../helpers/feed-server.js';
import { tempDir } from '../helpers/temp-workspace.js';

const run = promisify(execFile);

/**
 * The warnings the validator may still give on outputs merged from real feeds, each for a reason
 * docs/conformance.md states. Any other warning, and any error, fails the test.
 */
export const ACCEPTED_WARNINGS: ReadonlyArray<RegExp> = [
  // Many sources publish at the same second, and feeds repeat their build time as every item's date.
  /^Two entries with the same value for atom:updated/,
  // An entry with a title and a link but no summary or content: RFC 4287 allows it (§4.1.1), and
  // repeating the title as its summary would add nothing.
  /^Missing textual content/,
  // Atom plain text that reads like markup ("Die Rückkehr von <i> und <b>", "1&1 Ionos"): written
  // as text (type="text", every character escaped), which is what it is. (In RSS, the hexadecimal
  // references of plain text tell the validator so.)
  /^(title|summary) should not contain HTML/,
  // A source's own feed id in its own scheme (YouTube's `yt:channel:…`), kept as it is in atom:source.
  /^URI scheme not IANA registered/,
];

interface ValidatorFile {
  file: string;
  errors: number;
  warnings: number;
  messages: string[];
}

if (!hasCorpus) console.warn(`W3C validation of the corpus outputs skipped: no corpus at ${corpusRoot}`);
const missing = hasCorpus ? missingTools([W3C_VALIDATOR]) : [];

/**
 * What publishers check their feeds against, on what Tributary makes of other people's feeds:
 * every corpus document outside feedparser's unit cases is served over HTTP, polled into a real
 * SQLite store through the pipeline, and published as one output of up to 10,000 items.
 */
describe.skipIf(!hasCorpus || (missing.length > 0 && !mustFail(missing)))('the W3C Feed Validator on outputs merged from the corpus', () => {
  let server: FeedServer;
  let store: ItemStore;
  let dir: string;
  let files: { atom: string; rss: string };
  let polled = 0;

  beforeAll(async () => {
    if (mustFail(missing)) throw new Error(missing.join('; '));
    dir = await tempDir('tributary-w3c-');
    server = await FeedServer.start();
    store = await openItemStore(`sqlite://${join(dir, 'store.db')}`, { retentionDays: 3650, seenRetentionDays: 3650 });
    const documents = listCorpusDocuments().filter((file) => !path.relative(corpusRoot, file).startsWith('feedparser-dev'));
    const sources = documents.map((file, index) => {
      const route = `/${index}/${path.basename(file)}`;
      server.route(route, { body: readFileSync(file), headers: { 'content-type': 'application/octet-stream' } });
      return { key: `doc-${index}`, name: path.relative(corpusRoot, file), url: server.url(route) };
    });
    const config: Config = parseConfig(
      'w3c',
      JSON.stringify({
        output: { title: 'Corpus', id: 'urn:tributary:corpus', selfUrl: 'https://tributary.example/feeds/all.atom', link: 'https://tributary.example/', maxItems: 10_000 },
        sources,
        fetch: { timeoutMs: 10_000, parseThreads: 0 },
      }),
    );
    const agent = createAgent({ connectTimeoutMs: 2000 });
    const logger = pino({ level: 'silent' });
    const deps = createPipelineDeps(config, { store, logger, dispatcher: agent, now: () => new Date('2026-06-01T00:00:00Z'), random: () => 1 });
    for (const source of config.sources) {
      const outcome = await refreshSource(source, config, deps, { force: true });
      if (outcome.status === 'changed') polled += 1;
    }
    await agent.close();
    const out = join(dir, 'feeds');
    await new Publisher({ store, outputs: resolveOutputs(config), dir: out, sources: config.sources, logger }).publish();
    files = { atom: join(out, 'all.atom'), rss: join(out, 'all.rss') };
    const entries = (readFileSync(files.atom, 'utf8').match(/<entry[ >]/g) ?? []).length;
    console.log(`W3C validation: ${sources.length} corpus documents served, ${polled} polled with items, ${entries} entries in the output`);
  }, 300_000);

  afterAll(async () => {
    await store?.close();
    await server?.close();
  });

  const validate = async (file: string): Promise<ValidatorFile> => {
    const { stdout } = await run(W3C_VALIDATOR_PATH, ['--json', file], { maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout: string }) => error);
    return (JSON.parse(stdout) as { files: ValidatorFile[] }).files[0]!;
  };

  it('would count the errors the outputs once had: xml:lang copied from a charset name, a URI with brackets', async () => {
    const file = join(dir, 'bad.atom');
    await writeFile(
      file,
      '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2026-01-01T00:00:00Z</updated><link rel="self" href="http://localhost/bad.atom"/><author><name>a</name></author><entry xml:lang="euc-kr"><id>urn:y</id><title>t</title><updated>2026-01-01T00:00:00Z</updated><link href="http://x.example/a[1]"/></entry></feed>\n',
    );
    const report = await validate(file);
    expect(report.errors).toBeGreaterThanOrEqual(2);
    expect(report.messages.join('\n')).toContain('xml:lang must be an ISO-639 language code');
    expect(report.messages.join('\n')).toContain('Invalid character in a URI');
  });

  it.each(['atom', 'rss'] as const)(
    'finds no error in the %s output, and only the warnings docs/conformance.md explains',
    async (format) => {
      expect(polled).toBeGreaterThan(600);
      const report = await validate(files[format]);
      const unexplained = report.messages.filter((message) => !ACCEPTED_WARNINGS.some((accepted) => accepted.test(message.replace(/^line \d+, column \d+: /, ''))));
      expect({ errors: report.errors, unexplained }).toEqual({ errors: 0, unexplained: [] });
    },
    180_000,
  );
});
