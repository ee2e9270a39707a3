/**
 * Price moves: a headline whose subject moves up, down or sideways ("Bitcoin drops under $83K",
 * "Ether rebounds", "Bitcoin stalls near $83,000"). Reports of one move share little but the asset
 * and an amount, and reports of different moves on neighbouring days share the same words, so a
 * move is read into a term of its own: the asset, the direction and the UTC day. Two reports of the
 * same move share that term (rare: it names one day); two moves of one asset that differ in
 * direction or day are not one event (see `conflictingMove`).
 */

/** Terms that name a move start with this (no word can: the tokenizer keeps letters and digits). */
export const MOVE_PREFIX = '~';

const DAY_MS = 86_400_000;

/** Clause breaks of a headline: a colon, a dash or bar between spaces, a sentence's end. */
const CLAUSES = /[:.!?;]\s+|\s[-–—|]\s/u;
/** The first word of a clause (the asset), then what follows it. */
const LEAD = /^\s*[‘'"“]?([\p{L}][\p{L}\p{N}]*)\s+(.*)$/u;

/** Words that may stand between the asset and its verb ("Bitcoin briefly hits", "Bitcoin remains under pressure"). */
const ADVERB = String.raw`(?:(?:briefly|remains|slightly|sharply|further|again|quickly|now)\s+)?`;
/** A price, a share or a word of price levels: what a verb that has other senses needs beside it ("SEC drops lawsuit" is no move). */
const PRICE_CUE = /[$%€£]|\d|\b(?:price|prices|high|highs|highest|low|lows|lowest|level|levels|gains|losses|record|peak|support|resistance)\b/iu;

/** Verbs of moving; the first list of each direction says it alone, the second only beside a price cue. */
const DIRECTIONS: ReadonlyArray<[direction: string, plain: string, cued: string]> = [
  [
    'down',
    String.raw`plunges|plummets|tumbles|slides|slumps|dips|turns\s+lower|gives\s+back|under\s+pressure|pulls\s+back|extends\s+losses`,
    'falls|fell|drops|dropped|slips|sinks|declines|retreats|crashes|sheds|reverses',
  ],
  [
    'up',
    String.raw`rallies|surges|soars|rebounds|bounces|climbs|edges\s+(?:up|higher)|back\s+above|breaks\s+above|extends\s+gains|posts\s+(?:\p{L}+\s+)?gains|fights\s+for\s+(?:\p{L}+\s+)?uptrend`,
    'rises|rose|jumps|recovers|hits|reaches|tops|nears',
  ],
  ['flat', String.raw`stalls|steadies|hovers|consolidates|trapped|stuck|treads\s+water|range-bound|moves\s+sideways`, 'holds|flat'],
];
const PATTERNS = DIRECTIONS.map(([direction, plain, cued]) => ({
  direction,
  plain: new RegExp(`^${ADVERB}(?:${plain})\\b`, 'iu'),
  cued: new RegExp(`^${ADVERB}(?:${cued})\\b`, 'iu'),
}));

/** A clause that says the price is held in a range, wherever it says so ("… in the old $82,000-$85,000 price range"). */
const IN_RANGE = /\b(?:price|trading)\s+range\b|\brange-bound\b/iu;

/**
 * The move a headline reports, as a term (`~bitcoin~down~20359`: asset, direction, UTC day
 * number), or undefined: the first clause whose first word is followed by a verb of moving. Only
 * the lead of a clause counts ("Bitcoin stalls … while lighter drops 17 %" is bitcoin's move).
 */
export function priceMoveTerm(title: string, at: number): string | undefined {
  for (const clause of title.normalize('NFKC').split(CLAUSES)) {
    const lead = LEAD.exec(clause);
    if (!lead) continue;
    const rest = lead[2]!;
    for (const { direction, plain, cued } of PATTERNS) {
      if (plain.test(rest) || (cued.test(rest) && PRICE_CUE.test(rest))) return moveTerm(lead[1]!, direction, at);
    }
    if (IN_RANGE.test(rest)) return moveTerm(lead[1]!, 'flat', at);
  }
  return undefined;
}

function moveTerm(asset: string, direction: string, at: number): string {
  return `${MOVE_PREFIX}${asset.toLowerCase()}${MOVE_PREFIX}${direction}${MOVE_PREFIX}${Math.floor(at / DAY_MS)}`;
}

/** The asset part of a move term, with its separators (`~bitcoin~`), for finding the same asset's other moves. */
function assetKey(move: string): string {
  return move.slice(0, move.indexOf(MOVE_PREFIX, 1) + 1);
}

/**
 * Whether a cluster's terms hold a move of the same asset as `move` but another direction or day:
 * then the item reports another move than the cluster's, whatever words they share.
 */
export function conflictingMove(move: string, clusterTerms: Iterable<string>): boolean {
  const asset = assetKey(move);
  for (const term of clusterTerms) if (term !== move && term.startsWith(asset)) return true;
  return false;
}
