import { languageDetector, type DetectedLanguage } from './language-detector.js';
import { headText, withContent } from './language-text.js';
import { comparableLanguage, isWrittenIn, languagesWrittenIn, sameLanguage } from './languages.js';
import { type Script, textScript } from './text-script.js';

export interface LanguageInput {
  title: string;
  /** Plain text. */
  description: string;
  /** HTML body, read only when title and description are short. */
  content?: string;
  /** The language the feed declares for the item (xml:lang, channel language, Content-Language), as the normalizer gives it. */
  declared?: string;
}

/** The thresholds of the decision, chosen on the tuning half of test/fixtures/language/ (docs/enrichment-language.md). */
export interface LanguageThresholds {
  /** The body's text is added when title and description hold fewer letters than this (Han, kana and Hangul counting 3). */
  contentBelowLetters: number;
  /** A script is certain from this many letters, holding at least `scriptShare` of them. */
  scriptLetters: number;
  scriptShare: number;
  /** Letters (Han, kana and Hangul counting 3) eld needs to name a language for an item that declares none. */
  detectLetters: number;
  /** Letters (counted the same way) eld needs to overrule a declared language of the same script, or of none in particular (Latin text). */
  overruleLetters: number;
  /** How far eld's score for its language must be above its score for the declared one to overrule it (scores are 0–1). */
  overruleMargin: number;
}

export const LANGUAGE_THRESHOLDS: Readonly<LanguageThresholds> = {
  contentBelowLetters: 100,
  scriptLetters: 3,
  scriptShare: 0.5,
  detectLetters: 10,
  overruleLetters: 20,
  overruleMargin: 0.1,
};

/** Languages Han text without kana may be in: such text (a kanji-only title is ordinary Japanese) does not tell them apart. */
const HAN_LANGUAGES: ReadonlySet<string> = new Set(['zh', 'ja']);

interface Declared {
  tag: string;
  /** The declared language as eld names it, or undefined when eld does not know it. */
  code: string | undefined;
}

/**
 * The item's language: the declared one when the text agrees or the detector is unsure; the detected
 * one when the text clearly says otherwise. Agreement is on the primary subtag, and a kept
 * declaration keeps its whole tag (`en-us`, not `en`); a language found in the text is a bare
 * ISO 639-1 code (`ja`).
 *
 * 1. Script: text mostly in a script the declared language is not written in (kana, Hangul, Han,
 *    Cyrillic, Greek, … — not Latin, which too many languages share) overrules it with few letters:
 *    `en` over Japanese is `ja`. A script of one language names it; for a script of several, eld
 *    chooses among them; when it scores none of them, the item gets no language.
 * 2. eld: otherwise a reliable detection from enough letters overrules the declaration when its
 *    score beats the declared language's by the margin. Han text without kana never turns `ja`
 *    into `zh` or the reverse. Text holding letters of a script other than Latin that the declared
 *    language is written in (Han beside Latin product names) is overruled only by a language
 *    written in that script.
 * 3. With nothing declared: the language of 1 or 2, when certain or reliable; else undefined.
 *
 * A declared language eld does not know is kept. `und` and `mul` count as nothing declared. Loads
 * eld's database on the first call that needs it.
 */
export function detectLanguage(input: LanguageInput, thresholds: Readonly<LanguageThresholds> = LANGUAGE_THRESHOLDS): string | undefined {
  const declared = readDeclared(input.declared);
  if (declared !== undefined && declared.code === undefined) return declared.tag;
  let text = headText(input.title, input.description);
  let counted = textScript(text);
  if (counted.weight < thresholds.contentBelowLetters && input.content) {
    text = withContent(text, input.content);
    counted = textScript(text);
  }
  const { script, letters, weight } = counted;
  if (script === undefined) return declared?.tag;
  const certain = letters >= thresholds.scriptLetters && counted.share >= thresholds.scriptShare;

  if (certain && script !== 'Latin' && !(declared?.code !== undefined && isWrittenIn(declared.code, script))) {
    const candidates = languagesWrittenIn(script);
    if (candidates.length === 1) return candidates[0];
    const result = languageDetector().detect(text);
    const best = bestOf(result, candidates);
    // eld scoring none of the script's languages leaves no language: the declaration is known wrong.
    if (declared !== undefined) return best;
    return best !== undefined && weight >= thresholds.detectLetters && result.isReliable() ? best : undefined;
  }

  if (weight < (declared === undefined ? thresholds.detectLetters : thresholds.overruleLetters)) return declared?.tag;
  const result = languageDetector().detect(text);
  const language = result.language;
  if (language === '' || !result.isReliable()) return declared?.tag;
  if (declared?.code === undefined) return language;
  if (sameLanguage(language, declared.code)) return declared.tag;
  const scores = result.getScores();
  if ((scores[language] ?? 0) - (scores[declared.code] ?? 0) < thresholds.overruleMargin) return declared.tag;
  const own = declaredScriptIn(text, declared.code);
  if (own === undefined) return language;
  if (own === 'Hani' && HAN_LANGUAGES.has(declared.code) && HAN_LANGUAGES.has(language)) return declared.tag;
  return isWrittenIn(language, own) ? language : declared.tag;
}

const LATIN_LETTERS = /\p{Script=Latin}/gu;

/** The script, other than Latin, that most of the text's other letters are in, when the declared language is written in it. */
function declaredScriptIn(text: string, code: string): Script | undefined {
  const { script } = textScript(text.replace(LATIN_LETTERS, ''));
  return script !== undefined && isWrittenIn(code, script) ? script : undefined;
}

function readDeclared(tag: string | undefined): Declared | undefined {
  const trimmed = tag?.trim();
  if (!trimmed) return undefined;
  const primary = trimmed.toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === 'und' || primary === 'mul') return undefined;
  return { tag: trimmed, code: comparableLanguage(primary) };
}

/** The candidate eld scores highest, or undefined when it scores none of them. */
function bestOf(result: DetectedLanguage, candidates: readonly string[]): string | undefined {
  if (candidates.includes(result.language)) return result.language;
  const scores = result.getScores();
  let best: string | undefined;
  for (const candidate of candidates) {
    if ((scores[candidate] ?? 0) > (best === undefined ? 0 : (scores[best] ?? 0))) best = candidate;
  }
  return best;
}
