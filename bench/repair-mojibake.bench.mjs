// repairMojibake's cost per call, on the kinds of text it is called on: clean ASCII, clean text in
// scripts outside Latin-1 (the pre-check's fast path), clean accented Latin text (which passes the
// pre-check and is scanned), mojibake, and a large clean HTML body. Not part of `npm run bench`.
//   npm run build && node bench/repair-mojibake.bench.mjs
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distPath } from './lib/contenders.mjs';

const { repairMojibake } = await import(pathToFileURL(join(distPath(), 'normalizer', 'repair-mojibake.js')).href);

const paragraph = 'Kurz nach der Präsidentenwahl äußerte sich der Bürgermeister über die Größe des Projekts; l’été dernier, « déjà », ¿qué pasó? ';
const samples = {
  'clean ASCII title': 'Apple announces new MacBook Pro with M4 chip and longer battery life',
  'clean non-Latin title': 'Съешь же ещё этих мягких французских булок — 你好，世界！今天天气很好。',
  'clean accented Latin title': 'Größenwahn: „Fußgängerübergänge“ sind schön, l’été à Noël',
  'mojibake title': 'Itâ€™s the â€œbestâ€\u009d cafÃ© in SÃ£o Paulo â€” Ã¼ber alles',
  'mojibake CJK title': 'æ—¥æœ¬èªž ã‚¿ã‚¤ãƒˆãƒ« ä¸\u00adæ–‡',
  'clean HTML body, 64 KB': `<p>${paragraph.repeat(512)}</p>`,
};

const TARGET_MS = 400;
for (const [name, text] of Object.entries(samples)) {
  for (let index = 0; index < 2000; index += 1) repairMojibake(text); // warm up
  let calls = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < BigInt(TARGET_MS) * 1_000_000n) {
    for (let index = 0; index < 100; index += 1) sink += repairMojibake(text).length;
    calls += 100;
    elapsed = process.hrtime.bigint() - start;
  }
  const nanoseconds = Number(elapsed) / calls;
  const perCall = nanoseconds >= 10_000 ? `${(nanoseconds / 1000).toFixed(1)} µs` : `${nanoseconds.toFixed(0)} ns`;
  console.log(`${name.padEnd(28)} ${perCall}/call  (${text.length} characters)`);
  if (sink === 0) console.log('(nothing returned)');
}
