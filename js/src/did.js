// Finding the public key behind a proof's verificationMethod and who controls it.
// did:key is read from the identifier itself; did:web is fetched from the issuer's site
// (https, or http for localhost during development). No universal resolvers, ever.
import {MESSAGES} from './checks.js';
import {decompress} from './ecdsa.js';
import {base64urlDecode, decodeMultikey, isMultikey} from './multibase.js';

/** Error with a plain-words message for the visitor and a hint for the issuer. */
export class KeyResolutionError extends Error {
  constructor(message, {hint, unconfirmed = false} = {}) {
    super(message);
    this.name = 'KeyResolutionError';
    this.hint = hint;
    // true: the scheme is not one we resolve, false: resolution failed. Either way the key is
    // not confirmed as the issuer's, and the issuer_key check fails.
    this.unconfirmed = unconfirmed;
  }
}

// Method types whose publicKeyMultibase holds a Multikey-encoded key (as Python's
// did.document.MULTIBASE_KEY_TYPES).
const MULTIBASE_KEY_TYPES = ['Multikey', 'Ed25519VerificationKey2020'];
const JWK_KEY_TYPES = ['JsonWebKey', 'JsonWebKey2020'];
const EC_SIZES = {'P-256': 32, 'P-384': 48};

function jwkCoordinate(value, size = null) {
  if(typeof value !== 'string' || !/^[A-Za-z0-9_-]+$/.test(value) || value.length % 4 === 1) {
    throw new Error('a publicKeyJwk coordinate is not base64url text');
  }
  const bytes = base64urlDecode(value);
  if(size !== null && bytes.length !== size) {
    throw new Error(`a publicKeyJwk coordinate is ${bytes.length} bytes, not ${size}`);
  }
  return bytes;
}

/** An RSA key is at least this large (RFC 7518 §3.3). */
export const MIN_RSA_BITS = 2048;
const RSA_PRIVATE_MEMBERS = ['p', 'q', 'dp', 'dq', 'qi', 'oth'];

function derLength(length) {
  if(length < 0x80) {
    return [length];
  }
  const bytes = [];
  for(let n = length; n > 0; n >>= 8) {
    bytes.unshift(n & 0xff);
  }
  return [0x80 | bytes.length, ...bytes];
}

function der(tag, content) {
  return Uint8Array.of(tag, ...derLength(content.length), ...content);
}

function derInteger(bytes) {
  let start = 0;
  while(start < bytes.length - 1 && bytes[start] === 0) {
    start++;
  }
  const magnitude = bytes.subarray(start);
  return der(0x02, magnitude[0] & 0x80 ? Uint8Array.of(0, ...magnitude) : magnitude);
}

// rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters.
const RSA_ALGORITHM = Uint8Array.of(0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00);

/** The DER SubjectPublicKeyInfo of a public RSA JWK of at least MIN_RSA_BITS bits. */
function rsaPublicKey(jwk) {
  if(RSA_PRIVATE_MEMBERS.some(m => m in jwk)) {
    throw new Error('publicKeyJwk holds parts of a private RSA key');
  }
  const n = jwkCoordinate(jwk.n);
  const e = jwkCoordinate(jwk.e);
  let first = 0;
  while(first < n.length && n[first] === 0) {
    first++;
  }
  const bits = first === n.length ? 0 : (n.length - first - 1) * 8 + (32 - Math.clz32(n[first]));
  if(bits < MIN_RSA_BITS) {
    throw new Error(`the RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are needed`);
  }
  const key = der(0x30, Uint8Array.of(...derInteger(n), ...derInteger(e)));
  return der(0x30, Uint8Array.of(...RSA_ALGORITHM, ...der(0x03, Uint8Array.of(0, ...key))));
}

/**
 * The raw key of a public JWK (as Python's PublicKey.from_jwk): OKP Ed25519 (32 bytes),
 * EC P-256/P-384 as a compressed point (after checking the point is on the curve), or RSA
 * as its DER SubjectPublicKeyInfo (RS256 JWTs only; no Data Integrity suite takes it).
 */
export function jwkPublicKey(jwk) {
  if(!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) {
    throw new Error('publicKeyJwk must be a JSON object');
  }
  if('d' in jwk) {
    throw new Error('publicKeyJwk holds a private key ("d"); it must not be published');
  }
  if(jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    return jwkCoordinate(jwk.x, 32);
  }
  const size = jwk.kty === 'EC' ? EC_SIZES[jwk.crv] : undefined;
  if(size) {
    const x = jwkCoordinate(jwk.x, size);
    const y = jwkCoordinate(jwk.y, size);
    const point = Uint8Array.of(2 + (y[size - 1] & 1), ...x);
    const full = decompress(point, jwk.crv);
    if(!full || !sameBytes(full.subarray(1 + size), y)) {
      throw new Error('publicKeyJwk is not a point on its curve');
    }
    return point;
  }
  if(jwk.kty === 'RSA') {
    return rsaPublicKey(jwk);
  }
  throw new Error(`publicKeyJwk ${jwk.kty}/${jwk.crv} is not an Ed25519, P-256, P-384 or RSA key`);
}

function splitFragment(url) {
  const i = url.indexOf('#');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i + 1)];
}

/**
 * Maps a did:web DID to the URL of its DID document.
 * did:web:host[:path…] -> https://host/path…/did.json; no path -> /.well-known/did.json;
 * "%3A" in the host is a port. Host "localhost" (any port) uses http:// (development only).
 *
 * @param {string} did
 * @returns {string} the URL.
 */
export function didWebToUrl(did) {
  if(typeof did !== 'string' || !did.startsWith('did:web:')) {
    throw new KeyResolutionError(`"${did}" is not a did:web identifier`);
  }
  const parts = did.slice('did:web:'.length).split(':');
  if(parts.some(p => p === '') || /[/?#]/.test(did)) {
    throw new KeyResolutionError(`"${did}" is not a valid did:web identifier`);
  }
  let host;
  let path;
  try {
    host = decodeURIComponent(parts[0]);
    path = parts.slice(1).map(p => decodeURIComponent(p));
  } catch {
    throw new KeyResolutionError(`"${did}" contains invalid percent-encoding`);
  }
  if(!/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(host)) {
    throw new KeyResolutionError(`"${did}" does not name a valid host`);
  }
  if(path.some(p => p === '.' || p === '..' || /[/?#\\]/.test(p))) {
    throw new KeyResolutionError(`"${did}" has an invalid path`);
  }
  const hostname = host.replace(/:[0-9]+$/, '').toLowerCase();
  const scheme = hostname === 'localhost' ? 'http' : 'https';
  const pathText = path.length ? path.map(encodeURIComponent).join('/') : '.well-known';
  return `${scheme}://${host}/${pathText}/did.json`;
}

/** The "domain" a visitor trusts for a did:web DID: host[:port] plus any path. */
export function didWebDomain(did) {
  const parts = did.slice('did:web:'.length).split(':').map(p => decodeURIComponent(p));
  return [parts[0].toLowerCase(), ...parts.slice(1)].join('/');
}

/** Key of a did:key DID ("did:key:z6Mk…", or P-256/P-384 "did:key:zDna…"/"z82L…"). */
export function didKeyPublicKey(did) {
  const id = did.slice('did:key:'.length);
  try {
    return decodeMultikey(id);
  } catch(error) {
    throw new KeyResolutionError(`"${did}" is not a did:key of a supported key type (${error.message})`);
  }
}

/**
 * Key of a did:jwk DID (DIF did:jwk: base64url of a public JWK), read from the identifier
 * itself; a private key ("d") or a key for encryption only ("use": "enc") is refused.
 */
export function didJwkPublicKey(did) {
  const encoded = did.slice('did:jwk:'.length);
  let jwk;
  try {
    if(!/^[A-Za-z0-9_-]+$/.test(encoded)) {
      throw new Error('not base64url');
    }
    jwk = JSON.parse(new TextDecoder('utf-8', {fatal: true}).decode(base64UrlBytes(encoded)));
  } catch {
    throw new KeyResolutionError('The did:jwk is not base64url of a JSON JWK.');
  }
  try {
    if(jwk && jwk.use === 'enc') {
      throw new Error('the JWK is for encryption ("use": "enc"), not for signing');
    }
    return jwkPublicKey(jwk);
  } catch(error) {
    // Not the identifier: it may hold a private key, which no message may repeat.
    throw new KeyResolutionError(`The key of the did:jwk is unusable: ${error.message}.`, {
      hint: 'A did:jwk must hold a public key only.'});
  }
}

function base64UrlBytes(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - text.length % 4) % 4));
  return Uint8Array.from(binary, c => c.charCodeAt(0));
}

/**
 * The key usable for the signature check without any network request, or null:
 * a fragment that is itself a Multikey ("…#z6Mk…"), or a did:key.
 */
export function localKeyFor(verificationMethod) {
  if(typeof verificationMethod !== 'string') {
    return null;
  }
  const [base, fragment] = splitFragment(verificationMethod);
  if(isMultikey(fragment)) {
    return decodeMultikey(fragment);
  }
  if(base.startsWith('did:key:')) {
    try {
      return didKeyPublicKey(base);
    } catch {
      return null;
    }
  }
  return null;
}

function asArray(value) {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function absoluteId(id, did) {
  return typeof id === 'string' && id.startsWith('#') ? did + id : id;
}

/**
 * Resolves a verification method to a confirmed key and its controller.
 *
 * @param {string} verificationMethod the proof's verificationMethod URL.
 * @param {{fetchJson: (url: string, options: {final: true}) => Promise<{url: string, document: any}>}} options
 *   fetchJson resolves to the document and the URL it finally came from (after redirects).
 * @returns {Promise<{publicKey: Uint8Array, controller: string, method: 'did:key'|'did:web'|'https',
 *   domain: string|null, didDocumentUrl?: string}>}
 * @throws {KeyResolutionError} `unconfirmed: true` for schemes that are not resolved.
 */
export async function resolveVerificationMethod(verificationMethod, {fetchJson}) {
  if(typeof verificationMethod !== 'string' || verificationMethod === '') {
    throw new KeyResolutionError('The proof names no verification method.', {
      hint: 'Add a verificationMethod to the proof.'});
  }
  const [did, fragment] = splitFragment(verificationMethod);

  if(did.startsWith('did:key:')) {
    const publicKey = didKeyPublicKey(did);
    if(fragment && fragment !== did.slice('did:key:'.length)) {
      throw new KeyResolutionError(`The key fragment "#${fragment}" does not match ${did}.`);
    }
    return {publicKey, controller: did, method: 'did:key', domain: null};
  }
  if(did.startsWith('did:jwk:')) {
    const publicKey = didJwkPublicKey(did);
    if(fragment !== '0') {
      throw new KeyResolutionError(`A did:jwk has one key, "#0", not "#${fragment}".`);
    }
    return {publicKey, controller: did, method: 'did:jwk', domain: null};
  }

  // An https issuer publishes its keys in a controller document at its own URL (CID 1.0).
  const https = /^https:\/\/[^/?#]+/.test(did);
  if(!did.startsWith('did:web:') && !https) {
    throw new KeyResolutionError(
      `The signing key (${verificationMethod}) is not published as did:web, did:key or at an https issuer URL, so it could not be confirmed.`,
      {unconfirmed: true, hint: 'Publish the key in a did:web DID document and sign with it.'});
  }

  if(https) {
    // An https issuer need not publish a controller document: without one the key is
    // unconfirmed (never the issuer's), as before this lookup existed.
    try {
      return await resolveFromDocument(did, did, verificationMethod, fetchJson, 'https');
    } catch(error) {
      error.unconfirmed = true;
      throw error;
    }
  }
  return resolveFromDocument(did, didWebToUrl(did), verificationMethod, fetchJson, 'did:web');
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

async function resolveFromDocument(did, url, verificationMethod, fetchJson, method) {
  const https = method === 'https';
  let doc;
  let from;
  try {
    ({url: from, document: doc} = await fetchJson(url, {final: true}));
  } catch(error) {
    throw new KeyResolutionError(`The issuer's DID document could not be loaded from ${url}.`, {
      hint: `Publish the DID document at ${url} (${error && error.message ? error.message : 'fetch failed'}).`});
  }
  // Only what the DID's (the issuer URL's) own origin answers speaks for it; a redirect
  // within that origin is its own answer, one to another origin is not (as Python's
  // did.resolver.OnlineResolver.resolve, which gives the reasons).
  const expected = originOf(url);
  if(!expected || originOf(from) !== expected) {
    const message = MESSAGES.keyDocumentRedirected.replace('{url}', () => url).replace('{final}', () => from);
    throw new KeyResolutionError(`${message}.`, {
      hint: `Serve the document from ${url} itself (a redirect within that site is fine).`});
  }
  if(doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new KeyResolutionError(`The DID document at ${url} is not a JSON object.`);
  }
  if(doc.id !== did) {
    throw new KeyResolutionError(`The DID document at ${url} is for "${doc.id}", not ${did}.`, {
      hint: `Set "id" in ${url} to ${did}.`});
  }
  // A method listed in verificationMethod, or embedded in assertionMethod.
  const vm = [...asArray(doc.verificationMethod), ...asArray(doc.assertionMethod)].find(m =>
    m && typeof m === 'object' && absoluteId(m.id, did) === verificationMethod);
  if(!vm) {
    throw new KeyResolutionError(`The issuer's DID document does not list the signing key ${verificationMethod}.`, {
      hint: 'Keep every key that signed a published badge in verificationMethod (also after rotation).'});
  }
  if(!MULTIBASE_KEY_TYPES.includes(vm.type) && !JWK_KEY_TYPES.includes(vm.type)) {
    throw new KeyResolutionError(`The signing key in the DID document has type "${vm.type}", not Multikey, Ed25519VerificationKey2020, JsonWebKey or JsonWebKey2020.`);
  }
  if(vm.controller !== did) {
    throw new KeyResolutionError(`The signing key is controlled by "${vm.controller}", not by ${did}.`);
  }
  let publicKey;
  try {
    publicKey = JWK_KEY_TYPES.includes(vm.type) ? jwkPublicKey(vm.publicKeyJwk) : decodeMultikey(vm.publicKeyMultibase);
  } catch(error) {
    throw new KeyResolutionError(`The signing key in the DID document is unusable: ${error.message}.`);
  }
  const listed = asArray(doc.assertionMethod).some(ref =>
    absoluteId(ref && typeof ref === 'object' ? ref.id : ref, did) === verificationMethod);
  if(!listed) {
    const error = new KeyResolutionError('The DID document does not authorise this key to issue credentials (not in assertionMethod).', {
      hint: `Add ${verificationMethod} to assertionMethod in ${url}.`});
    error.publicKey = publicKey; // the signature can still be checked (as in Python)
    throw error;
  }
  const domain = https ? new URL(did).host : didWebDomain(did);
  return {publicKey, controller: did, method: https ? 'https' : 'did:web', domain, didDocumentUrl: url};
}

function sameBytes(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Gets the key for checking a signature and, separately, whether it is confirmed as the
 * controller's key. Never throws.
 *
 * @returns {Promise<{publicKey: Uint8Array|null, resolution: object|null,
 *   error: KeyResolutionError|null}>} publicKey is set whenever a signature can be checked;
 *   resolution is set when the key was confirmed through did:key / did:web.
 */
export async function keyForVerificationMethod(verificationMethod, {fetchJson}) {
  const local = localKeyFor(verificationMethod);
  try {
    const resolution = await resolveVerificationMethod(verificationMethod, {fetchJson});
    if(local && !sameBytes(local, resolution.publicKey)) {
      return {publicKey: local, resolution: null, error: new KeyResolutionError(
        'The key named in the proof differs from the key in the issuer\'s DID document.', {
          hint: 'Sign with the key published in the DID document.'})};
    }
    return {publicKey: resolution.publicKey, resolution, error: null};
  } catch(error) {
    const err = error instanceof KeyResolutionError ? error : new KeyResolutionError(String(error && error.message));
    return {publicKey: local || err.publicKey || null, resolution: null, error: err};
  }
}

export {sameBytes};
