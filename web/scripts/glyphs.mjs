// Generates MapLibre glyph ranges (SDF protobufs) for Latin text in map labels from the Noto Sans
// fonts of @fontsource/noto-sans, with fontnik's prebuilt native module. Output:
// public/glyphs/{fontstack}/{start}-{end}.pbf, served by GridWatch at /glyphs/...
// CJK text does not come from here: MapLibre draws it with the local font named by
// localIdeographFontFamily. Ranges a font does not cover are answered by the server with an
// empty range, so only covered ranges are written.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const fontnik = require('fontnik');
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const files = join(root, 'node_modules', '@fontsource', 'noto-sans', 'files');

// fontstack name -> the fontsource subsets that make it up (latin, latin-ext)
const stacks = {
  'Noto Sans Regular': ['latin-400-normal', 'latin-ext-400-normal'],
  'Noto Sans Bold': ['latin-700-normal', 'latin-ext-700-normal'],
};

const range = (font, start) => new Promise((resolve, reject) =>
  fontnik.range({ font, start, end: start + 255 }, (err, pbf) => (err ? reject(err) : resolve(pbf))));
const load = (font) => new Promise((resolve, reject) =>
  fontnik.load(font, (err, faces) => (err ? reject(err) : resolve(faces))));

let written = 0;
for (const [stack, subsets] of Object.entries(stacks)) {
  const out = join(root, 'public', 'glyphs', stack);
  mkdirSync(out, { recursive: true });
  // One range file may need glyphs from several subset files: combine by taking, per range,
  // the subset that covers most code points of it (latin covers 0-255, latin-ext the rest).
  const best = new Map(); // start -> {font, n}
  for (const subset of subsets) {
    const font = readFileSync(join(files, `noto-sans-${subset}.woff`));
    const [face] = await load(font);
    const counts = new Map();
    for (const cp of face.points) {
      const start = Math.floor(cp / 256) * 256;
      counts.set(start, (counts.get(start) ?? 0) + 1);
    }
    for (const [start, n] of counts) {
      if (!best.has(start) || best.get(start).n < n) best.set(start, { font, n });
    }
  }
  for (const [start, { font }] of [...best].sort((a, b) => a[0] - b[0])) {
    const file = join(out, `${start}-${start + 255}.pbf`);
    if (!existsSync(file)) {
      writeFileSync(file, await range(font, start));
      written++;
    }
  }
}
console.log(`glyphs: ${written} range files written under public/glyphs`);
