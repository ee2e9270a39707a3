import type { DaemonOptions } from './daemon-options.js';
import { FleetRoles } from './fleet-roles.js';
import { SingleProcessRoles, type ProcessRoles } from './process-roles.js';

/** The single process of an embedded store, or a process of a fleet on a Redis one. */
export async function openRoles(options: DaemonOptions): Promise<ProcessRoles> {
  if (!options.roles && !/^rediss?:\/\//i.test(options.storeUri)) return new SingleProcessRoles();
  return FleetRoles.open({
    storeUri: options.storeUri,
    config: options.config,
    roles: options.roles,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
  });
}
