// JSON-LD document loader that serves only the contexts bundled with badgepress.
// It never fetches: any other URL is an error, so a credential cannot make the verifier
// download (or be canonicalised against) a context the issuer's tool did not ship.
import {BUNDLED_CONTEXTS} from './contexts-bundled.js';

/** Error raised for a context URL that is not in the bundled manifest. */
export class ContextNotBundledError extends Error {
  constructor(url) {
    super(`context not bundled: ${url}`);
    this.name = 'ContextNotBundledError';
    this.url = url;
  }
}

/**
 * Builds a jsonld.js document loader over a fixed map of context URL -> document.
 *
 * @param {Record<string, object>} [contexts] defaults to the bundled contexts.
 * @returns {(url: string) => Promise<{contextUrl: null, documentUrl: string, document: object}>}
 */
export function createDocumentLoader(contexts = BUNDLED_CONTEXTS) {
  return async function bundledContextLoader(url) {
    if(Object.prototype.hasOwnProperty.call(contexts, url)) {
      return {contextUrl: null, documentUrl: url, document: contexts[url]};
    }
    throw new ContextNotBundledError(url);
  };
}

/** URLs of the bundled contexts, sorted. */
export function bundledContextUrls() {
  return Object.keys(BUNDLED_CONTEXTS).sort();
}
