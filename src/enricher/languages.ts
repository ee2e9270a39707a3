import type { Script } from './text-script.js';

/** The 60 languages eld tells apart (ISO 639-1), with the scripts each is written in; the first is eld's. */
const SCRIPTS_OF_LANGUAGE: Readonly<Record<string, readonly Script[]>> = {
  ...Object.fromEntries(
    ['az', 'ca', 'cs', 'da', 'de', 'en', 'es', 'et', 'eu', 'fi', 'fr', 'hr', 'hu', 'is', 'it', 'lt', 'lv', 'ms', 'nl', 'no', 'pl', 'pt', 'ro', 'sk', 'sl', 'sq', 'sv', 'tl', 'tr', 'vi', 'yo'].map(
      (language) => [language, ['Latin']],
    ),
  ),
  ...Object.fromEntries(['be', 'bg', 'ru', 'uk'].map((language) => [language, ['Cyrillic']])),
  // Serbian is written in both alphabets; eld knows its Cyrillic.
  sr: ['Cyrillic', 'Latin'],
  ...Object.fromEntries(['ar', 'fa', 'ur'].map((language) => [language, ['Arabic']])),
  // eld's Kurdish is Sorani (Arabic script); Kurmanji is written in Latin.
  ku: ['Arabic', 'Latin'],
  hi: ['Devanagari'],
  mr: ['Devanagari'],
  // Japanese can be all kanji; Korean mixes in Hanja.
  ja: ['Jpan', 'Hani'],
  zh: ['Hani'],
  ko: ['Hangul', 'Hani'],
  el: ['Greek'],
  he: ['Hebrew'],
  th: ['Thai'],
  lo: ['Lao'],
  kn: ['Kannada'],
  bn: ['Bengali'],
  gu: ['Gujarati'],
  pa: ['Gurmukhi'],
  or: ['Oriya'],
  ta: ['Tamil'],
  te: ['Telugu'],
  ml: ['Malayalam'],
  ka: ['Georgian'],
  hy: ['Armenian'],
  am: ['Ethiopic'],
};

/**
 * Declared primary subtags eld knows under another code, or by a close relative it can't tell them
 * from: they are compared as the code given here (the declared tag itself is what is kept).
 */
const SAME_AS: ReadonlyMap<string, string> = new Map([
  ['nb', 'no'],
  ['nn', 'no'],
  ['iw', 'he'],
  ['in', 'ms'],
  ['id', 'ms'],
  ['bs', 'hr'],
  ['fil', 'tl'],
  ['cmn', 'zh'],
  ['yue', 'zh'],
  ['wuu', 'zh'],
]);

/** Pairs eld confuses and a publisher's word is better on: neither overrules the other. */
const CLOSE: ReadonlyArray<readonly [string, string]> = [['hr', 'sr']];

/** The code a declared primary subtag is compared as: eld's, when eld knows the language; otherwise undefined. */
export function comparableLanguage(primary: string): string | undefined {
  const code = SAME_AS.get(primary) ?? primary;
  return Object.hasOwn(SCRIPTS_OF_LANGUAGE, code) ? code : undefined;
}

export function isWrittenIn(language: string, script: Script): boolean {
  return Object.hasOwn(SCRIPTS_OF_LANGUAGE, language) && SCRIPTS_OF_LANGUAGE[language]!.includes(script);
}

/** eld's languages written in `script`: one for most scripts; several for Latin, Cyrillic, Arabic, Devanagari and Han. */
export function languagesWrittenIn(script: Script): readonly string[] {
  return LANGUAGES_OF_SCRIPT.get(script) ?? [];
}

const LANGUAGES_OF_SCRIPT = new Map<Script, string[]>();
for (const [language, scripts] of Object.entries(SCRIPTS_OF_LANGUAGE)) {
  for (const script of scripts) LANGUAGES_OF_SCRIPT.set(script, [...(LANGUAGES_OF_SCRIPT.get(script) ?? []), language]);
}

/** Whether two comparable codes name one language for this decision (the same code, or a close pair). */
export function sameLanguage(a: string, b: string): boolean {
  return a === b || CLOSE.some(([x, y]) => (a === x && b === y) || (a === y && b === x));
}
