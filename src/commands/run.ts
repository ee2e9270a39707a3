import type { CommonOptions } from '../cli.js';
import { Daemon } from '../daemon.js';
import { createLogger } from '../log.js';
import { EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { loadConfigOrReport, resolveStoreUri } from './load-or-report.js';

/**
 * `tributary run`: the daemon until SIGINT/SIGTERM. Tells pm2 it is ready (wait_ready) once started;
 * a second signal during shutdown exits at once.
 */
export async function runDaemon(options: CommonOptions): Promise<number> {
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
      outDir: options.out ?? config.output.dir,
      logger,
    });
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    logger.flush();
    return EXIT_FAILURE;
  }

  return await new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(EXIT_FAILURE);
      }
      signalled = true;
      logger.info({ signal }, 'signal received');
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
}
