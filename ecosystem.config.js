// pm2 process file. This package is "type": "module", so this file is ESM; pm2 loads it with
// require(), which on Node >= 20.19 returns the module namespace: pm2 finds `apps` there because
// it is a named export (a default export alone gives "No script path").
//
// One machine (the default):
//   pm2 start ecosystem.config.js        pm2 logs tributary        pm2 stop tributary
// A fleet on one Redis (store.uri redis://…; see docs/fleet.md):
//   TRIBUTARY_TOPOLOGY=fleet pm2 start ecosystem.config.js
//   pm2 scale tributary-worker 4         pm2 reload tributary-publisher (no request dropped)
const config = process.env.TRIBUTARY_CONFIG ?? 'config/feeds.json';
const logDir = process.env.TRIBUTARY_LOG_DIR ?? 'logs';

/** What every entry shares; `name` and `role` make the rest. */
function app(name, role, extra = {}) {
  return {
    name,
    script: 'dist/src/cli.js',
    // TRIBUTARY_CONFIG picks another config file (read when pm2 loads this file).
    args: ['run', '--config', config, '--role', role],
    cwd: import.meta.dirname,
    exec_mode: 'fork',
    instances: 1,
    autorestart: true,
    // The daemon sends 'ready' once started; pm2 waits for it before calling the start done.
    wait_ready: true,
    listen_timeout: 30_000,
    // SIGINT first; the daemon lets in-flight polls finish (10 s grace) and closes the store.
    kill_timeout: 20_000,
    // A guard against leaks, not a budget: the daemon's peak grows with the items in the story
    // window and the parse threads (about 1 GB at 1,000 busy feeds of 40 items; bench/RESULTS.md).
    max_memory_restart: '1536M',
    // TRIBUTARY_LOG_DIR moves the log files (default logs/).
    out_file: `${logDir}/${name}.out.log`,
    error_file: `${logDir}/${name}.err.log`,
    merge_logs: true,
    time: false,
    env: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
    env_development: { NODE_ENV: 'development', LOG_LEVEL: 'debug' },
    ...extra,
  };
}

const fleet = [
  // Two schedulers: one holds the lease and queues due polls; the other takes over within
  // cluster.leaseSeconds if it dies. Run them on different hosts for availability.
  app('tributary-scheduler', 'scheduler', { instances: 2 }),
  // Workers fetch, parse and store; `pm2 scale tributary-worker N` adds or removes them.
  app('tributary-worker', 'worker', { instances: Number(process.env.TRIBUTARY_WORKERS ?? 2) }),
  // Publishers serve on one port in cluster mode, so a reload replaces them one by one; only the
  // publisher lease's holder writes feeds/, the others serve what they render in memory.
  app('tributary-publisher', 'publisher', { exec_mode: 'cluster', instances: Number(process.env.TRIBUTARY_PUBLISHERS ?? 2) }),
];

export const apps = process.env.TRIBUTARY_TOPOLOGY === 'fleet' ? fleet : [app('tributary', 'all')];

export default { apps };
