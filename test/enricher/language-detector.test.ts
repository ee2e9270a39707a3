import { describe, expect, it } from 'vitest';
import { languageDetector, loadLanguageDetector } from '../../src/enricher/language-detector.js';

describe('the language detector', () => {
  it('is not loaded by importing its module: the first call loads it, later calls reuse it', () => {
    expect(loadLanguageDetector().loadMs).toBeGreaterThan(0);
    expect(loadLanguageDetector().loadMs).toBe(0);
    expect(languageDetector()).toBe(languageDetector());
  });

  it('is eld with its database loaded from the package', () => {
    const result = languageDetector().detect('Hola, ¿cómo te llamas? Me llamo Ana y vivo en Madrid.');
    expect(result.language).toBe('es');
    expect(result.isReliable()).toBe(true);
  });
});
