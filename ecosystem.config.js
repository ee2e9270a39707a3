// pm2 process file. This package is "type": "module", so this file is ESM; pm2 loads it with
// require(), which on Node >= 20.19 returns the module namespace: pm2 finds `apps` there because
// it is a named export (a default export alone gives "No script path").
//   pm2 start ecosystem.config.js        pm2 logs tributary        pm2 stop tributary
export const apps = [
  {
    name: 'tributary',
    script: 'dist/src/cli.js',
    // TRIBUTARY_CONFIG picks another config file (read when pm2 loads this file).
    args: ['run', '--config', process.env.TRIBUTARY_CONFIG ?? 'config/feeds.json'],
    cwd: import.meta.dirname,
    exec_mode: 'fork',
    instances: 1,
    autorestart: true,
    // The daemon sends 'ready' once started; pm2 waits for it before calling the start done.
    wait_ready: true,
    listen_timeout: 30_000,
    // SIGINT first; the daemon lets in-flight polls finish (10 s grace) and closes the store.
    kill_timeout: 20_000,
    max_memory_restart: '512M',
    // TRIBUTARY_LOG_DIR moves the log files (default logs/).
    out_file: `${process.env.TRIBUTARY_LOG_DIR ?? 'logs'}/tributary.out.log`,
    error_file: `${process.env.TRIBUTARY_LOG_DIR ?? 'logs'}/tributary.err.log`,
    merge_logs: true,
    time: false,
    env: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
    env_development: { NODE_ENV: 'development', LOG_LEVEL: 'debug' },
  },
];

export default { apps };
