// The browser's network access: JSON, text and bytes by fetch() with credentials omitted.
// verify() fetches only the DID documents, status lists and revocation logs a credential names.

/** Fetches url and parses the body as JSON; throws on HTTP errors. */
export async function browserFetchJson(url) {
  const response = await fetch(url, {credentials: 'omit'});
  if(!response.ok) {
    throw new Error(`HTTP ${response.status} for ${url}`);
  }
  return response.json();
}

/** Fetches url as text (the standalone page's URL field); throws on HTTP errors. */
export async function browserFetchText(url) {
  const response = await fetch(url, {credentials: 'omit'});
  if(!response.ok) {
    throw new Error(`HTTP ${response.status} for ${url}`);
  }
  return {text: await response.text(), contentType: response.headers.get('content-type') || ''};
}

/** Fetches url as bytes (the badge page's baked downloads); throws on HTTP errors. */
export async function browserFetchBytes(url) {
  const response = await fetch(url, {credentials: 'omit'});
  if(!response.ok) {
    throw new Error(`HTTP ${response.status} for ${url}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
