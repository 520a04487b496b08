// Credentials secured as a compact JWS (VC-JWT, OB 3.0 §8.2; VC-JOSE-COSE vc+jwt), as
// Python's badgepress.jose checks them: the header's algorithm (never none, an HMAC, an
// unknown crit extension or a header jwk with private parts), the key its kid names
// through the controller's DID document or in the JWK set its jku or kid URL names
// (keyset.js; a header jwk alone confirms nobody unless the issuer is that did:key), the
// signature with the algorithm that fits the key (no algorithm confusion), and the JWT
// claims against the credential. The token itself is read by parse.js.
import {MESSAGES} from './checks.js';
import {didKeyPublicKey, jwkPublicKey, keyForVerificationMethod, KeyResolutionError, sameBytes} from './did.js';
import {verifyEcdsa} from './ecdsa.js';
import {verifyEd25519} from './ed25519.js';
import {issuerIdOf} from './format.js';
import {keyFromSet, KeySetError, PRIVATE_JWK_MEMBERS} from './keyset.js';

/** Each accepted alg -> the one key type it verifies with. */
export const ALGORITHMS = Object.freeze({RS256: 'RSA', ES256: 'P-256', ES384: 'P-384', EdDSA: 'Ed25519'});

class JwsError extends Error {}

/** The type of a raw key from did.js: Ed25519, P-256, P-384 (by length) or RSA (DER). */
function keyType(publicKey) {
  const byLength = {32: 'Ed25519', 33: 'P-256', 49: 'P-384'}[publicKey.length];
  return byLength || (publicKey[0] === 0x30 ? 'RSA' : null);
}

/** The header's alg, once the header is one we may verify; throws JwsError otherwise. */
function algorithm(header) {
  const {alg} = header;
  if(alg === 'none') {
    throw new JwsError('The JWT is not signed (alg "none"), so its content cannot be trusted.');
  }
  if(typeof alg === 'string' && alg.startsWith('HS')) {
    throw new JwsError(`The JWT is secured with ${alg}, a shared-secret code, not a signature by the issuer's key; only RS256, ES256, ES384 and EdDSA signatures are accepted.`);
  }
  if(typeof alg !== 'string' || !Object.hasOwn(ALGORITHMS, alg)) {
    throw new JwsError(`The JWT's algorithm ${JSON.stringify(alg)} is not supported; only RS256, ES256, ES384 and EdDSA signatures are accepted.`);
  }
  if('crit' in header) {
    throw new JwsError('The JWT header lists critical extensions (crit) this verifier does not understand.');
  }
  const {jwk, kid} = header;
  if(jwk !== undefined && (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk) ||
      PRIVATE_JWK_MEMBERS.some(m => m in jwk))) {
    throw new JwsError('The JWT header\'s jwk is not a public key (it holds private parts or is not an object); a private key must never be published.');
  }
  if(kid !== undefined && (typeof kid !== 'string' || kid === '')) {
    throw new JwsError('The JWT header\'s kid must be text.');
  }
  return alg;
}

async function verifySignature(alg, publicKey, data, signature) {
  if(ALGORITHMS[alg] === 'RSA') {
    const key = await crypto.subtle.importKey('spki', publicKey, {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}, false, ['verify']);
    return crypto.subtle.verify({name: 'RSASSA-PKCS1-v1_5'}, key, signature, data);
  }
  return ALGORITHMS[alg] === 'Ed25519' ? verifyEd25519(publicKey, data, signature) : verifyEcdsa(publicKey, data, signature);
}

/** The full verification method id a kid names (as Python's verify._kid_method_id). */
function kidMethodId(kid, issuerId) {
  if(kid === undefined) {
    if(issuerId.startsWith('did:key:')) {
      return `${issuerId}#${issuerId.slice('did:key:'.length)}`;
    }
    throw new JwsError('The JWT names no signing key (no kid in its header). The issuer should name its published key in the JWT\'s kid.');
  }
  if(kid.startsWith('#')) {
    return issuerId + kid;
  }
  if(kid.startsWith('did:key:') && !kid.includes('#')) {
    return `${kid}#${kid.slice('did:key:'.length)}`;
  }
  return kid.startsWith('did:') || kid.startsWith('https://') ? kid : `${issuerId}#${kid}`;
}

/** A key carried in the header is the issuer's only when the issuer's identifier is that key. */
function selfAsserted(publicKey, issuerId) {
  if(issuerId.startsWith('did:key:')) {
    try {
      if(sameBytes(didKeyPublicKey(issuerId), publicKey)) {
        return {publicKey, resolution: {controller: issuerId, method: 'did:key', domain: null}, error: null};
      }
    } catch {
      // not a did:key we read: the key is unconfirmed
    }
  }
  return {publicKey, resolution: null, error: new KeyResolutionError(
    `the JWT header carries its own key (jwk), which anyone can do; nothing shows it is a key of ${issuerId}`,
    {hint: 'The issuer should name a key published in its DID document in the JWT\'s kid.'})};
}

const NO_KEY = {publicKey: null, resolution: null, error: null};

/**
 * The outcome of the JWS signature check of an enveloped credential, in the shape of
 * proofset.vouchingProof: {proof (the envelope), key, valid, message}.
 *
 * @param {object} credential the credential read from the envelope.
 * @param {object} envelope parse.js envelopeOf(credential).
 * @param {{fetchJson: Function}} options
 */
export async function vouchingJws(credential, envelope, {fetchJson}) {
  const fail = message => ({proof: envelope, key: NO_KEY, valid: false, message});
  if(JSON.stringify(credential) !== envelope.json) {
    return fail('The credential was changed after it was read from its JWT.');
  }
  const issuerId = issuerIdOf(credential) || '';
  let alg;
  let key;
  try {
    alg = algorithm(envelope.header);
    const {kid, jwk} = envelope.header;
    let own = null;
    if(jwk !== undefined) {
      try {
        own = jwkPublicKey(jwk);
      } catch(error) {
        throw new JwsError(`The JWT header's jwk is unusable: ${error.message}.`);
      }
    }
    const inSet = await keyFromSet(envelope.header, alg, issuerId, fetchJson);
    if(inSet) {
      key = inSet;
    } else if(kid === undefined && own) {
      key = selfAsserted(own, issuerId);
    } else {
      key = await keyForVerificationMethod(kidMethodId(kid, issuerId), {fetchJson});
      if(!key.publicKey && own) {
        key = {...key, publicKey: own};
      }
    }
  } catch(error) {
    if(error instanceof JwsError || error instanceof KeySetError) {
      return fail(error.message);
    }
    throw error;
  }
  if(!key.publicKey) {
    return {...fail(`The signature could not be checked because the signing key could not be found. ${key.error ? key.error.message : ''}`), key};
  }
  const type = keyType(key.publicKey);
  if(ALGORITHMS[alg] !== type) {
    return {...fail(`The JWT's algorithm ${alg} does not fit the signing key (${type || 'an unknown key type'}): algorithm confusion.`), key};
  }
  if(!await verifySignature(alg, key.publicKey, envelope.signingInput, envelope.signature)) {
    return {...fail('The JWT signature does not match its content: the badge was changed after it was signed, or it was signed with a different key.'), key};
  }
  const base = key.resolution ? MESSAGES.signaturePass : MESSAGES.signatureUnconfirmedKey;
  return {proof: envelope, key, valid: true, message: `Secured as a JWT (${alg}). ${base}`};
}

const BOUND_CLAIMS = [['iss', 'issuer', 'issuer id'], ['jti', 'id', 'id'], ['sub', 'credentialSubject', 'credentialSubject id']];

/**
 * What is wrong with the JWT claims against the credential (OB 3.0 §8.2.4.2: iss is
 * issuer.id, jti the id, sub credentialSubject.id; nbf/exp NumericDates), or null.
 */
export function claimsProblem(envelope, credential) {
  for(const [claim, field, label] of BOUND_CLAIMS) {
    if(!Object.hasOwn(envelope.claims, claim)) {
      continue;
    }
    const node = credential[field];
    const isObject = node !== null && typeof node === 'object' && !Array.isArray(node);
    let own = field === 'id' ? node : (isObject ? node.id : node);
    if(field === 'credentialSubject' && !isObject) {
      own = undefined;
    }
    if(envelope.claims[claim] !== own) {
      return `the JWT claim ${claim} (${JSON.stringify(envelope.claims[claim])}) differs from the credential's ${label} (${JSON.stringify(own)})`;
    }
  }
  for(const claim of ['nbf', 'exp']) {
    const value = envelope.claims[claim];
    if(value !== undefined && (typeof value !== 'number' || !Number.isFinite(new Date(value * 1000).getTime()))) {
      return `the JWT claim ${claim} must be a NumericDate (seconds since 1970), not ${JSON.stringify(value)}`;
    }
  }
  return null;
}

/** The nbf and exp claims as {field, value, ms} bounds (as format.validityOf), or null each. */
export function dateBounds(envelope) {
  const bound = claim => {
    const value = envelope.claims[claim];
    return typeof value === 'number' ? {field: `JWT ${claim} claim`, value: new Date(value * 1000).toISOString(), ms: value * 1000} : null;
  };
  return {nbf: bound('nbf'), exp: bound('exp')};
}
