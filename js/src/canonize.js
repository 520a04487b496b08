// RDFC-1.0 canonicalisation (jsonld.js + rdf-canonize) in safe mode: a term that would be
// dropped from the canonical form (and therefore left unsigned) is an error naming the term.
import jsonld from 'jsonld';
import {createDocumentLoader} from './loader.js';

const defaultLoader = createDocumentLoader();

/** A JSON-LD value that canonicalisation would silently drop (data loss). */
export class DataLossError extends Error {
  constructor(message, term) {
    super(message);
    this.name = 'DataLossError';
    this.term = term;
  }
}

function describeSafeModeEvent(event) {
  const details = (event && event.details) || {};
  switch(event && event.code) {
    case 'invalid property':
      return {term: details.property, message: `undefined term "${details.property}" would be dropped`};
    case 'relative @type reference':
      return {term: details.type, message: `undefined type "${details.type}" would be dropped`};
    case 'relative @id reference':
      return {term: details.id, message: `relative id "${details.id}" would be dropped`};
    case 'relative object reference': // an IRI value (a term typed @id, such as image)
      return {term: details.object, message: `relative reference "${details.object}" would be dropped`};
    default: {
      const term = details.property || details.type || details.id || details.value;
      const what = event && event.code ? event.code : 'unsafe value';
      return {term, message: term === undefined ? `${what} would be dropped` : `${what} "${term}" would be dropped`};
    }
  }
}

function findContextError(error) {
  for(let e = error; e; e = e.cause || (e.details && e.details.cause)) {
    if(e.name === 'ContextNotBundledError' || e.name === 'ContextFileError') {
      return e;
    }
  }
  return null;
}

/**
 * Canonicalises a JSON-LD document to RDFC-1.0 N-Quads (base IRI null, safe mode), blank
 * nodes labelled with the hash `hash` (RDFC-1.0's default SHA-256; SHA-384 for
 * ecdsa-rdfc-2019 with a P-384 key: W3C vc-di-ecdsa, "canon-and-hash").
 *
 * @param {object} document JSON-LD document.
 * @param {{documentLoader?: Function, hash?: 'SHA-256'|'SHA-384'}} [options]
 * @returns {Promise<string>} canonical N-Quads.
 * @throws {DataLossError} when a term would be dropped; Error "context not bundled: URL".
 */
export async function canonize(document, {documentLoader = defaultLoader, hash = 'SHA-256'} = {}) {
  try {
    return await jsonld.canonize(document, {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      base: null,
      safe: true,
      documentLoader,
      canonizeOptions: {messageDigestAlgorithm: hash},
    });
  } catch(error) {
    const contextError = findContextError(error);
    if(contextError) {
      throw contextError;
    }
    const event = error && error.details && error.details.event;
    if(event) {
      const {term, message} = describeSafeModeEvent(event);
      throw new DataLossError(message, term);
    }
    throw error;
  }
}
