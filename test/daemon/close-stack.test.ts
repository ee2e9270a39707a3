import { describe, expect, it } from 'vitest';
import { CloseStack } from '../../src/daemon/close-stack.js';
import { captureLog } from '../helpers/log-capture.js';

describe('the close stack', () => {
  it('closes in reverse order of opening, each once', async () => {
    const closed: string[] = [];
    const stack = new CloseStack(captureLog().logger);
    for (const name of ['store', 'agent', 'server']) stack.push(name, () => closed.push(name));
    await stack.closeAll();
    await stack.closeAll();
    expect(closed).toEqual(['server', 'agent', 'store']);
  });

  it('goes on closing after a part fails, and logs the failure with the part', async () => {
    const closed: string[] = [];
    const log = captureLog();
    const stack = new CloseStack(log.logger);
    stack.push('store', () => closed.push('store'));
    stack.push('fleet connection', async () => {
      throw new Error('Redis gone');
    });
    stack.push('server', () => closed.push('server'));
    await stack.closeAll();
    expect(closed).toEqual(['server', 'store']);
    expect(log.lines().find((line) => line.part === 'fleet connection')).toMatchObject({ msg: 'could not close the fleet connection' });
  });

  it('gives up a close that does not end within its bound, says so, and closes the rest', async () => {
    const closed: string[] = [];
    const log = captureLog();
    const stack = new CloseStack(log.logger, 50);
    stack.push('store', () => closed.push('store'));
    stack.push('publishing', () => new Promise(() => {}));
    await stack.closeAll();
    expect(closed).toEqual(['store']);
    expect(log.lines().find((line) => line.part === 'publishing')).toMatchObject({ msg: 'gave up closing the publishing after 50 ms' });
  });
});
