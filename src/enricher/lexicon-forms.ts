/**
 * Spells out a sentiment lexicon whose keys may carry a `*`: `plunge*` stands for plunge, plunges,
 * plunged, plunging. Hand-written because the inflection rules needed are these few regular ones;
 * a stemmer would instead have to be run on every word of every headline.
 */
const VOWELS = 'aeiou';

/** A word and its regular inflections: -s/-es, -ed/-d, -ing, doubling a final consonant and y → ies/ied. */
function inflections(stem: string): string[] {
  const forms = new Set([stem]);
  const last = stem.at(-1) ?? '';
  const beforeLast = stem.at(-2) ?? '';
  if (stem.endsWith('e')) {
    forms
      .add(`${stem}s`)
      .add(`${stem}d`)
      .add(`${stem.slice(0, -1)}ing`);
  } else if (last === 'y' && !VOWELS.includes(beforeLast)) {
    forms
      .add(`${stem.slice(0, -1)}ies`)
      .add(`${stem.slice(0, -1)}ied`)
      .add(`${stem}ing`);
  } else {
    forms
      .add(/(s|x|z|ch|sh)$/.test(stem) ? `${stem}es` : `${stem}s`)
      .add(`${stem}ed`)
      .add(`${stem}ing`);
    const shortCvc = stem.length <= 4 && !VOWELS.includes(last) && !'wxy'.includes(last) && VOWELS.includes(beforeLast) && !VOWELS.includes(stem.at(-3) ?? 'a');
    if (shortCvc) forms.add(`${stem}${last}ed`).add(`${stem}${last}ing`);
  }
  return [...forms];
}

/** Expands `word*` (or a phrase whose first word carries the `*`) into every form. */
function expand(key: string): string[] {
  const words = key.split(' ');
  const starred = words.findIndex((word) => word.endsWith('*'));
  if (starred === -1) return [key];
  const stem = words[starred]!.slice(0, -1);
  return inflections(stem).map((form) => [...words.slice(0, starred), form, ...words.slice(starred + 1)].join(' '));
}

export function expandLexicon(entries: Readonly<Record<string, number>>): ReadonlyMap<string, number> {
  const lexicon = new Map<string, number>();
  // Exact keys are set last, so "lands" or "rose" is never overwritten by a stem's guessed form.
  const keys = Object.keys(entries).sort((a, b) => Number(b.includes('*')) - Number(a.includes('*')));
  for (const key of keys) for (const form of expand(key)) lexicon.set(form, entries[key]!);
  return lexicon;
}
