import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomEntries } from '../helpers/feed-xml.js';
import { waitFor } from '../helpers/wait-for.js';
import { createPm2Harness, type Pm2Harness } from './pm2-harness.js';

/** Tributary under pm2 itself, from the project's ecosystem.config.js, with a private PM2_HOME. */
describe('under pm2', () => {
  let harness: Pm2Harness;
  const pm2 = (...args: string[]) => harness.pm2(...args);
  const list = () => harness.list();
  const fetchAtom = () => harness.fetchAtom();

  beforeAll(async () => {
    harness = await createPm2Harness({});
  });

  afterAll(async () => {
    await harness.close();
  });

  it('starts from ecosystem.config.js, waits for ready, polls, serves, reloads and stops cleanly', async () => {
    await pm2('start', 'ecosystem.config.js');
    const [app] = await list();
    expect(app).toMatchObject({ name: 'tributary', pm2_env: { status: 'online' } });

    const first = await waitFor('the daemon to serve the polled item', async () => {
      const answer = await fetchAtom().catch(() => undefined);
      return answer?.status === 200 && answer.body.includes('Story A') ? answer : undefined;
    });
    expect(atomEntries(first.body).map((entry) => entry.title)).toEqual(['Story A']);

    await pm2('reload', 'tributary');
    const [reloaded] = await list();
    expect(reloaded!.pid).not.toBe(app!.pid);
    expect(reloaded!.pm2_env.status).toBe('online');
    const again = await waitFor('the reloaded daemon to serve', async () => (await fetchAtom().catch(() => undefined))?.status === 200);
    expect(again).toBe(true);
    expect((await fetchAtom()).body).toBe(first.body);

    await pm2('stop', 'tributary');
    const [stopped] = await list();
    expect(stopped!.pm2_env.status).toBe('stopped');
    const log = await readFile(stopped!.pm2_env.pm_out_log_path, 'utf8');
    expect(log.match(/"msg":"stopped"/g)).toHaveLength(2);
  });
});
