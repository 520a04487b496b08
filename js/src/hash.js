// SHA-256 (and SHA-384, for ecdsa-rdfc-2019 with P-384 keys) through WebCrypto (available in browsers and in Node >= 19 as globalThis.crypto).
const encoder = new TextEncoder();

/** SHA-256 of a UTF-8 string or bytes. */
export async function sha256(data) {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** The digest `name` ('SHA-256' or 'SHA-384') of a UTF-8 string or bytes. */
export async function digest(name, data) {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest(name, bytes));
}
