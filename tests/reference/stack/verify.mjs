// The reference stack's verdict on verdict-table / field case files, in badgepress's terms.
//
//   node tests/reference/stack/verify.mjs CASE.json... > verdicts.json
//
// Independent of badgepress: Digital Bazaar's @digitalbazaar/vc verifyCredential with the
// eddsa-rdfc-2022, ecdsa-rdfc-2019, ecdsa-sd-2023, eddsa-jcs-2022, ecdsa-jcs-2019 and
// Ed25519Signature2020 suites, Bitstring status through @digitalbazaar/vc-bitstring-status-list,
// did:key through @digitalbazaar/did-method-key, and panva/jose for JWT-secured inputs. Fully
// offline: JSON-LD contexts come from badgepress's bundled files (data, checked against their
// manifest's SHA-256) and the packages' own; every other URL resolves only to the case's
// `didDocuments` and `resources`; the clock is the case's `now`.
//
// Prints one JSON array: [{name, verdict, reason}], verdict being verified / warning (the
// signature and dates verified, the status could not be checked) / not-verified, reason the
// library's own message. What this harness adds to the libraries, and nothing more: the issuer
// of a JWT must control its key (the vc library checks that for Data Integrity proofs), a
// revocation or suspension bit that is set makes the verdict not-verified, and an entry whose
// list the libraries cannot check (another status type, a list that fails) is a warning.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {basename} from 'node:path';
import {fileURLToPath} from 'node:url';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createVerifyCryptosuite as ecdsaSd2023} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {createVerifyCryptosuite as eddsaJcs2022} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {createVerifyCryptosuite as ecdsaJcs2019} from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as didKey from '@digitalbazaar/did-method-key';
import {checkStatus as checkBitstringStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as securityContext from '@digitalbazaar/security-context';
import * as ed25519Context from 'ed25519-signature-2020-context';
import * as bslContext from '@digitalbazaar/vc-bitstring-status-list-context';
import * as jose from 'jose';

const CONTEXTS_DIR = new URL('../../../src/badgepress/jsonld/contexts/', import.meta.url);
const WITHDRAWN = new Set(['revocation', 'suspension']);
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA', 'Ed25519'];

/** URL -> context document: badgepress's bundled files (hash-checked), then the packages'. */
function bundledContexts() {
  const contexts = new Map();
  for(const pkg of [credentialsContext, securityContext, ed25519Context, bslContext]) {
    for(const [url, document] of pkg.contexts || (pkg.default && pkg.default.contexts) || []) {
      contexts.set(url, document);
    }
  }
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('manifest.json', CONTEXTS_DIR)), 'utf8'));
  for(const {url, file, sha256} of manifest) {
    const bytes = readFileSync(fileURLToPath(new URL(file, CONTEXTS_DIR)));
    if(createHash('sha256').update(bytes).digest('hex') !== sha256) {
      throw new Error(`bundled context ${file} does not match its manifest`);
    }
    contexts.set(url, JSON.parse(bytes.toString('utf8')));
  }
  return contexts;
}

const CONTEXTS = bundledContexts();

function didKeyDriver() {
  const driver = didKey.driver();
  driver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
  for(const header of ['zDna', 'z82L']) {
    driver.use({multibaseMultikeyHeader: header, fromMultibase: EcdsaMultikey.from});
  }
  return driver;
}

const DID_KEY = didKeyDriver();

const METHOD_CONTEXTS = {
  Multikey: 'https://w3id.org/security/multikey/v1',
  Ed25519VerificationKey2020: 'https://w3id.org/security/suites/ed25519-2020/v1',
};

/** The node with `id` in a controller / DID document (listed or embedded in a relationship). */
function findNode(document, id) {
  const relative = id.includes('#') ? `#${id.split('#')[1]}` : null;
  for(const value of Object.values(document)) {
    for(const node of Array.isArray(value) ? value : [value]) {
      if(node && typeof node === 'object' && (node.id === id || (relative && node.id === relative))) {
        // As a DID resolver hands out a method: in the context that defines its type.
        return {'@context': node['@context'] || METHOD_CONTEXTS[node.type] || document['@context'], ...node, id};
      }
    }
  }
  return null;
}

/**
 * The DID document of a did:jwk (DIF did:jwk: the identifier is base64url of the public JWK,
 * its one method is "#0"), or the method itself for "…#0". No library of the stack resolves
 * did:jwk; the method says the JWK "MUST NOT" hold private key material.
 */
function didJwkDocument(url) {
  const [did, fragment] = url.split('#');
  const jwk = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'));
  if('d' in jwk) {
    throw new Error('the did:jwk holds a private key (d)');
  }
  const method = {id: `${did}#0`, type: 'JsonWebKey', controller: did, publicKeyJwk: jwk};
  if(fragment !== undefined) {
    if(fragment !== '0') {
      throw new Error(`${url} is not the key of its did:jwk`);
    }
    return method;
  }
  return {'@context': ['https://www.w3.org/ns/did/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id]};
}

/** The offline document loader of one case. */
export function caseLoader(testCase) {
  const known = {...(testCase.resources || {}), ...(testCase.didDocuments || {})};
  return async url => {
    if(CONTEXTS.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(CONTEXTS.get(url))};
    }
    if(url.startsWith('did:key:')) {
      return {contextUrl: null, documentUrl: url, document: await DID_KEY.get({url})};
    }
    if(url.startsWith('did:jwk:')) {
      return {contextUrl: null, documentUrl: url, document: didJwkDocument(url)};
    }
    const [base] = url.split('#');
    const document = known[base];
    if(document === undefined) {
      throw new Error(`${url} is not reachable (offline: not in the case)`);
    }
    if(url === base) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(document)};
    }
    const node = findNode(document, url);
    if(!node) {
      throw new Error(`${url} is not in the document at ${base}`);
    }
    return {contextUrl: null, documentUrl: url, document: node};
  };
}

const DATA_INTEGRITY_V1 = 'https://w3id.org/security/data-integrity/v1';

/**
 * The suites, for a document. DataIntegrityProof adds the data-integrity/v2 context to the
 * proof configuration of a document that lists neither it nor VC 2.0, which clashes with the
 * protected terms of the pre-Recommendation data-integrity/v1 a document may list instead;
 * the library's `legacyContext` option is its way of verifying such a document.
 */
function suites(document) {
  const legacyContext = asArray(document && document['@context']).includes(DATA_INTEGRITY_V1);
  return [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022, legacyContext}),
    new DataIntegrityProof({cryptosuite: ecdsaRdfc2019, legacyContext}),
    new DataIntegrityProof({cryptosuite: ecdsaSd2023(), legacyContext}),
    new DataIntegrityProof({cryptosuite: eddsaJcs2022(), legacyContext}),
    new DataIntegrityProof({cryptosuite: ecdsaJcs2019(), legacyContext}),
    new Ed25519Signature2020(),
  ];
}

function messageOf(error) {
  if(!error) {
    return 'not verified';
  }
  const errors = Array.isArray(error) ? error : error.errors || [error];
  return errors.map(e => (e && e.message) || String(e)).join('; ');
}

function asArray(value) {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The status of a credential whose proof verified: {state: 'pass'|'fail'|'warn', reason}.
 * Bitstring entries go to vc-bitstring-status-list (which verifies each list with the same
 * suites and that its issuer is the credential's); other status types are not in the stack.
 */
async function statusOf(credential, documentLoader) {
  let unknown = null;
  for(const entry of asArray(credential.credentialStatus)) {
    if(!entry || entry.type !== 'BitstringStatusListEntry') {
      unknown = unknown || `status type ${JSON.stringify(entry && entry.type)} is not supported by the reference stack`;
      continue;
    }
    if(!WITHDRAWN.has(entry.statusPurpose)) {
      continue;
    }
    const result = await checkBitstringStatus({
      credential: {...credential, credentialStatus: entry}, documentLoader, suite: suites(),
      verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true,
    });
    if(!result.verified) {
      unknown = unknown || `status could not be checked: ${messageOf(result.error)}`;
      continue;
    }
    if(result.results.some(r => r.status === true)) {
      return {state: 'fail', reason: `${entry.statusPurpose} bit set in ${entry.statusListCredential}`};
    }
  }
  return unknown ? {state: 'warn', reason: unknown} : {state: 'pass', reason: null};
}

async function verdictOfStatus(credential, documentLoader, verifiedBy) {
  const status = await statusOf(credential, documentLoader);
  if(status.state === 'fail') {
    return {verdict: 'not-verified', reason: status.reason};
  }
  if(status.state === 'warn') {
    return {verdict: 'warning', reason: status.reason};
  }
  return {verdict: 'verified', reason: verifiedBy};
}

/** A credential secured with Data Integrity proofs, through @digitalbazaar/vc. */
async function verifyDataIntegrity(credential, testCase, documentLoader) {
  // Status is checked after the proof, by statusOf: the library's own checkStatus would make
  // an unsupported status type or a short-lived list failure a plain "not verified".
  const result = await vc.verifyCredential({
    credential, suite: suites(credential), documentLoader, now: new Date(testCase.now),
    checkStatus: async () => ({verified: true}),
  });
  if(!result.verified) {
    return {verdict: 'not-verified', reason: messageOf(result.error || (result.results || []).map(r => r.error).filter(Boolean))};
  }
  return verdictOfStatus(credential, documentLoader, 'vc.verifyCredential verified');
}

/** The public key (a jose KeyLike) of a verification method, and its controller. */
async function keyOfMethod(method, kid, alg) {
  if(method.publicKeyJwk) {
    return {key: await jose.importJWK(method.publicKeyJwk, alg), controller: method.controller};
  }
  if(method.publicKeyMultibase) {
    const lib = method.publicKeyMultibase.startsWith('z6Mk') ? Ed25519Multikey : EcdsaMultikey;
    const pair = await lib.from({...method, type: 'Multikey'});
    return {key: await jose.importJWK(await lib.toJwk({keyPair: pair}), alg), controller: method.controller};
  }
  throw new Error(`verification method ${method.id || kid} has no public key`);
}

function issuerIdOf(credential) {
  const {issuer} = credential;
  return typeof issuer === 'string' ? issuer : issuer && typeof issuer === 'object' ? issuer.id : undefined;
}

function datesProblem(credential, now) {
  const from = credential.validFrom || credential.issuanceDate;
  const until = credential.validUntil || credential.expirationDate;
  if(from && new Date(from) > now) {
    return `not valid before ${from}`;
  }
  if(until && new Date(until) <= now) {
    return `expired on ${until}`;
  }
  return null;
}

/**
 * A JWT-secured credential: VC-JWT as OB 3.0 §8.2 defines it (a `vc` claim) or VC-JOSE
 * (the payload is the credential). jose checks the signature and exp/nbf; the key named by
 * `kid` (resolved offline) must be controlled by the credential's issuer.
 */
async function verifyJwt(jwt, testCase, documentLoader) {
  const now = new Date(testCase.now);
  const header = jose.decodeProtectedHeader(jwt);
  const payload = jose.decodeJwt(jwt);
  const credential = payload.vc && typeof payload.vc === 'object' ? payload.vc : payload;
  const issuerId = issuerIdOf(credential) || payload.iss;
  let key;
  let controller;
  const setUrl = header.jku || (typeof header.kid === 'string' && header.kid.startsWith('https://') ? header.kid.split('#')[0] : null);
  const keySet = setUrl && (testCase.keySets || {})[setUrl];
  if(keySet) {
    // jose's own selection from a JWK set (by kid, alg and key type); the set speaks for the
    // issuer whose id has the set URL's origin (the OB 3.0 Implementation Guide's key
    // provenance: the issuer's JWKS at https://{authority}/.well-known/jwks.json).
    const kid = header.jku ? header.kid : header.kid.split('#')[1];
    const set = keySet.keys ? keySet : {keys: [keySet]};
    const local = jose.createLocalJWKSet(set);
    await jose.jwtVerify(jwt, (protectedHeader, token) => local({...protectedHeader, kid}, token),
      {currentDate: now, algorithms: JWT_ALGORITHMS});
    key = null;
    controller = /^https:/.test(issuerId) && new URL(setUrl).origin === new URL(issuerId).origin ? issuerId : new URL(setUrl).origin;
  } else if(typeof header.kid === 'string') {
    const kid = header.kid.startsWith('#') ? `${issuerId}${header.kid}` : header.kid;
    const {document} = await documentLoader(kid);
    ({key, controller} = await keyOfMethod(document, kid, header.alg));
    controller = controller || kid.split('#')[0];
  } else {
    throw new Error('the JWT names no key (kid); an embedded jwk is not bound to the issuer');
  }
  if(key) {
    await jose.jwtVerify(jwt, key, {currentDate: now, algorithms: JWT_ALGORITHMS});
  }
  if(payload.iss !== undefined && payload.iss !== issuerId) {
    return {verdict: 'not-verified', reason: `iss ${payload.iss} is not the credential's issuer ${issuerId}`};
  }
  if(controller !== issuerId) {
    return {verdict: 'not-verified', reason: `the key ${header.kid} is controlled by ${controller}, not by the issuer ${issuerId}`};
  }
  const dates = datesProblem(credential, now);
  if(dates) {
    return {verdict: 'not-verified', reason: dates};
  }
  return verdictOfStatus(credential, documentLoader, `jose.jwtVerify (${header.alg}) verified`);
}

/** The case's input: a JSON credential, or a JWT (compact, or inside an enveloped credential). */
function inputOf(testCase) {
  let value = testCase.credential;
  if('credentialText' in testCase) {
    const text = String(testCase.credentialText).trim();
    value = JWT.test(text) ? text : JSON.parse(text);
  }
  if(value && typeof value === 'object' && asArray(value.type).includes('EnvelopedVerifiableCredential') &&
      typeof value.id === 'string' && value.id.startsWith('data:')) {
    value = value.id.slice(value.id.indexOf(',') + 1);
  }
  return value;
}

/** The reference stack's verdict on one case: {verdict, reason}. */
export async function verifyCase(testCase) {
  const documentLoader = caseLoader(testCase);
  try {
    const input = inputOf(testCase);
    if(typeof input === 'string') {
      return await verifyJwt(input, testCase, documentLoader);
    }
    if(!input || typeof input !== 'object' || Array.isArray(input)) {
      return {verdict: 'not-verified', reason: 'not a credential (JSON object or JWT)'};
    }
    return await verifyDataIntegrity(input, testCase, documentLoader);
  } catch(error) {
    return {verdict: 'not-verified', reason: messageOf(error)};
  }
}

if(process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = [];
  for(const path of process.argv.slice(2)) {
    const testCase = JSON.parse(readFileSync(path, 'utf8'));
    out.push({name: basename(path, '.json'), ...await verifyCase(testCase)});
  }
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
}
