import type { Topic } from './default-topics.js';

/** Finds topic codes in text; see compileTopics. */
export type TopicMatcher = (text: string) => string[];

/**
 * One matcher for a dictionary of topics: the codes whose terms (ignoring case, whole words, a
 * trailing `*` for any ending) or tickers (as written, whole words, an optional `$`) occur in the
 * text, in dictionary order — the dictionary lists the specific before the general, so the first
 * code found is the one that best names the item.
 */
export function compileTopics(dictionary: ReadonlyMap<string, Topic>): TopicMatcher {
  const compiled = [...dictionary].map(([code, topic]) => ({ code, terms: termPattern(topic.terms), tickers: tickerPattern(topic.tickers) }));
  return (text) => compiled.filter(({ terms, tickers }) => terms?.test(text) || tickers?.test(text)).map(({ code }) => code);
}

/** Letters and digits of any script: a term matches only between other characters or the ends. */
const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';

function termPattern(terms: readonly string[]): RegExp | undefined {
  if (terms.length === 0) return undefined;
  const alternatives = terms.map((term) => {
    const open = term.endsWith('*');
    const body = escapeRegExp(open ? term.slice(0, -1) : term).replace(/\s+/g, '[\\s-]+');
    return open ? `${body}[\\p{L}\\p{N}]*` : body;
  });
  return new RegExp(`${BEFORE}(?:${alternatives.join('|')})${AFTER}`, 'iu');
}

function tickerPattern(tickers: readonly string[]): RegExp | undefined {
  if (tickers.length === 0) return undefined;
  // `$` is not a letter, so "$SOL" passes the boundary before SOL as it is.
  return new RegExp(`${BEFORE}(?:${tickers.map(escapeRegExp).join('|')})${AFTER}`, 'u');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
