// SHA-256 through WebCrypto (available in browsers and in Node >= 19 as globalThis.crypto).
const encoder = new TextEncoder();

/** SHA-256 of a UTF-8 string or bytes. */
export async function sha256(data) {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}
