// Multibase decoding for the two encodings the verifier meets: base58btc ("z", proof values
// and Multikey public keys) and base64url without padding ("u", Bitstring Status Lists).

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Map([...BASE58_ALPHABET].map((ch, i) => [ch, i]));

/** Multicodec header of an Ed25519 public key (varint 0xed). */
export const ED25519_PUB_HEADER = Uint8Array.of(0xed, 0x01);

/** Decodes base58btc (Bitcoin alphabet) text without the multibase prefix. */
export function base58btcDecode(text) {
  if(typeof text !== 'string') {
    throw new Error('base58btc value is not a string');
  }
  const bytes = [];
  for(const ch of text) {
    let carry = BASE58_INDEX.get(ch);
    if(carry === undefined) {
      throw new Error(`invalid base58btc character "${ch}"`);
    }
    for(let j = 0; j < bytes.length; j++) {
      carry += bytes[j] * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while(carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  // Each leading "1" stands for a leading zero byte.
  for(let i = 0; i < text.length && text[i] === '1'; i++) {
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

/** Decodes base64url text without padding (RFC 4648 §5) into bytes. */
export function base64urlDecode(text) {
  if(typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new Error('invalid base64url value');
  }
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for(let i = 0; i < bin.length; i++) {
    out[i] = bin.charCodeAt(i);
  }
  return out;
}

/** Decodes a multibase string ("z" base58btc or "u" base64url-no-pad) into bytes. */
export function multibaseDecode(value) {
  if(typeof value !== 'string' || value.length < 1) {
    throw new Error('multibase value is not a non-empty string');
  }
  const prefix = value[0];
  if(prefix === 'z') {
    return base58btcDecode(value.slice(1));
  }
  if(prefix === 'u') {
    return base64urlDecode(value.slice(1));
  }
  throw new Error(`unsupported multibase prefix "${prefix}"`);
}

/**
 * Decodes a Multikey `publicKeyMultibase` holding an Ed25519 key: "z" + base58btc of
 * 0xed 0x01 followed by the 32-byte key. Any other header is rejected.
 *
 * @returns {Uint8Array} the 32-byte public key.
 */
export function decodeEd25519Multikey(publicKeyMultibase) {
  if(typeof publicKeyMultibase !== 'string' || !publicKeyMultibase.startsWith('z')) {
    throw new Error('publicKeyMultibase must be a base58btc multibase string ("z…")');
  }
  const bytes = base58btcDecode(publicKeyMultibase.slice(1));
  if(bytes.length !== 34 || bytes[0] !== ED25519_PUB_HEADER[0] || bytes[1] !== ED25519_PUB_HEADER[1]) {
    throw new Error('publicKeyMultibase is not an Ed25519 Multikey (0xed01 header, 32-byte key)');
  }
  return bytes.slice(2);
}

/** Multicodec headers and key lengths of the public keys a received proof may use
 * (ed25519-pub, p256-pub and p384-pub as compressed points), as Python's PUBLIC_HEADERS. */
const PUBLIC_HEADERS = [[0xed, 0x01, 32], [0x80, 0x24, 33], [0x81, 0x24, 49]];

/**
 * Decodes a Multikey `publicKeyMultibase` of an Ed25519, P-256 or P-384 key. The raw key's
 * length tells the curve apart (32: Ed25519, 33: P-256, 49: P-384; see ecdsa.js curveOf).
 *
 * @returns {Uint8Array} the raw public key (a compressed point for P-256/P-384).
 */
export function decodeMultikey(publicKeyMultibase) {
  if(typeof publicKeyMultibase !== 'string' || !publicKeyMultibase.startsWith('z')) {
    throw new Error('publicKeyMultibase must be a base58btc multibase string ("z…")');
  }
  const bytes = base58btcDecode(publicKeyMultibase.slice(1));
  const known = PUBLIC_HEADERS.find(([a, b, n]) => bytes[0] === a && bytes[1] === b && bytes.length === n + 2);
  if(!known) {
    throw new Error('publicKeyMultibase is not an Ed25519, P-256 or P-384 Multikey');
  }
  return bytes.slice(2);
}

/** True when value decodes as a Multikey of a supported curve. */
export function isMultikey(value) {
  try {
    decodeMultikey(value);
    return true;
  } catch {
    return false;
  }
}

/** True when value looks like and decodes as an Ed25519 Multikey. */
export function isEd25519Multikey(value) {
  if(typeof value !== 'string' || !value.startsWith('z6Mk')) {
    return false;
  }
  try {
    decodeEd25519Multikey(value);
    return true;
  } catch {
    return false;
  }
}

/** Lower-case hex of bytes. */
export function toHex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
