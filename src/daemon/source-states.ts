import type { SourceConfig } from '../config/schema.js';
import type { FetchState } from '../model/fetch-state.js';
import type { RefreshOutcome } from '../pipeline/refresh-source.js';
import type { ItemStore } from '../store/item-store.js';

/**
 * Each source's last known fetch state, for the status page and metrics: kept current from the
 * refreshes' outcomes (each carries the state it saved), read from the store at start, after a
 * reload, and in a fleet's publisher (whose polls run elsewhere) after each publish. Never read per request.
 */
export class SourceStates {
  private readonly states = new Map<string, FetchState | undefined>();

  constructor(private readonly store: ItemStore) {}

  /** What a refresh saved; an outcome without a state (none could be read or saved) changes nothing. */
  record(outcome: RefreshOutcome): void {
    if (outcome.state) this.states.set(outcome.sourceKey, outcome.state);
  }

  /** These sources' states as the store has them now. */
  async load(sources: readonly SourceConfig[]): Promise<void> {
    const states = await this.store.getStates(sources.map((source) => source.key));
    for (const source of sources) this.states.set(source.key, states.get(source.key));
  }

  /** Forgets the sources no longer configured. */
  keepOnly(sources: readonly SourceConfig[]): void {
    const keys = new Set(sources.map((source) => source.key));
    for (const key of this.states.keys()) if (!keys.has(key)) this.states.delete(key);
  }

  get all(): ReadonlyMap<string, FetchState | undefined> {
    return this.states;
  }
}
