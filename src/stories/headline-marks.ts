import { addTerms, type TermCount } from './tokenize.js';

/**
 * What a headline's shape says beyond its words, as marks that join the item's terms: who leads it
 * (the first word of each clause: "Strategy buys …", "Live updates: Bitcoin turns lower") and what
 * kind of happening it names (a hack, a launch, fund flows, a purchase …). Two reports of one
 * happening mostly share a lead or a kind; a join against both is what chains different news
 * through common market words ("ETF inflows" and "launches … ETF"). English headlines only.
 */

/** A lead mark starts with this, a kind mark with `KIND_PREFIX` (no word can: the tokenizer keeps letters and digits). */
export const LEAD_PREFIX = '^';
export const KIND_PREFIX = '%';

const CLAUSES = /[:.!?;]\s+|\s[-–—|]\s|,\s+/u;
/** Most clauses whose lead is read. */
const MAX_LEADS = 3;

/** Kinds of happening and the stems that name them (matched at a word's start, case aside). */
const KINDS: ReadonlyArray<[kind: string, pattern: RegExp]> = [
  ['hack', /\b(?:hack|exploit|breach|theft|stolen|drain|attacker|phish)/iu],
  ['launch', /\b(?:launch|relaunch|debut|unveil|rolls?\s+out|goes\s+live|introduces)/iu],
  ['flows', /\b(?:inflow|outflow|flows\b)/iu],
  ['purchase', /\b(?:buys|bought|purchase|acquir|acquisition|takeover|merger)/iu],
  ['legal', /\b(?:lawsuit|sues\b|sued\b|court|judge|ruling|charged|charges|sentenc|indict|settle|plea)/iu],
  ['approval', /\b(?:approv|authoriz|licen[cs]|greenlight|green\s+light)/iu],
  ['funding', /\b(?:raises|raised|funding|series\s+[a-e]\b|seed\s+round|valuation)/iu],
  ['outlook', /\b(?:week\s+ahead|things\s+to\s+know|what\s+happened|daybook|recap|digest|outlook|price\s+prediction|predicts?)/iu],
];

/** The first term of each clause that is no number, as the tokenizer spells it (stop words dropped). */
function leadsOf(title: string): string[] {
  const leads: string[] = [];
  for (const clause of title.split(CLAUSES)) {
    const terms = new Map<string, TermCount>();
    addTerms(terms, clause, 1, true);
    const lead = [...terms.keys()].find((term) => !/^\p{N}/u.test(term));
    if (lead !== undefined && !leads.includes(lead)) leads.push(lead);
    if (leads.length >= MAX_LEADS) break;
  }
  return leads;
}

/** Whether a term is a mark (a lead or a kind), not a word of the item. */
export function isMark(term: string): boolean {
  return term.startsWith(LEAD_PREFIX) || term.startsWith(KIND_PREFIX);
}

/** The marks of a headline: its leads and its kinds, as terms (`^strategy`, `%purchase`). */
export function headlineMarks(title: string): string[] {
  const normalized = title.normalize('NFKC').replace(/[’‘`´]/gu, "'");
  const marks = leadsOf(normalized).map((lead) => `${LEAD_PREFIX}${lead}`);
  for (const [kind, pattern] of KINDS) if (pattern.test(normalized)) marks.push(`${KIND_PREFIX}${kind}`);
  return marks;
}

/** The terms of a vector or a centroid. */
export interface TermLookup {
  has(term: string): boolean;
  keys(): Iterable<string>;
}

/** What a cluster's terms say of an item's marks. */
export interface MarkMatch {
  /** Neither has a lead the other holds as a word: no lead of the item is among the cluster's terms, and no lead of the cluster among the item's. */
  leadsApart: boolean;
  /** Both name kinds of happening, and none in common. */
  kindsApart: boolean;
}

/**
 * Compares an item's marks and terms with a cluster's terms. A lead `^x` matches when `x` is a term
 * of the other side (a lead may be named later in the other headline: "Circle urges EU …" and
 * "Hyperliquid Policy Center, Circle press EU …").
 */
export function compareMarks(itemTerms: ReadonlyMap<string, unknown>, clusterTerms: TermLookup): MarkMatch {
  let itemLeads = 0;
  let clusterLeads = 0;
  let leadShared = false;
  let itemKinds = 0;
  let clusterKinds = 0;
  let kindShared = false;
  for (const term of itemTerms.keys()) {
    if (term.startsWith(LEAD_PREFIX)) {
      itemLeads += 1;
      leadShared ||= clusterTerms.has(term.slice(1));
    } else if (term.startsWith(KIND_PREFIX)) {
      itemKinds += 1;
      kindShared ||= clusterTerms.has(term);
    }
  }
  for (const term of clusterTerms.keys()) {
    if (term.startsWith(LEAD_PREFIX)) {
      clusterLeads += 1;
      leadShared ||= itemTerms.has(term.slice(1));
    } else if (term.startsWith(KIND_PREFIX)) clusterKinds += 1;
  }
  return { leadsApart: itemLeads > 0 && clusterLeads > 0 && !leadShared, kindsApart: itemKinds > 0 && clusterKinds > 0 && !kindShared };
}
