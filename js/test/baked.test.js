// Unbaking the reference PNG and SVG badges.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {credentialTextFromFile, extractFromPng, extractFromSvg} from '../src/baked.js';
import {verifyCredential} from '../src/verify.js';
import {checkOf, readRefBytes, readRefJson, readRefText} from './helpers.js';

const simple = readRefJson('examples/ob3-simple-openbadgecredential.signed.json');

test('baked PNG: iTXt "openbadgecredential" holds the signed credential', async () => {
  const bytes = readRefBytes('examples/baked/ob3-simple-baked.png');
  const credential = JSON.parse(extractFromPng(bytes));
  assert.equal(credential.id, simple.id);
  const {kind} = credentialTextFromFile(bytes);
  assert.equal(kind, 'png');
  const report = await verifyCredential(credential, {now: new Date('2025-01-01T00:00:00Z')});
  assert.equal(checkOf(report, 'signature').state, 'pass');
});

test('baked SVG: <openbadges:credential> CDATA holds the signed credential', async () => {
  const text = readRefText('examples/baked/ob3-simple-baked.svg');
  const credential = JSON.parse(extractFromSvg(text));
  assert.equal(credential.id, simple.id);
  const {kind, text: json} = credentialTextFromFile(new TextEncoder().encode(text));
  assert.equal(kind, 'svg');
  const report = await verifyCredential(JSON.parse(json), {now: new Date('2025-01-01T00:00:00Z')});
  assert.equal(checkOf(report, 'signature').state, 'pass');
});

test('PNG with the OB 2.0 keyword "openbadges" is read too; plain PNG has none', () => {
  const bytes = readRefBytes('examples/baked/ob3-simple-baked.png');
  const renamed = rekeyItxt(bytes, 'openbadgecredential', 'openbadges');
  assert.equal(JSON.parse(extractFromPng(renamed)).id, simple.id);
  const stripped = rekeyItxt(bytes, 'openbadgecredential', 'somethingelse000000');
  assert.equal(extractFromPng(stripped), null);
  assert.throws(() => credentialTextFromFile(stripped), /no baked/);
});

test('JSON files pass through; other files are rejected', () => {
  const bytes = new TextEncoder().encode(JSON.stringify(simple));
  assert.equal(credentialTextFromFile(bytes).kind, 'json');
  assert.throws(() => credentialTextFromFile(new Uint8Array([1, 2, 3])), /not JSON, a JWT, a PNG or an SVG/);
});

// Rewrites the keyword of the badge iTXt chunk (CRC is not checked by the reader).
function rekeyItxt(bytes, from, to) {
  const text = Buffer.from(bytes);
  const start = text.indexOf(Buffer.from(`iTXt${from}\0`, 'latin1'));
  assert.ok(start > 0);
  const length = text.readUInt32BE(start - 4);
  const data = Buffer.concat([Buffer.from(to, 'latin1'), text.subarray(start + 4 + from.length, start + 4 + length)]);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(data.length);
  return new Uint8Array(Buffer.concat([
    text.subarray(0, start - 4), header, Buffer.from('iTXt'), data, text.subarray(start + 4 + length),
  ]));
}
