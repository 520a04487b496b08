// Reading a credential out of a baked badge image (OB 3.0 "Baked Badge"): a PNG iTXt chunk
// with keyword "openbadgecredential" (or the OB 2.0 keyword "openbadges"), or an SVG
// <openbadges:credential> element holding the JSON in CDATA, or a VC-JWT in its verify
// attribute (OB 3.0 §5.3).
import {JWS_START} from './parse.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const PNG_KEYWORDS = Object.freeze(['openbadgecredential', 'openbadges']);

/** True when bytes start with the PNG signature. */
export function isPng(bytes) {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * Returns the text of the first uncompressed iTXt chunk with a badge keyword, or null.
 *
 * @param {Uint8Array} bytes PNG file.
 * @returns {string|null}
 */
export function extractFromPng(bytes) {
  if(!isPng(bytes)) {
    throw new Error('not a PNG file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8', {fatal: true});
  let offset = 8;
  while(offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = latin1.decode(bytes.subarray(offset + 4, offset + 8));
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if(dataEnd + 4 > bytes.length) {
      throw new Error('truncated PNG chunk');
    }
    if(type === 'iTXt') {
      const data = bytes.subarray(dataStart, dataEnd);
      const nul = data.indexOf(0);
      const keyword = nul > 0 ? latin1.decode(data.subarray(0, nul)) : '';
      if(PNG_KEYWORDS.includes(keyword)) {
        if(data[nul + 1] !== 0) {
          throw new Error('the badge chunk is compressed, which Open Badges 3.0 does not allow');
        }
        // compression flag, method, language tag\0, translated keyword\0, text
        const languageEnd = data.indexOf(0, nul + 3);
        const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
        if(translatedEnd < 0) {
          throw new Error('malformed iTXt chunk');
        }
        return utf8.decode(data.subarray(translatedEnd + 1));
      }
    }
    if(type === 'IEND') {
      break;
    }
    offset = dataEnd + 4;
  }
  return null;
}

/**
 * Returns the credential inside the first <openbadges:credential> element of an SVG: its
 * verify attribute (a VC-JWT) if present, else its text (JSON), or null.
 * Uses DOMParser when available (browser), a small scan otherwise (tests, Node).
 *
 * @param {string} svgText
 * @returns {string|null}
 */
export function extractFromSvg(svgText) {
  if(typeof DOMParser !== 'undefined') {
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    if(doc.getElementsByTagName('parsererror').length === 0) {
      const el = doc.getElementsByTagNameNS('https://purl.imsglobal.org/ob/v3p0', 'credential')[0] ||
        doc.getElementsByTagName('openbadges:credential')[0];
      if(!el) {
        return null;
      }
      const text = (el.hasAttribute('verify') ? el.getAttribute('verify') : el.textContent).trim();
      return text === '' ? null : text;
    }
  }
  const start = /<openbadges:credential(\s[^>]*?)?(\/?)>/.exec(svgText);
  if(!start) {
    return null;
  }
  const verify = /\sverify\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(start[1] || '');
  let text;
  if(verify) {
    text = xmlText(verify[1] ?? verify[2]).trim();
  } else {
    const end = start[2] ? -1 : svgText.indexOf('</openbadges:credential>', start.index);
    text = end < 0 ? '' : xmlText(svgText.slice(start.index + start[0].length, end)).trim();
  }
  return text === '' ? null : text;
}

const ENTITIES = Object.freeze({amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"});

// The character data of element content: CDATA sections as they are, character and the
// predefined entity references decoded, line ends normalised as XML parsers do.
function xmlText(content) {
  return content.replace(/\r\n?/g, '\n').replace(
    /<!\[CDATA\[([\s\S]*?)\]\]>|&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g,
    (_, cdata, ref) => {
      if(cdata !== undefined) {
        return cdata;
      }
      if(ref[0] !== '#') {
        return ENTITIES[ref];
      }
      return String.fromCodePoint(ref[1] === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
    });
}

/**
 * Finds the credential text in a file: a baked PNG, a baked SVG, JSON or a VC-JWT.
 *
 * @param {Uint8Array} bytes file content.
 * @returns {{kind: 'png'|'svg'|'json'|'jwt', text: string}}
 */
export function credentialTextFromFile(bytes) {
  if(isPng(bytes)) {
    const text = extractFromPng(bytes);
    if(text === null) {
      throw new Error('this PNG image has no baked Open Badges credential');
    }
    return {kind: 'png', text};
  }
  let text;
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes); // drops a leading BOM
  } catch {
    throw new Error('the file is not UTF-8 text');
  }
  const head = text.trimStart();
  if(head.startsWith('{')) {
    return {kind: 'json', text};
  }
  if(JWS_START.test(head)) {
    return {kind: 'jwt', text};
  }
  if(head.startsWith('<')) {
    const json = extractFromSvg(text);
    if(json === null) {
      throw new Error('this SVG image has no baked Open Badges credential');
    }
    return {kind: 'svg', text: json};
  }
  throw new Error('the file is not JSON, a JWT, a PNG or an SVG');
}
