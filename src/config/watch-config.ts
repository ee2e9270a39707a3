import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` once an edit of `file` has settled (`debounceMs` without further events).
 * Watches the folder, not the file: editors save by writing a temp file and renaming it over the
 * old one, which a watch on the file itself would lose after the first save.
 */
export function watchConfigFile(file: string, onChange: () => void, debounceMs = 300): { close(): void } {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
    if (changed !== null && changed.toString() !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on('error', () => {
    // The folder went away (or similar); reload by signal (SIGHUP) still works.
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
