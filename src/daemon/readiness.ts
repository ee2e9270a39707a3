import type { Readiness } from '../server/http-server.js';
import type { ItemStore } from '../store/item-store.js';

/** What /readyz answers: ready once the store answers and the first poll cycle is done. */
export async function checkReadiness(store: ItemStore, firstCycleDone: boolean): Promise<Readiness> {
  let answers = true;
  try {
    await store.getState('__readiness__');
  } catch {
    answers = false;
  }
  const checks = { store: answers, config: true, firstCycle: firstCycleDone };
  return { ready: Object.values(checks).every(Boolean), checks };
}
