// Baking a credential into a published badge image (OB 3.0 "Baked Badge") at the place the
// site build chose for that image (Python: badgepress.site.baked.BakeSlot), so a visitor
// gets exactly the bytes `badgepress bake` writes: a PNG gains an uncompressed iTXt chunk
// "openbadgecredential" before IEND; an SVG gains <openbadges:credential> with the JSON in
// CDATA right after the root start tag.

const encoder = new TextEncoder();

let crcTable = null;

/** CRC-32 (ISO 3309, as PNG uses) of bytes. */
export function crc32(bytes) {
  if(crcTable === null) {
    crcTable = new Uint32Array(256);
    for(let n = 0; n < 256; n++) {
      let c = n;
      for(let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for(const byte of bytes) {
    crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for(const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A PNG chunk: length, type, data, CRC-32 over type and data. */
export function pngChunk(type, data) {
  const body = concat([encoder.encode(type), data]);
  const chunk = new Uint8Array(body.length + 8);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(body, 4);
  view.setUint32(body.length + 4, crc32(body));
  return chunk;
}

/**
 * The PNG image with the credential (its JSON file's bytes) in an iTXt chunk at `at`, the
 * offset of the IEND chunk.
 */
export function bakePng(image, credential, at) {
  if(new TextDecoder('latin1').decode(image.subarray(at + 4, at + 8)) !== 'IEND') {
    throw new Error('the badge image is not the one this page was built with');
  }
  // keyword NUL, compression flag 0, method 0, empty language NUL, empty translated NUL
  const payload = concat([encoder.encode('openbadgecredential'), new Uint8Array(5), credential]);
  return concat([image.subarray(0, at), pngChunk('iTXt', payload), image.subarray(at)]);
}

/** The text in CDATA so that an XML parser gives it back exactly (as the Python baker). */
export function cdata(text) {
  const body = text.replaceAll(']]>', ']]]]><![CDATA[>').replaceAll('\r', ']]>&#13;<![CDATA[');
  return `<![CDATA[${body}]]>`;
}

/**
 * The SVG image with the credential between image[:before] and image[after:], wrapped in
 * the slot's opening and closing markup.
 */
export function bakeSvg(image, credential, {before, after, opening, closing}) {
  const at = image[before];
  if(at !== 0x3e && at !== 0x2f) { // '>' or '/>' closes the root start tag
    throw new Error('the badge image is not the one this page was built with');
  }
  const text = new TextDecoder('utf-8', {fatal: true}).decode(credential);
  return concat([
    image.subarray(0, before),
    encoder.encode(opening + cdata(text) + closing),
    image.subarray(after),
  ]);
}
