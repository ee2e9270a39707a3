import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { WebSocket } from 'undici';

/*
 * A minimal Chrome DevTools Protocol client over the daemon's inspector (node --inspect), so the
 * soak can force a full garbage collection before it reads memory, write heap snapshots and CPU
 * profiles, without any code in the daemon for it. Only the HeapProfiler and Profiler domains are
 * used: the debugger is never enabled, so the daemon's code runs as it does without the inspector.
 */

/**
 * @param {string} url the ws:// address node prints ("Debugger listening on ws://…")
 */
export async function connectInspector(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`could not connect to the inspector at ${url}`)), { once: true });
  });
  let nextId = 1;
  /** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  /** @type {Map<string, (params: any) => void>} */
  const handlers = new Map();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    if (message.id === undefined) return handlers.get(message.method)?.(message.params);
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) call?.reject(new Error(`inspector: ${message.error.message}`));
    else call?.resolve(message.result);
  });
  socket.addEventListener('close', () => {
    for (const call of pending.values()) call.reject(new Error('inspector connection closed'));
    pending.clear();
  });

  /** @param {string} method @param {Record<string, unknown>} [params] */
  function send(method, params = {}) {
    const id = nextId++;
    socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  }

  return {
    /** A full, compacting collection (V8's, as DevTools' "collect garbage" button). */
    collectGarbage: () => send('HeapProfiler.collectGarbage'),
    /** Writes a .heapsnapshot (it collects garbage first) for Chrome DevTools' Memory tab. @param {string} file */
    async writeHeapSnapshot(file) {
      const out = createWriteStream(file);
      handlers.set('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => out.write(chunk));
      await send('HeapProfiler.enable');
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      handlers.delete('HeapProfiler.addHeapSnapshotChunk');
      await send('HeapProfiler.disable');
      await new Promise((resolve, reject) => out.end((/** @type {Error | undefined} */ error) => (error ? reject(error) : resolve(undefined))));
    },
    /**
     * Starts V8's CPU profiler and its allocation sampler (the main isolate's JavaScript; worker
     * threads are not in them).
     */
    async startProfiling() {
      await send('Profiler.enable');
      await send('Profiler.setSamplingInterval', { interval: 1000 });
      await send('Profiler.start');
      await send('HeapProfiler.enable');
      // Objects collected before the profile stops are kept in it: what a cycle allocated, not what it left.
      await send('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    },
    /**
     * Stops both and writes `<file>` (the .cpuprofile, which bench/lib/summarize-profile.mjs reads) and,
     * beside it, the allocations as .heapprofile (Chrome DevTools opens it).
     * @param {string} file
     */
    async stopProfiling(file) {
      const { profile: allocations } = await send('HeapProfiler.stopSampling');
      await send('HeapProfiler.disable');
      const { profile } = await send('Profiler.stop');
      await send('Profiler.disable');
      await writeFile(file, JSON.stringify(profile));
      await writeFile(file.replace(/\.cpuprofile$/, '.heapprofile'), JSON.stringify(allocations));
    },
    close: () => socket.close(),
  };
}
