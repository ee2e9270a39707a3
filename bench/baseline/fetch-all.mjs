import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';

/**
 * Pulls every source URL of a Tributary config with undici, `concurrency` at once, each body read
 * to the end (gunzipped when the server sent gzip) and handed to `onBody`. What the fetch ceiling
 * and the floors share. `onBody` is also told the source (as configured) and the answer's Content-Type.
 * @param {{ config: string, concurrency: number, onBody?: (body: Buffer, from: { source: { url: string, key: string }, contentType: string | undefined }) => Promise<void> | void }} options
 * @returns {Promise<{ sources: number, bytes: number, failed: number }>}
 */
export async function fetchAll({ config: configFile, concurrency, onBody }) {
  const config = JSON.parse(await readFile(configFile, 'utf8'));
  /** @type {Array<{ url: string, key: string }>} */
  const sources = config.sources;
  const dispatcher = new Agent();
  const limit = pLimit(concurrency);
  let bytes = 0;
  let failed = 0;
  await Promise.all(
    sources.map((source) =>
      limit(async () => {
        try {
          const { statusCode, headers, body } = await request(source.url, { dispatcher, headers: { 'accept-encoding': 'gzip' } });
          const raw = Buffer.from(await body.arrayBuffer());
          if (statusCode !== 200) return void failed++;
          const decoded = headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          bytes += decoded.length;
          const contentType = headers['content-type'];
          await onBody?.(decoded, { source, contentType: Array.isArray(contentType) ? contentType[0] : contentType });
        } catch {
          failed++;
        }
      }),
    ),
  );
  await dispatcher.close();
  return { sources: sources.length, bytes, failed };
}
