import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../src/normalizer/repair-mojibake.js';
import { corpusRoot, hasCorpus } from '../corpus/corpus-files.js';
import { corpusTexts } from './corpus-text.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/mojibake/${name}`, import.meta.url), 'utf8'));

interface FtfyCase {
  label: string;
  original: string;
  fixed: string;
  'fixed-encoding'?: string;
  expect: 'pass' | 'fail';
}

const ftfy = fixture('ftfy-cases.json') as { files: Record<string, FtfyCase[]> };
const ftfyCases = Object.entries(ftfy.files).flatMap(([file, cases]) =>
  cases.map((testCase) => ({ key: `${file}: ${testCase.label}`, testCase, expected: testCase['fixed-encoding'] ?? testCase.fixed })),
);

const OTHER_CODEC = 'the mix-up is with another codec (MacRoman, windows-1250/1251/1257, ISO-8859-2, cp437): only windows-1252 and Latin-1 are repaired';
const CESU_8 = 'CESU-8 (each half of a surrogate pair encoded on its own): strict UTF-8 decoding rejects surrogates, by design';
const ASCII_LOSS = 'bytes lost as a plain "?": an ASCII character is never taken for a lost byte';
const LANGUAGE = 'a no-break space lost as a plain space inside a Portuguese word (às, àquele): telling it from a real space needs the language';

/** ftfy's cases this repair does not turn into ftfy's expected output, and why. */
const EXPECTED_FAILURES: Record<string, string> = {
  'in-the-wild.json: UTF-8 / MacRoman mix-up about smurfs': OTHER_CODEC,
  'in-the-wild.json: UTF-8 / Windows-1251 Russian mixup about futbol': OTHER_CODEC,
  'in-the-wild.json: CESU-8 / Windows-1252 emoji': CESU_8,
  'in-the-wild.json: CESU-8 / Latin-1 emoji': CESU_8,
  'in-the-wild.json: UTF-8 / Windows-1251 mixed up twice in Russian': OTHER_CODEC,
  'in-the-wild.json: UTF-8 / Codepage 437 mixup in Russian': OTHER_CODEC,
  'in-the-wild.json: UTF-8 / Windows-1250 mixup in French': OTHER_CODEC,
  "in-the-wild.json: For goodness' sake. We can come close to fixing this, but fail in the last step": ASCII_LOSS,
  'in-the-wild.json: lossy UTF-8 / Windows-1250 mixup in Spanish': OTHER_CODEC,
  'in-the-wild.json: UTF-8 / sloppy Windows-1250 mixup in English': `${OTHER_CODEC} (the windows-1252 parts are repaired, the windows-1250 “ is not)`,
  'in-the-wild.json: UTF-8 / ISO-8859-2 mixup in Czech': OTHER_CODEC,
  'in-the-wild.json: UTF-8 / sloppy Windows-1250 mixup in Romanian': OTHER_CODEC,
  'in-the-wild.json: UTF-8 / Windows-1250 mixup in Slovak': OTHER_CODEC,
  'in-the-wild.json: UTF-8 / Windows-1252 followed by UTF-8 / Windows-1251': OTHER_CODEC,
  'in-the-wild.json: Lossy decoding can have plain ASCII question marks, as well': ASCII_LOSS,
  'in-the-wild.json: CESU-8 / Latin-1 mixup over several emoji': `${CESU_8} (the ⚽ before them is repaired)`,
  'in-the-wild.json: sharp S, in isolation, via MacRoman encoding': OTHER_CODEC,
  'in-the-wild.json: English example in UTF-8 / Windows-1251 with a ligature': OTHER_CODEC,
  "in-the-wild.json: The Portuguese word 'às' does not become 'à s' due to the French fix": LANGUAGE,
  "in-the-wild.json: We can fix 'à' in windows-1251 sometimes as well": OTHER_CODEC,
  "in-the-wild.json: 'Ã quele' is the Portuguese word 'àquele', not 'à quele'": LANGUAGE,
  'in-the-wild.json: UTF-8 / Windows-1251 mixup in tweet spam': OTHER_CODEC,
  'in-the-wild.json: UTF-8 / Windows-1251 mixup': OTHER_CODEC,
  'in-the-wild.json: Three layers of UTF-8 / MacRoman mixup in French': OTHER_CODEC,
  'in-the-wild.json: UTF-8 / MacRoman mixup in French': OTHER_CODEC,
  'in-the-wild.json: Italian UTF-8 / MacRoman example with ò': OTHER_CODEC,
  'in-the-wild.json: Latvian UTF-8 / MacRoman mojibake': OTHER_CODEC,
  'in-the-wild.json: Lithuanian UTF-8 / Windows-1257 mojibake': `${OTHER_CODEC} (ų, which windows-1252 shares, is repaired)`,
  'in-the-wild.json: Lithuanian UTF-8 / Windows-1250 mojibake': OTHER_CODEC,
  'synthetic.json: Synthetic: Hebrew UTF-8 / Windows-1250 mojibake': OTHER_CODEC,
  'synthetic.json: Synthetic: Hebrew UTF-8 / MacRoman mojibake': OTHER_CODEC,
  'synthetic.json: Synthetic: Arabic UTF-8 / Windows-1250 mojibake': OTHER_CODEC,
  'synthetic.json: Synthetic: Arabic UTF-8 / MacRoman mojibake': OTHER_CODEC,
  "negative.json: Sort of negative: this inconsistent mojibake could be Latin-1 or MacRoman, and it was meant to be Latin-1, but it's safest to not decode it as either":
    'repaired to Dråber, the Latin-1 reading the case itself says was meant; ftfy declines only because MacRoman would also decode',
  'language-names.json: Messy language names: Slovak': 'Ä followed by nothing but U+FFFD is damaged text, not evidence of mojibake: left as it is',
  'language-names.json: Messy language name in cp437: Czech': OTHER_CODEC,
  'language-names.json: Messy language name in cp437: Vietnamese': OTHER_CODEC,
  'known-failures.json: Misleading mix-up in Spanish': 'expected is fix_text’s output (quotes uncurled); the C1 controls become “ ”, as fix_encoding would make them',
  'known-failures.json: Two levels of inconsistent mojibake': 'one of ftfy’s own known failures: the en dash is garbled two different ways at once',
  'known-failures.json: A-with-grave in Vietnamese': OTHER_CODEC,
  'known-failures.json: Latin-1 / MacRoman mixup in Spanish': OTHER_CODEC,
  'known-failures.json: subtle UTF-8 / codepage 437 mixup in Spanish': OTHER_CODEC,
  'known-failures.json: Latin-1 / MacRoman mixup in Spanish, 2 characters': OTHER_CODEC,
  "known-failures.json: An example with 'à' in windows-1251 where we need our heuristic to be bolder": OTHER_CODEC,
  'known-failures.json: Italian UTF-8 / MacRoman mojibake that looks like math': OTHER_CODEC,
  'known-failures.json: Synthetic: Incomplete UTF-8 / Windows-1252 mixup in Arabic': 'one of ftfy’s own known failures: the no-break spaces of ٠٠ were lost as plain spaces',
  'known-failures.json: Synthetic, false positive: the title of a manga, in weird capitalized romaji, with a non-breaking space':
    'one of ftfy’s own known failures, kept: Â before a no-break space is read as mojibake of the no-break space, far more common in feeds than this name',
};

/** Measured: 114 of ftfy's 161 cases (114 of the 127 about windows-1252 and Latin-1). */
const FTFY_PASS_FLOOR = 114;

describe('repairMojibake: ftfy test cases', () => {
  const passing = ftfyCases.filter(({ key }) => !(key in EXPECTED_FAILURES));

  it.each(passing.map((entry) => [entry.key, entry] as const))('%s', (_key, { testCase, expected }) => {
    expect(repairMojibake(testCase.original)).toBe(expected);
  });

  it('fails exactly the cases listed as expected failures, and passes at least the measured floor', () => {
    const failing = ftfyCases.filter(({ testCase, expected }) => repairMojibake(testCase.original) !== expected).map(({ key }) => key);
    expect(failing.sort()).toEqual(Object.keys(EXPECTED_FAILURES).sort());
    const passed = ftfyCases.length - failing.length;
    console.log(`ftfy cases: ${passed} of ${ftfyCases.length} pass`);
    expect(passed).toBeGreaterThanOrEqual(FTFY_PASS_FLOOR);
  });
});

const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** UTF-8 bytes read as windows-1252 (its five undefined bytes as the C1 controls of the same number). */
function asWindows1252(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => (byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charAt(byte - 0x80) : String.fromCharCode(byte))).join('');
}

/** UTF-8 bytes read as Latin-1 (0x80–0x9F as C1 controls). */
function asLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

const REAL_TEXT = [
  'L’été dernier, à Noël, nous étions « très » contents.',
  'Größenwahn: „Fußgängerübergänge“ sind schön.',
  '¿Qué pasó? ¡El niño comió piñata!',
  'A informação não está disponível em São Paulo.',
  'Příliš žluťoučký kůň úpěl ďábelské ódy.',
  'Zażółć gęślą jaźń.',
  'İstanbul’da ılık bir gün; şemsiye gereksiz.',
  'Þórður Guðmundsson ók til Reykjavíkur.',
  'Blåbærsyltetøj og rødgrød med fløde',
  'Tiếng Việt có nhiều dấu.',
  'Съешь же ещё этих мягких французских булок.',
  'Ґанок, їжак, єнот і ще щось.',
  'Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.',
  'שלום עולם, מה שלומך?',
  'مرحبا بالعالم، كيف حالك؟',
  'नमस्ते दुनिया',
  'สวัสดีชาวโลก',
  'Բարեւ աշխարհ',
  'გამარჯობა მსოფლიო',
  '你好，世界！今天天气很好。',
  'こんにちは世界、カタカナも。',
  '안녕하세요 세계',
  'Great news 🎉🚀 — see you there 👍🏽',
  '“Quoted” — it’s… ‘fine’ • 100 € ™',
  'Café — 東京 — Москва',
  'naïve façade, coöperate, déjà vu',
  'Price: £5 or €6, 25°C, ½ off',
  'Ĳsselmeer, Œuvre, cœur',
];

const MISDECODINGS: Array<[string, (text: string) => string]> = [
  ['windows-1252', asWindows1252],
  ['Latin-1', asLatin1],
  ['windows-1252 twice', (text) => asWindows1252(asWindows1252(text))],
  ['Latin-1 twice', (text) => asLatin1(asLatin1(text))],
  ['Latin-1 then windows-1252', (text) => asWindows1252(asLatin1(text))],
  ['windows-1252 three times', (text) => asWindows1252(asWindows1252(asWindows1252(text)))],
];

describe('repairMojibake: synthetic mojibake in many scripts', () => {
  const cases = REAL_TEXT.flatMap((text) => MISDECODINGS.map(([how, misdecode]) => [how, text, misdecode(text)] as const));

  it.each(cases)('read as %s: %s', (_how, text, mojibake) => {
    expect(mojibake).not.toBe(text);
    expect(repairMojibake(mojibake)).toBe(text);
    // Mixed text: only part of it is mojibake.
    expect(repairMojibake(`Title: ${mojibake} (2024) — déjà vu`)).toBe(`Title: ${text} (2024) — déjà vu`);
  });

  it.each(REAL_TEXT)('leaves the real text alone: %s', (text) => {
    expect(repairMojibake(text)).toBe(text);
  });
});

/** Real text with windows-1252/Latin-1 characters in places mojibake would put them. */
const LEGITIMATE = [
  'Un été\u00a0» : c’était l’été…»',
  'Ça coûte 5\u00a0€ à Noël',
  '„Fuß“ und „Spaß“, Größe',
  'naïve, Brontë…”, coöperation',
  'Price: £5, ¿Qué?, ¡Olé!, Mª José, N° 5, 25°C',
  'Ângela Âncora, CÂMARA, Châteauneuf-du-Pape',
  'Þórður Guðmundsson, Ærøskøbing – Æbleskiver, Blåbærgrød',
  '“Curly quotes” and ‘single’ ones, it’s — fine… • ™ ®',
  'PROHLÍŽEČ, ŽLUŤOUČKÝ, ÚŽASNÉ',
  'Offering 5×£35 pin ups',
  'testing Ã entity',
  'C O N C L U S Ã O',
  'NESTLÉ® requiere, ZZAJÉ’s list, RETWEET SE VOCÊ…',
  'Œuvre complète, SŒUR, cœur',
  'L’Hôtel «\u00a0Ô\u00a0»',
];

describe('repairMojibake: legitimate text is left alone', () => {
  it.each(LEGITIMATE)('%s', (text) => {
    expect(repairMojibake(text)).toBe(text);
  });

  it('returns text with nothing suspicious as it is', () => {
    for (const text of ['plain ASCII', 'Съешь же ещё', '你好，世界', '']) expect(repairMojibake(text)).toBe(text);
  });
});

interface CorpusRepair {
  file: string;
  /** The changed span of the string with up to 20 characters of context on each side. */
  original: string;
  repaired: string;
}

/** The part of `original` that `repaired` changed, with context; two changes give one span covering both. */
function changedSpan(original: string, repaired: string): { original: string; repaired: string } {
  let start = 0;
  while (start < original.length && start < repaired.length && original[start] === repaired[start]) start += 1;
  let end = 0;
  while (end < original.length - start && end < repaired.length - start && original[original.length - 1 - end] === repaired[repaired.length - 1 - end]) end += 1;
  const from = Math.max(0, start - 20);
  return { original: original.slice(from, original.length - end + 20), repaired: repaired.slice(from, repaired.length - end + 20) };
}

const runCorpus = hasCorpus || Boolean(process.env.CI);
if (!runCorpus) console.warn(`repairMojibake corpus test skipped: no corpus at ${corpusRoot}`);

describe.skipIf(!runCorpus)('repairMojibake: the real-world corpus', () => {
  it('changes exactly the strings known to hold mojibake, and nothing else', async () => {
    expect(hasCorpus, `the corpus is required with CI set: none at ${corpusRoot}`).toBe(true);
    const texts = await corpusTexts();
    const changes: CorpusRepair[] = [];
    for (const { file, text } of texts) {
      const repaired = repairMojibake(text);
      if (repaired !== text) changes.push({ file, ...changedSpan(text, repaired) });
    }
    console.log(`mojibake corpus: ${texts.length} strings of ${new Set(texts.map(({ file }) => file)).size} documents checked, ${changes.length} changed`);
    const expected = (fixture('corpus-repairs.json') as { repairs: CorpusRepair[] }).repairs.map(({ file, original, repaired }) => ({ file, original, repaired }));
    const order = (a: CorpusRepair, b: CorpusRepair) => a.file.localeCompare(b.file) || a.original.localeCompare(b.original);
    expect(changes.sort(order)).toEqual(expected.sort(order));
    // 74,712 strings were measured: a guard against an extraction that silently reads little.
    expect(texts.length).toBeGreaterThan(70_000);
  }, 120_000);
});
