import { describe, expect, it } from 'vitest';
import { normalizeLanguage } from '../../src/normalizer/language.js';

describe('normalizeLanguage', () => {
  it('takes the first usable candidate, lower-cased, with _ read as -', () => {
    expect(normalizeLanguage(undefined, 'EN_us', 'fr')).toBe('en-us');
  });

  it('takes the first language of an HTTP Content-Language list', () => {
    expect(normalizeLanguage(undefined, undefined, 'de-AT, en;q=0.5')).toBe('de-at');
  });

  it('skips a candidate that is no language tag', () => {
    expect(normalizeLanguage('English please', 'pt-BR')).toBe('pt-br');
  });

  it('stops at an empty candidate: xml:lang="" says the language is unknown', () => {
    expect(normalizeLanguage('', 'en')).toBeUndefined();
  });
});
