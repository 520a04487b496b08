// The browser's network access, with the limits of the Python fetcher (did/resolver.py):
// https only (plain http only to a loopback host, and only from a page that is itself on
// loopback: a local preview), one total deadline per fetch including the body, a size cap,
// no cookies to another origin (credentials 'same-origin': what the badge page's
// <link rel="preload" as="fetch" crossorigin> of its DID document and status list asks, so
// the browser hands over the preloaded answer). verify() fetches only the DID documents,
// status lists and revocation logs a credential names; the verify page also fetches the URL
// a visitor typed.
import {parseJsonText} from './parse.js';

/** Everything one fetch does (redirects, headers, body) ends within this time. */
export const FETCH_DEADLINE_MS = 10000;
/** A fetched JSON document (DID document, status list, revocation log) is at most 1 MiB. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** A fetched badge (page, JSON or baked image) is at most 16 MiB. */
export const MAX_BADGE_BYTES = 16 * 1024 * 1024;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function pageUrl() {
  const location = globalThis.location || (globalThis.document && globalThis.document.location);
  return location ? location.href : undefined;
}

/**
 * The absolute URL to fetch, if the rules allow it.
 *
 * @param {string} url absolute, or relative to `base`.
 * @param {string} [base] the page's URL (default: the current page).
 * @returns {string}
 * @throws {Error} another scheme, user info (http://localhost@evil.example), or plain http
 *   to a host that is not loopback or from a page that is not on loopback.
 */
export function checkFetchUrl(url, base = pageUrl()) {
  let parsed;
  try {
    parsed = new URL(url, base);
  } catch {
    throw new Error(`refusing to fetch ${url}: not a valid URL`);
  }
  if(parsed.username || parsed.password) {
    throw new Error(`refusing to fetch ${url}: a URL with user info`);
  }
  if(parsed.protocol === 'https:') {
    return parsed.href;
  }
  let local = false;
  try {
    const page = new URL(base);
    local = page.protocol === 'http:' && LOOPBACK.has(page.hostname);
  } catch {
    local = false;
  }
  if(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname) && local) {
    return parsed.href;
  }
  throw new Error(`refusing to fetch ${url}: only https URLs are fetched`);
}

/**
 * GETs url within FETCH_DEADLINE_MS and at most `limit` bytes; throws on HTTP errors.
 *
 * @returns {Promise<Uint8Array>}
 */
export async function boundedFetch(url, limit, options = {}) {
  return (await boundedFetchFrom(url, limit, options)).bytes;
}

/**
 * boundedFetch, and the URL the answer finally came from (after redirects).
 *
 * @returns {Promise<{url: string, bytes: Uint8Array}>}
 */
export async function boundedFetchFrom(url, limit, {fetchFn = globalThis.fetch, deadline = FETCH_DEADLINE_MS, base = pageUrl()} = {}) {
  const target = checkFetchUrl(url, base);
  const signal = AbortSignal.timeout(deadline);
  const tooSlow = () => new Error(`no complete answer from ${target} within ${deadline / 1000} s`);
  let response;
  try {
    response = await fetchFn(target, {credentials: 'same-origin', signal});
  } catch(error) {
    throw signal.aborted ? tooSlow() : error;
  }
  if(!response.ok) {
    throw new Error(`HTTP ${response.status} for ${target}`);
  }
  if(response.redirected) {
    checkFetchUrl(response.url, base);
  }
  const tooLarge = () => new Error(`the answer from ${target} is larger than ${limit} bytes`);
  if(Number(response.headers.get('content-length')) > limit) {
    throw tooLarge();
  }
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  try {
    for(;;) {
      const {done, value} = await reader.read();
      if(done) {
        break;
      }
      total += value.length;
      if(total > limit) {
        reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch(error) {
    throw signal.aborted ? tooSlow() : error;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for(const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return {url: response.redirected && response.url ? response.url : target, bytes};
}

/**
 * Fetches url and parses it as JSON by the credential text rules (parse.js); with
 * {final: true}, resolves to {url (where the answer finally came from), document}.
 */
export async function browserFetchJson(url, {final = false, fetchFn} = {}) {
  const answer = await boundedFetchFrom(url, MAX_JSON_BYTES, fetchFn ? {fetchFn} : {});
  let text;
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(answer.bytes);
  } catch {
    throw new Error(`${url} is not UTF-8 text`);
  }
  const document = parseJsonText(text);
  return final ? {url: answer.url, document} : document;
}

/** Fetches url as bytes (the verify page's URL field, the badge page's baked downloads). */
export function browserFetchBytes(url) {
  return boundedFetch(url, MAX_BADGE_BYTES);
}
