// The browser's network access: JSON by fetch() with credentials omitted. verify() calls it
// only for DID documents, status lists and revocation logs named by the credential.

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
