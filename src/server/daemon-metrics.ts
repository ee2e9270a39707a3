import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the metrics need from one finished refresh. */
export interface RefreshSample {
  sourceKey: string;
  status: string;
  errorKind?: string;
  durationMs?: number;
  added: number;
  updated: number;
}

/**
 * The daemon's Prometheus metrics, in a registry of its own (no global default registry, so two
 * daemons in one process, as in tests, never share counters). Labels are source keys and fixed
 * words only: never URLs, which may carry credentials.
 */
export class DaemonMetrics {
  readonly registry = new Registry();
  private readonly polls: Counter<'source' | 'status'>;
  private readonly errors: Counter<'source' | 'kind'>;
  private readonly fetchDuration: Histogram<'source'>;
  private readonly items: Counter<'source' | 'change'>;
  private readonly lastPublish: Gauge<'output'>;

  constructor(read: { sourceStates: () => Map<string, number>; storedItems: () => Promise<number> }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'tributary_' });
    this.polls = new Counter({ name: 'tributary_polls_total', help: 'Polls by source and outcome', labelNames: ['source', 'status'], registers });
    this.errors = new Counter({ name: 'tributary_poll_errors_total', help: 'Failed polls by source and error kind', labelNames: ['source', 'kind'], registers });
    this.fetchDuration = new Histogram({
      name: 'tributary_fetch_duration_seconds',
      help: 'Time to fetch a source, from request to end of body',
      labelNames: ['source'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.items = new Counter({ name: 'tributary_items_total', help: 'Items stored, new or updated, by source', labelNames: ['source', 'change'], registers });
    this.lastPublish = new Gauge({ name: 'tributary_output_last_publish_timestamp_seconds', help: 'When each output last changed', labelNames: ['output'], registers });
    // Gauges read at each scrape: the registry holds them, nothing else needs to.
    new Gauge({
      name: 'tributary_sources',
      help: 'Sources by state (ok, failing, backing-off, disabled, moved, recovered, never-polled)',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        for (const [state, count] of read.sourceStates()) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'tributary_store_items',
      help: 'Items in the newest-items index of the store (what outputs are built from)',
      registers,
      async collect() {
        // An unreachable store leaves the gauge as it was rather than failing the whole scrape.
        try {
          this.set(await read.storedItems());
        } catch {
          // nothing to report
        }
      },
    });
  }

  recordRefresh(sample: RefreshSample): void {
    this.polls.inc({ source: sample.sourceKey, status: sample.status });
    if (sample.errorKind) this.errors.inc({ source: sample.sourceKey, kind: sample.errorKind });
    if (sample.durationMs !== undefined) this.fetchDuration.observe({ source: sample.sourceKey }, sample.durationMs / 1000);
    if (sample.added > 0) this.items.inc({ source: sample.sourceKey, change: 'new' }, sample.added);
    if (sample.updated > 0) this.items.inc({ source: sample.sourceKey, change: 'updated' }, sample.updated);
  }

  recordPublish(output: string, at: Date): void {
    this.lastPublish.set({ output }, at.getTime() / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
