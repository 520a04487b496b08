// JSON-LD document loader that serves only the contexts bundled with badgepress.
// It never fetches a context from where a credential says: any other URL is an error, so a
// credential cannot make the verifier download (or be canonicalised against) a context the
// issuer's tool did not ship. The badge page bundle carries the contexts badgepress issues
// with; it reads the others from its context file (CONTEXT_FILE, built with it and next to
// it), refused unless its SHA-256 is the one built in.
import {BUNDLED_CONTEXTS, CONTEXT_FILE} from './contexts-bundled.js';
import {MAX_JSON_BYTES, boundedFetch} from './fetch.js';
import {sha256} from './hash.js';
import {toHex} from './multibase.js';

/** Error raised for a context URL that is not in the bundled manifest. */
export class ContextNotBundledError extends Error {
  constructor(url) {
    super(`context not bundled: ${url}`);
    this.name = 'ContextNotBundledError';
    this.url = url;
  }
}

/** Error raised when the bundle's context file cannot be read, or is not the one built. */
export class ContextFileError extends Error {
  constructor(url, why) {
    super(`the verifier's context file ${url} could not be used: ${why}`);
    this.name = 'ContextFileError';
    this.url = url;
  }
}

/** The contexts of `file` (URL -> document), fetched and checked against its SHA-256. */
async function readContextFile({name, sha256: expected, base}, fetchFn) {
  if(!base) {
    throw new ContextFileError(name, 'the page does not say where the verifier script lives');
  }
  const url = new URL(name, base).href;
  let bytes;
  try {
    bytes = await boundedFetch(url, MAX_JSON_BYTES, {fetchFn});
  } catch(error) {
    throw new ContextFileError(url, error && error.message);
  }
  if(toHex(await sha256(bytes)) !== expected) {
    throw new ContextFileError(url, 'its content is not the one this verifier was built with');
  }
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * Builds a jsonld.js document loader over a fixed map of context URL -> document.
 *
 * @param {Record<string, object>} [contexts] defaults to the bundled contexts.
 * @param {{name: string, sha256: string, urls: string[], base: string|null}|null} [file]
 *   the context file with the other contexts (default: the bundle's, with the default
 *   contexts); read at most once per loader, when a credential names one of its URLs.
 * @param {typeof fetch} [fetchFn] how the context file is fetched (tests).
 * @returns {(url: string) => Promise<{contextUrl: null, documentUrl: string, document: object}>}
 */
export function createDocumentLoader(contexts = BUNDLED_CONTEXTS,
  file = contexts === BUNDLED_CONTEXTS ? CONTEXT_FILE : null, fetchFn = globalThis.fetch) {
  let more = null;
  return async function bundledContextLoader(url) {
    if(Object.prototype.hasOwnProperty.call(contexts, url)) {
      return {contextUrl: null, documentUrl: url, document: contexts[url]};
    }
    if(file && file.urls.includes(url)) {
      more = more || readContextFile(file, fetchFn);
      return {contextUrl: null, documentUrl: url, document: (await more)[url]};
    }
    throw new ContextNotBundledError(url);
  };
}

/** URLs of the bundled contexts (in the bundle or its context file), sorted. */
export function bundledContextUrls() {
  return [...Object.keys(BUNDLED_CONTEXTS), ...(CONTEXT_FILE ? CONTEXT_FILE.urls : [])].sort();
}
