// The certificate writer in Node, with the fonts the site ships: subset fonts keep composite
// glyphs whole, Arabic letters join, right-to-left runs come in visual order, and the PDF's
// structure holds whatever the names contain.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {certificatePdf, PAPERS} from '../src/certificate-pdf.js';
import {hexText} from '../src/pdf.js';
import {shape, visualRuns, withoutBidi} from '../src/textrun.js';
import {TrueTypeFont} from '../src/ttf.js';

const FONTS = new URL('../../src/badgepress/site/assets/fonts/', import.meta.url);
const font = name => new TrueTypeFont(readFileSync(new URL(name, FONTS)));
const fonts = {regular: font('DejaVuSans.ttf'), bold: font('DejaVuSans-Bold.ttf'),
  fallback: font('DroidSansFallbackFull.ttf')};
const QR = {size: 21, runs: [{x: 0, y: 0, w: 7}, {x: 14, y: 0, w: 7}, {x: 0, y: 14, w: 7}]};
const DATA = {recipient: 'Ada Lovelace', achievement: 'Python Basics', issuer: 'Example Academy',
  kind: 'Certificate of achievement', issued: '1 March 2026', expires: null,
  criteria: 'Completed six exercises.', signatory: {name: 'Dr. Ada Byron', title: 'Head'},
  credentialId: 'https://example.org/badges/abc/', verifyUrl: 'https://example.org/verify/',
  design: 'classic'};
const latin1 = bytes => Buffer.from(bytes).toString('latin1');

test('a subset keeps composite glyphs: their components come along, renumbered', () => {
  const glyph = fonts.bold.glyph('ë'.codePointAt(0));
  const parts = fonts.bold.components(fonts.bold.glyphData(glyph)).map(p => p.glyph);
  assert.equal(parts.length, 2);
  const {newGlyph} = fonts.bold.subset([glyph]);
  assert.deepEqual([...newGlyph.keys()], [0, glyph, ...parts]);
});

test('Arabic letters take their joined forms, lam-alef its ligature', () => {
  const drawn = shape('محمد').map(g => g.cp.toString(16));
  assert.deepEqual(drawn, ['fee3', 'fea4', 'fee4', 'feaa']); // initial, medial, medial, final
  const [lamAlef] = shape('لا');
  assert.deepEqual(lamAlef, {cp: 0xfefb, text: 'لا'});
});

test('right-to-left text: runs in visual order, digits keep theirs, overrides dropped', () => {
  const runs = visualRuns('שרה 12');
  assert.deepEqual(runs.map(r => [r.rtl, r.glyphs.map(g => g.text).join('')]),
    [[false, '12'], [true, 'שרה ']]);
  assert.equal(withoutBidi('Eve\u202eredivorP\u2066x\u2069'), 'EveredivorPx');
  assert.deepEqual(visualRuns('a\u202eb').map(r => r.rtl), [false]);
  assert.equal(withoutBidi('Rene\u0301e'), 'Renée');
});

test('document metadata is hex UTF-16: no character can end a PDF string', () => {
  assert.equal(hexText('a)'), '<FEFF00610029>');
  assert.equal(hexText('山'), '<FEFF5C71>');
});

test('PDF syntax in every text field leaves one structure; offsets point at objects', async() => {
  const evil = 'x) Tj ET (%%EOF \\ trailer << >> endobj';
  const bytes = await certificatePdf({...DATA, recipient: evil, achievement: evil, issuer: evil,
    criteria: evil, signatory: {name: evil, title: evil}},
  {paper: 'letter', fonts, qr: QR});
  const text = latin1(bytes);
  assert.equal(text.split('%%EOF').length, 2);
  assert.ok(text.endsWith('%%EOF\n'));
  assert.ok(!text.includes('Tj ET (%%EOF'));
  const start = Number(/startxref\n(\d+)\n/.exec(text)[1]);
  assert.ok(text.startsWith('xref\n', start));
  const offsets = [...text.slice(start).matchAll(/^(\d{10}) 00000 n $/gm)].map(m => Number(m[1]));
  offsets.forEach((offset, i) => assert.ok(text.startsWith(`${i + 1} 0 obj\n`, offset)));
  assert.ok(text.includes(`/MediaBox [0 0 ${PAPERS.letter.width} ${PAPERS.letter.height}]`));
});

test('the CJK fallback font is embedded only for text the main font lacks', async() => {
  const count = async recipient => (latin1(await certificatePdf({...DATA, recipient},
    {paper: 'a4', fonts, qr: QR})).match(/\/Subtype \/Type0/g) || []).length;
  assert.equal(await count('Zoë Ångström'), 2);
  assert.equal(await count('山田 太郎'), 3);
});

test('the same data gives the same bytes', async() => {
  const make = () => certificatePdf(DATA, {paper: 'a4', fonts, qr: QR});
  assert.deepEqual(await make(), await make());
});
