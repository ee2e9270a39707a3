import { expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { createWorkspace } from '../helpers/temp-workspace.js';
import { duplicatesOf } from './output-files.js';
import { runFaultScenario } from './store-fault-scenario.js';

describeWithRedis('the daemon on a Redis store whose server stops', () => {
  it('logs the outage, keeps the outputs, and stores everything once redis-server is back on the same port', async () => {
    expect((await runCli(['--version'])).code).toBe(0);
    const redis = await RedisServer.start({ persist: true });
    try {
      const work = await createWorkspace();
      const result = await runFaultScenario({
        ...work,
        storeUri: redis.uri,
        induce: () => redis.halt(),
        clear: () => redis.resume(),
        faultLogged: /"error_kind":"store"|could not/,
      });
      expect(result.outputsKept).toBe(true);
      expect(result.exitCode).toBe(0);
      expect(result.log).not.toContain('"msg":"poll crashed"');
      expect(result.log).not.toContain('uncaught exception');
      expect(duplicatesOf(result.stored)).toEqual([]);
      expect(result.stored).toEqual(['story-4', 'story-3', 'story-2', 'story-1']);
    } finally {
      await redis.stop();
    }
  }, 240_000);
});
