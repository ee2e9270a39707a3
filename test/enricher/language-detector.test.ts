import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromBuiltData, fromModule, languageDetector, loadLanguageDetector } from '../../src/enricher/language-detector.js';

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

  it("reads eld's database from the JSON the build writes, and detects exactly as eld's own module does", () => {
    const built = fromBuiltData();
    expect(built, 'dist/eld-small.json is missing or from another eld: run `npm run build` (`npm test` does)').toBeDefined();
    const own = fromModule();
    const { items } = JSON.parse(readFileSync('test/fixtures/language/agreeing.json', 'utf8')) as { items: Array<{ title: string; description: string }> };
    const texts = items.map((item) => `${item.title} ${item.description}`);
    expect(texts.length).toBeGreaterThan(1000);
    for (const text of texts) {
      const [a, b] = [built!.detect(text), own.detect(text)];
      expect([a.language, a.getScores(), a.isReliable()], text).toEqual([b.language, b.getScores(), b.isReliable()]);
    }
  });
});
