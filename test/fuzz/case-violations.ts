import type { CaseRun } from './fuzz-pipeline.js';
import { outputViolations } from './output-checks.js';

/** The codes of src/errors: FetchError's FETCH_<KIND>, ParseError's, StoreError's. */
const TRIBUTARY_ERROR_CODE = /^(FETCH_[A-Z_]+|PARSE_FAILED|PARSE_TIMEOUT|STORE_FAILED)$/;
const PINO_ERROR = 50;

/**
 * Everything that breaks the fuzz property for one case: the refresh either failed with a typed,
 * classified error or succeeded; nothing was logged as an error (an item the pipeline accepted but
 * the publisher could not render, a state it could not save, …); and a success published every
 * stored item in outputs that pass outputViolations.
 */
export function caseViolations(run: CaseRun): string[] {
  const { outcome, published, log } = run;
  const found: string[] = [];
  for (const line of log) if (line.level >= PINO_ERROR) found.push(`logged an error: ${line.msg} ${JSON.stringify(line.err ?? line.problem ?? '')}`);

  if (outcome.status === 'failed') {
    // 'unknown' is what refreshSource calls anything that is not a TributaryError it knows.
    if (outcome.errorKind === undefined || outcome.errorKind === 'unknown') found.push(`failed without a typed error: ${outcome.errorKind} ${outcome.reason}`);
    const failing = log.find((line) => line.msg.startsWith('source failing'));
    if (!failing) found.push('failed, but the failure was not logged');
    else if (typeof failing.code !== 'string' || !TRIBUTARY_ERROR_CODE.test(failing.code)) {
      found.push(`the error is not a TributaryError: code ${JSON.stringify(failing.code)}, ${JSON.stringify(failing.err)}`);
    }
    return found;
  }
  if (outcome.status !== 'changed' && outcome.status !== 'unchanged') return [...found, `unexpected outcome ${outcome.status} for a first, forced poll`];
  if (!published) return [...found, 'succeeded but published nothing'];
  if (published.skipped > 0) found.push(`the publisher skipped ${published.skipped} stored items`);
  // A fresh store: every item of the document that was kept is new, and one source's items are
  // never echoes of each other, so all of them reach the outputs.
  if (published.items !== outcome.added) found.push(`${outcome.added} items stored, ${published.items} published`);
  return [...found, ...outputViolations(published)];
}
