// A JWT's signing key taken from a JWK set the issuer publishes (RFC 7517 §5; OB 3.0 §8.2.3
// kid "https://example.edu/keys#key-1"; RFC 7515 jku), as Python's badgepress.jose.keyset
// decides it. A set vouches for an https issuer only from the issuer's own site: its URL, as
// named and as the answer finally came from after any redirect, is on the issuer id's origin
// and at or under the issuer id's path, or is the origin's /.well-known/jwks.json (OB 3.0
// Implementation Guide, "Key provenance"); a key whose iss member names someone else is not
// the issuer's. The key is the one whose own kid the URL's fragment (with jku: the header's
// kid) names, or the set's only key; an answer that is one JWK is that key. A set that
// publishes any private key is not used, nor a key for encryption or another algorithm.
import {jwkPublicKey, KeyResolutionError} from './did.js';

export const WELL_KNOWN_JWKS = '/.well-known/jwks.json';
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The signature cannot be checked with a key from the set (message for the visitor). */
export class KeySetError extends Error {}

/** Whether a document is shaped as a JWK set (keys) or one JWK (kty). */
export function isKeySet(document) {
  return document !== null && typeof document === 'object' && !Array.isArray(document) &&
    ('keys' in document || 'kty' in document);
}

function select(document, name, url, alg) {
  const inSet = 'keys' in document;
  const keys = inSet ? document.keys : [document];
  if(!Array.isArray(keys) || !keys.length || !keys.every(k => k && typeof k === 'object' && !Array.isArray(k))) {
    throw new KeySetError(`The JWK set at ${url} is not a list of JWK objects (RFC 7517 §5).`);
  }
  keys.forEach((member, index) => {
    const leaked = PRIVATE_JWK_MEMBERS.find(m => m in member);
    if(leaked) {
      throw new KeySetError(`The JWK set at ${url} publishes a private key (${inSet ? `keys/${index}` : 'the JWK'} has "${leaked}"), so none of its keys can vouch for anyone. The issuer must replace that key and publish public keys only.`);
    }
  });
  let chosen;
  if(name === undefined) {
    chosen = keys.length === 1 ? keys : [];
    if(!chosen.length) {
      throw new KeySetError(`The JWT does not say which of the ${keys.length} keys of the JWK set at ${url} signed it.`);
    }
  } else {
    chosen = keys.filter(k => k.kid === name || k.kid === `${url}#${name}`);
    if(chosen.length !== 1) {
      throw new KeySetError(`The JWK set at ${url} holds ${chosen.length || 'no'} key(s) with kid ${JSON.stringify(name)}; the kid must name exactly one key of the issuer's set.`);
    }
  }
  const [jwk] = chosen;
  if((jwk.use !== undefined && jwk.use !== 'sig') ||
      (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify')))) {
    throw new KeySetError(`The key in the JWK set at ${url} is not for signatures (use/key_ops).`);
  }
  if('alg' in jwk && jwk.alg !== alg) {
    throw new KeySetError(`The key in the JWK set at ${url} is for ${JSON.stringify(jwk.alg)}, not for the JWT's ${alg}.`);
  }
  return jwk;
}

/** Whether a raw URL path may be read by a server as another folder. */
function leavesFolder(path) {
  const lowered = path.toLowerCase();
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  return ['%2f', '%2e', '%5c'].some(code => lowered.includes(code)) ||
    decoded.split('/').some(segment => segment === '.' || segment === '..');
}

/** An https URL's origin and raw path (as Python's urlsplit keeps it), or null. */
function partsOf(url) {
  if(typeof url !== 'string' || !url.startsWith('https://') || url.includes('\\')) {
    return null;
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if(parsed.username || parsed.password || !parsed.hostname) {
    return null;
  }
  const path = url.replace(/^https:\/\/[^/?#]*/, '').split(/[?#]/)[0] || '/';
  return {origin: parsed.origin, path};
}

/** Why a JWK set at `url` does not speak for issuerId, or null if it does. */
function placeProblem(issuerId, url, redirected = false) {
  const where = redirected ? `the JWK set came from ${url} (redirected)` : `the JWK set at ${url}`;
  const hint = {hint: `Publish the set on the issuer's site: under ${issuerId} or at ${WELL_KNOWN_JWKS} of its origin.`};
  const issuer = partsOf(issuerId);
  const found = partsOf(url);
  if(!issuer) {
    return new KeyResolutionError(`${where} cannot confirm the issuer ${issuerId}: a JWK set vouches only for an https issuer at its own site`);
  }
  if(!found || found.origin !== issuer.origin) {
    return new KeyResolutionError(`${where} is not on the issuer's site (${issuer.origin}), so it cannot confirm the key is ${issuerId}'s`, hint);
  }
  if(leavesFolder(found.path)) {
    return new KeyResolutionError(`${where} has a path a server may read as another folder (dot segments, encoded slashes or dots, backslashes)`, hint);
  }
  const base = issuer.path.replace(/\/+$/, '');
  if(found.path === WELL_KNOWN_JWKS || found.path === issuer.path || found.path.startsWith(`${base}/`)) {
    return null;
  }
  return new KeyResolutionError(`${where} is outside the issuer's path (${issuer.path}), so it cannot confirm the key is ${issuerId}'s`, hint);
}

/**
 * The key a JWT's jku, or its https kid, names in a published JWK set, in the shape of
 * did.keyForVerificationMethod ({publicKey, resolution, error}); null when the header names
 * no set (a kid URL whose document is a controller document).
 *
 * @param {object} header the JOSE header.
 * @param {string} alg the header's (checked) algorithm.
 * @param {string} issuerId
 * @param {(url: string, options?: {final?: boolean}) => Promise<any>} fetchJson with
 *   {final: true}, resolves to {url (where the answer finally came from), document}.
 * @throws {KeySetError} the set cannot be had, publishes a private key, or holds no usable
 *   key by that name.
 */
export async function keyFromSet(header, alg, issuerId, fetchJson) {
  const {jku, kid} = header;
  let url;
  let name;
  if(jku !== undefined) {
    if(typeof jku !== 'string' || !jku.startsWith('https://')) {
      throw new KeySetError('The JWT header\'s jku must be an https URL of a JWK set.');
    }
    [url, name] = [jku, kid];
  } else if(typeof kid === 'string' && kid.startsWith('https://')) {
    const hash = kid.indexOf('#');
    [url, name] = hash < 0 ? [kid, undefined] : [kid.slice(0, hash), kid.slice(hash + 1) || undefined];
  } else {
    return null;
  }
  const raw = partsOf(url);
  if(url.includes('\\') || (raw && leavesFolder(raw.path))) {
    // Never fetched: clients and servers normalise such paths differently.
    throw new KeySetError(`The JWK set URL ${url} has a path a server may read as another folder (dot segments, encoded slashes or dots, backslashes).`);
  }
  let published;
  try {
    published = await fetchJson(url, {final: true});
  } catch(error) {
    if(jku === undefined) {
      return null; // as any kid URL: the controller-document path reports what failed
    }
    throw new KeySetError(`The signature could not be checked because the JWK set named by jku could not be loaded from ${url} (${error && error.message ? error.message : 'fetch failed'}).`);
  }
  if(!published || !isKeySet(published.document)) {
    if(jku === undefined) {
      return null;
    }
    throw new KeySetError(`The signature could not be checked: ${url} (the header's jku) is not a JWK set.`);
  }
  const jwk = select(published.document, name, url, alg);
  let publicKey;
  try {
    publicKey = jwkPublicKey(jwk);
  } catch(error) {
    throw new KeySetError(`The key in the JWK set at ${url} is unusable: ${error.message}.`);
  }
  let error = placeProblem(issuerId, url);
  if(!error && published.url !== url) {
    error = placeProblem(issuerId, published.url, true);
  }
  if(!error && 'iss' in jwk && jwk.iss !== issuerId) {
    error = new KeyResolutionError(`the key in the JWK set at ${url} is bound to ${JSON.stringify(jwk.iss)} (its iss member), not to ${issuerId}`);
  }
  return error ? {publicKey, resolution: null, error} :
    {publicKey, resolution: {controller: issuerId, method: 'https', domain: new URL(issuerId).host}, error: null};
}
