import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressBar, renderProgress } from '../../src/commands/progress-bar.js';

/** A stream that keeps what was written to it. */
function recorder(): { stream: Writable; written: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, written: () => text };
}

describe('the progress bar', () => {
  it('fills in proportion to the sources done', () => {
    expect(renderProgress(0, 50)).toBe('[--------------------] 0/50 sources');
    expect(renderProgress(12, 50)).toBe('[####----------------] 12/50 sources');
    expect(renderProgress(50, 50)).toBe('[####################] 50/50 sources');
  });

  it('is full for a config with no enabled source', () => {
    expect(renderProgress(0, 0)).toBe('[####################] 0/0 sources');
  });

  it('redraws its one line in place, keeps log lines above it, and clears itself at the end', () => {
    const { stream, written } = recorder();
    const bar = new ProgressBar(stream, 2);
    bar.start();
    bar.tick();
    bar.print('a log line\n');
    bar.tick();
    bar.finish();
    expect(written()).toBe(
      '\r\x1b[K[--------------------] 0/2 sources' +
        '\r\x1b[K[##########----------] 1/2 sources' +
        '\r\x1b[Ka log line\n\r\x1b[K[##########----------] 1/2 sources' +
        '\r\x1b[K[####################] 2/2 sources' +
        '\r\x1b[K',
    );
  });

  it('writes log lines as they are once finished', () => {
    const { stream, written } = recorder();
    const bar = new ProgressBar(stream, 1);
    bar.start();
    bar.finish();
    bar.finish();
    bar.print('late line\n');
    expect(written()).toBe('\r\x1b[K[--------------------] 0/1 sources\r\x1b[Klate line\n');
  });
});
