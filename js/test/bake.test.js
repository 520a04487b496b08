// Baking in the browser: the same bytes as the reference baked images and the Python baker.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bakePng, bakeSvg, cdata, crc32} from '../src/bake.js';
import {extractFromPng, extractFromSvg} from '../src/baked.js';
import {readRefBytes, readRefText} from './helpers.js';

const encoder = new TextEncoder();

test('crc32 is the PNG / ISO 3309 checksum', () => {
  assert.equal(crc32(encoder.encode('123456789')), 0xcbf43926);
  assert.equal(crc32(encoder.encode('IEND')), 0xae426082);
});

test('baking the 1EdTech baked PNG\'s credential back into its plain image gives it byte for byte', () => {
  const baked = readRefBytes('examples/baked/ob3-simple-baked.png');
  const text = Buffer.from(baked);
  const start = text.indexOf(Buffer.from('iTXtopenbadgecredential\0', 'latin1')) - 4;
  const length = text.readUInt32BE(start);
  const plain = new Uint8Array(Buffer.concat([text.subarray(0, start), text.subarray(start + 12 + length)]));
  const credential = encoder.encode(extractFromPng(baked));
  assert.deepEqual(bakePng(plain, credential, start), baked);
});

test('a PNG slot that does not point at IEND is refused', () => {
  const baked = readRefBytes('examples/baked/ob3-simple-baked.png');
  assert.throws(() => bakePng(baked, encoder.encode('{}'), 8), /not the one this page was built with/);
});

test('SVG: the element goes between the slot\'s ends and reads back exactly', () => {
  const svg = encoder.encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>\n');
  const before = new TextDecoder().decode(svg).indexOf('><circle');
  const credential = encoder.encode('{"name": "Zoë ]]> \r\n"}');
  const baked = bakeSvg(svg, credential, {
    before, after: before + 1,
    opening: ' xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>',
    closing: '</openbadges:credential>',
  });
  const text = new TextDecoder().decode(baked);
  assert.equal(text, '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" ' +
    'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>' +
    '<![CDATA[{"name": "Zoë ]]]]><![CDATA[> ]]>&#13;<![CDATA[\n"}]]></openbadges:credential>' +
    '<circle r="1"/></svg>\n');
  assert.throws(() => bakeSvg(svg, credential, {before: 0, after: 1, opening: '', closing: ''}),
    /not the one this page was built with/);
});

test('CDATA splits "]]>" and keeps carriage returns', () => {
  assert.equal(cdata('a]]>b'), '<![CDATA[a]]]]><![CDATA[>b]]>');
  assert.equal(cdata('a\rb'), '<![CDATA[a]]>&#13;<![CDATA[b]]>');
});

test('the reference baked SVG reads back after a bake of its credential', () => {
  const json = extractFromSvg(readRefText('examples/baked/ob3-simple-baked.svg'));
  const svg = encoder.encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
  const baked = bakeSvg(svg, encoder.encode(json), {
    before: svg.length - 2, after: svg.length,
    opening: ' xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>',
    closing: '</openbadges:credential></svg>',
  });
  assert.equal(extractFromSvg(new TextDecoder().decode(baked)), json);
});
