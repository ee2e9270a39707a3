#!/usr/bin/env node
/*
 * Part of `npm run build`: writes eld's small n-gram database as JSON (dist/eld-small.json), with
 * the version of eld it came from. eld ships its databases as JavaScript object literals; compiling
 * the 1.6 MB literal of the small one costs a process about 150 MB of RSS, reading the same data
 * with JSON.parse about 47 MB (src/enricher/language-detector.ts loads this file when it matches
 * the installed eld, and eld's own module otherwise).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(import.meta.resolve('eld/small'));
const packageDir = join(dirname(entry), '..', '..');
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const { ngramsData } = await import(join(packageDir, 'src', 'ngrams', 'small.js'));
const target = fileURLToPath(new URL('../dist/eld-small.json', import.meta.url));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, JSON.stringify({ eld: version, ngramsData }));
