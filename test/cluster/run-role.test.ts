import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createWorkspace, testConfig } from '../helpers/temp-workspace.js';

describe('tributary run --role', () => {
  it('refuses an unknown role before doing anything, naming what it accepts', async () => {
    const work = await createWorkspace();
    await work.writeConfig(testConfig([]));
    const result = await runCli(['run', '--config', work.configFile, '--role', 'worker,poller']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--role: unknown role "poller"; use all, or one or more of scheduler, worker, publisher');
  });

  it('says a fleet role needs a shared Redis store when the store is an embedded file', async () => {
    const work = await createWorkspace();
    await work.writeConfig(testConfig([]));
    const result = await runCli(['run', '--config', work.configFile, '--store', work.storeUri, '--role', 'worker']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('--role worker needs a redis:// store shared by every process');
    expect(result.stdout).toContain('with an embedded store run --role all');
    await expect(access(work.storeFile)).rejects.toThrow('ENOENT');
  });

  it('takes the role from TRIBUTARY_ROLE when no --role is given', async () => {
    const work = await createWorkspace();
    await work.writeConfig(testConfig([]));
    const result = await runCli(['run', '--config', work.configFile, '--store', work.storeUri], { env: { TRIBUTARY_ROLE: 'publisher' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('--role publisher needs a redis:// store');
  });
});
