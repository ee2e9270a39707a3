import { parseRoles, type Role } from '../cluster/roles.js';
import { Daemon } from '../daemon/daemon.js';
import { loadConfig } from '../config/load-config.js';
import { watchConfigFile } from '../config/watch-config.js';
import { describeError, isConfigError } from '../errors/index.js';
import { createLogger } from '../log.js';
import { EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport, resolveStoreUri } from './load-or-report.js';
import type { PollOptions } from './poll.js';

export interface RunOptions extends PollOptions {
  /** `all`, or a comma-separated list of fleet roles (see cluster/roles.ts). */
  role: string;
}

/**
 * `tributary run`: the daemon until SIGINT/SIGTERM. Tells pm2 it is ready (wait_ready) once started;
 * a second signal during shutdown exits at once.
 */
export async function runDaemon(options: RunOptions): Promise<number> {
  let roles: Role[] | undefined;
  try {
    roles = parseRoles(options.role);
  } catch (error) {
    if (!isConfigError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_BAD_CONFIG;
  }
  const config = await loadConfigOrReport(options.config);
  if (!config) return EXIT_BAD_CONFIG;
  const logger = createLogger();

  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting so the supervisor restarts a clean process');
    logger.flush();
    process.exit(EXIT_FAILURE);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });

  let daemon: Daemon;
  try {
    daemon = await Daemon.start({
      config,
      storeUri: resolveStoreUri(options.store, config),
      outDir: options.out,
      logger,
      roles,
      serve: config.server.enabled ? { host: config.server.host, port: resolvePort(config.server.port) } : false,
    });
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    logger.flush();
    // A usage error (a fleet role on an embedded store) exits as a bad config or --role does.
    return isConfigError(error) ? EXIT_BAD_CONFIG : EXIT_FAILURE;
  }

  // Live config: an edit of the file (debounced) or SIGHUP reloads it; an invalid edit is refused
  // with its problems logged, and the last good config keeps running.
  let reloading = Promise.resolve();
  const reload = (why: string) => {
    reloading = reloading.then(async () => {
      try {
        await daemon.reload(await loadConfig(options.config), why);
      } catch (error) {
        const problems = isConfigError(error) ? error.problems : undefined;
        logger.error({ reason: why, problems, err: problems ? undefined : error }, `config not reloaded, the last good one keeps running: ${describeError(error)}`);
      }
    });
  };
  const watcher = watchConfigFile(options.config, () => reload('file changed'));
  process.on('SIGHUP', () => reload('SIGHUP'));

  const code = await new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(EXIT_FAILURE);
      }
      signalled = true;
      watcher.close();
      logger.info({ signal }, 'signal received');
      // Every close on the way out is bounded; this bounds their sum, below pm2's kill_timeout (20 s),
      // so that a stop that waits on something unanswering still ends in an exit the log explains.
      setTimeout(() => {
        logger.error({ deadline_ms: STOP_DEADLINE_MS }, 'stop did not finish in time; exiting');
        logger.flush();
        process.exit(EXIT_FAILURE);
      }, STOP_DEADLINE_MS).unref();
      daemon.stop().then(
        () => resolve(EXIT_OK),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(EXIT_FAILURE);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.send?.('ready');
  });
  // Stopped: whatever a library leaves behind (a client still reconnecting to an unreachable Redis,
  // a timer) must not keep the process alive. An unref'd timer fires only if something else does.
  setTimeout(() => {
    logger.warn('something kept the stopped process alive; exiting');
    logger.flush();
    process.exit(code);
  }, 3_000).unref();
  return code;
}

/** Longest a stop may take from the signal: the daemon's grace (10 s) and its bounded closes, under pm2's kill_timeout. */
const STOP_DEADLINE_MS = 18_000;

/** PORT, as platforms set it, wins over the config. */
function resolvePort(configured: number): number {
  const fromEnv = process.env.PORT;
  if (fromEnv === undefined || fromEnv === '') return configured;
  const port = Number(fromEnv);
  return Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : configured;
}
