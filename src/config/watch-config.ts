import { realpathSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/**
 * Calls `onChange` once an edit of `file` has settled (`debounceMs` without further events).
 * Watches the folder, not the file: editors save by writing a temp file and renaming it over the
 * old one, which a watch on the file itself would lose after the first save. A symlinked file is
 * watched in its target's folder too, where an edit through the link (add, import-opml) renames
 * its temp file; the link is resolved again at each event, so a link pointed elsewhere is followed.
 */
export function watchConfigFile(file: string, onChange: () => void, debounceMs = 300): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let target: { path: string; watcher: FSWatcher | undefined } | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
    follow();
  };
  const follow = () => {
    const path = targetOf(file);
    if (path === undefined || path === (target?.path ?? resolve(file))) return;
    target?.watcher?.close();
    target = path === resolve(file) ? undefined : { path, watcher: watchName(path, changed) };
  };
  const link = watchName(file, changed);
  follow();
  return {
    close() {
      clearTimeout(timer);
      link?.close();
      target?.watcher?.close();
    },
  };
}

/** Watches the folder of `file` for events on its name; undefined when the folder cannot be watched. */
function watchName(file: string, onEvent: () => void): FSWatcher | undefined {
  const name = basename(file);
  let watcher: FSWatcher;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      if (changed === null || changed.toString() === name) onEvent();
    });
  } catch {
    return undefined;
  }
  watcher.on('error', () => {
    // The folder went away (or similar); reload by signal (SIGHUP) still works.
  });
  return watcher;
}

/** The file a path names once every symlink is followed; undefined while it does not exist (mid-rename). */
function targetOf(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}
