// The eddsa-rdfc-2022 cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0, §3.2) and
// the older Ed25519Signature2020 suite (W3C CCG draft, §4), which hash and sign alike:
// transformation (RDFC-1.0), hashing (SHA-256(proof config) ‖ SHA-256(document)) and
// Ed25519 verification of the base58btc proofValue. Its terms come from the
// https://w3id.org/security/suites/ed25519-2020/v1 context, which the document must list.
// ecdsa-rdfc-2019 (W3C vc-di-ecdsa §3.2) is the same with SHA-256 (P-256 keys) or SHA-384
// (P-384 keys) and an ECDSA r ‖ s signature, checked by WebCrypto (ecdsa.js).
// eddsa-jcs-2022 and ecdsa-jcs-2019 hash alike but transform with JCS (RFC 8785, jcs.js);
// derived ecdsa-sd-2023 proofs are checked by sd.js on the RDFC-1.0 form.
import {canonize} from './canonize.js';
import {canonicalJson} from './jcs.js';
import {ECDSA_SD, parseDerived, relabel, verifyStatements} from './sd.js';
import {verifyEd25519} from './ed25519.js';
import {curveOf, hashFor, verifyEcdsa} from './ecdsa.js';
import {digest} from './hash.js';
import {multibaseDecode} from './multibase.js';

export const PROOF_TYPE = 'DataIntegrityProof';
export const CRYPTOSUITE = 'eddsa-rdfc-2022';
export const PROOF_PURPOSE = 'assertionMethod';
export const ED25519_2020 = 'Ed25519Signature2020';
export const ECDSA_RDFC = 'ecdsa-rdfc-2019';
export const EDDSA_JCS = 'eddsa-jcs-2022';
export const ECDSA_JCS = 'ecdsa-jcs-2019';
/** The DataIntegrityProof cryptosuites verified (as Python's crypto.proof.CRYPTOSUITES). */
export const CRYPTOSUITES = [CRYPTOSUITE, ECDSA_RDFC, ECDSA_SD, EDDSA_JCS, ECDSA_JCS];
export const SUPPORTED = `${PROOF_TYPE} (${CRYPTOSUITES.join(', ')}) or ${ED25519_2020}`;
const JCS = [EDDSA_JCS, ECDSA_JCS];
const CURVES = {[CRYPTOSUITE]: ['Ed25519'], [ED25519_2020]: ['Ed25519'], [EDDSA_JCS]: ['Ed25519'],
  [ECDSA_RDFC]: ['P-256', 'P-384'], [ECDSA_JCS]: ['P-256', 'P-384'], [ECDSA_SD]: ['P-256']};
const SIGNATURE_LENGTHS = {[CRYPTOSUITE]: [64], [ED25519_2020]: [64], [ECDSA_RDFC]: [64, 96],
  [EDDSA_JCS]: [64], [ECDSA_JCS]: [64, 96]};

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** All proofs of a document as an array (proof may be an object or an array). */
export function listProofs(document) {
  if(!isObject(document) || document.proof === undefined) {
    return [];
  }
  return (Array.isArray(document.proof) ? document.proof : [document.proof]).filter(isObject);
}

/** The supported suite of a proof object (as Python's crypto.proof.suite_of), or null. */
export function suiteOf(proof) {
  if(proof.type === PROOF_TYPE && CRYPTOSUITES.includes(proof.cryptosuite)) {
    return proof.cryptosuite;
  }
  return proof.type === ED25519_2020 && !('cryptosuite' in proof) ? ED25519_2020 : null;
}

/** The proofs of a supported suite, in document order. */
export function supportedProofs(document) {
  return listProofs(document).filter(p => suiteOf(p) !== null);
}

/** The first proof of a supported suite, or null. */
export function selectProof(document) {
  return supportedProofs(document)[0] || null;
}

/** Data Integrity hash data: hash(proof config) ‖ hash(document), with the parts it is made of. */
async function hashBoth(hash, canonicalProofConfig, canonicalDocument) {
  const proofHash = await digest(hash, canonicalProofConfig);
  const documentHash = await digest(hash, canonicalDocument);
  const hashData = new Uint8Array(proofHash.length + documentHash.length);
  hashData.set(proofHash, 0);
  hashData.set(documentHash, proofHash.length);
  return {canonicalDocument, canonicalProofConfig, documentHash, proofHash, hashData};
}

/**
 * Computes the eddsa-rdfc-2022 hash data of a secured document and one of its proofs.
 *
 * @param {object} document the secured (or unsecured) document; its `proof` is ignored.
 * @param {object} proof the proof (its `proofValue`, if any, is ignored).
 * @param {{documentLoader?: Function, hash?: 'SHA-256'|'SHA-384'}} [options]
 * @returns {Promise<{canonicalDocument: string, canonicalProofConfig: string,
 *   documentHash: Uint8Array, proofHash: Uint8Array, hashData: Uint8Array}>}
 */
export async function computeHashData(document, proof, {documentLoader, hash = 'SHA-256'} = {}) {
  const unsecured = {...document};
  delete unsecured.proof;
  const proofConfig = {...proof};
  delete proofConfig.proofValue;
  proofConfig['@context'] = document['@context'];
  const canonicalProofConfig = await canonize(proofConfig, {documentLoader, hash});
  const canonicalDocument = await canonize(unsecured, {documentLoader, hash});
  return hashBoth(hash, canonicalProofConfig, canonicalDocument);
}

/**
 * Starts the part of verifyProof that needs no key, so that canonicalisation runs while the
 * key is fetched: the RDFC-1.0 hash data with SHA-256 (the hash of every RDFC suite except
 * ecdsa-rdfc-2019 with a P-384 key). Pass the result to verifyProof as `early`; a failure is
 * raised there, at the step where verifyProof would have canonicalised.
 *
 * @returns {Promise<object>|null} null when the suite hashes otherwise (JCS, ecdsa-sd-2023).
 */
export function startHashData(document, proof, {documentLoader} = {}) {
  const suite = isObject(proof) ? suiteOf(proof) : null;
  if(!suite || suite === ECDSA_SD || JCS.includes(suite)) {
    return null;
  }
  const early = computeHashData(document, proof, {documentLoader});
  early.catch(() => {}); // not an unhandled rejection: verifyProof awaits it, or it is unused
  return early;
}

/**
 * Verifies one proof of a supported suite with a known key of the suite's curve.
 *
 * @param {object} document secured document.
 * @param {object} proof the proof to check (one of document.proof).
 * @param {Uint8Array} publicKey raw key from decodeMultikey (Ed25519, or a P-256/P-384 point).
 * @param {{documentLoader?: Function, early?: Promise<object>|null}} [options] early:
 *   startHashData(document, proof) begun before the key was known.
 * @returns {Promise<boolean>} true when the signature matches.
 * @throws Error when the proof is malformed or the document cannot be canonicalised.
 */
export async function verifyProof(document, proof, publicKey, {documentLoader, early = null} = {}) {
  if(!isObject(proof) || !suiteOf(proof)) {
    throw new Error(`proof is not a ${SUPPORTED} proof`);
  }
  const suite = suiteOf(proof);
  const derived = suite === ECDSA_SD ? parseDerived(proof.proofValue) : null;
  if(!derived && (typeof proof.proofValue !== 'string' || !proof.proofValue.startsWith('z'))) {
    throw new Error('proofValue must be a base58btc multibase string ("z…")');
  }
  const curve = curveOf(publicKey);
  if(!CURVES[suite].includes(curve)) {
    throw new Error(`the ${suite} proof needs a ${CURVES[suite].join(' or ')} key, not ${curve || 'an unknown key type'}`);
  }
  if(derived) {
    return verifyDerived(document, proof, derived, publicKey, documentLoader);
  }
  const signature = multibaseDecode(proof.proofValue);
  if(!SIGNATURE_LENGTHS[suite].includes(signature.length)) {
    throw new Error(`proofValue decodes to ${signature.length} bytes, not a ${suite} signature`);
  }
  const hash = curve === 'Ed25519' ? 'SHA-256' : hashFor(publicKey);
  const {hashData} = JCS.includes(suite) ? await computeJcsHashData(document, proof, hash) :
    early && hash === 'SHA-256' ? await early : await computeHashData(document, proof, {documentLoader, hash});
  return curve === 'Ed25519' ? verifyEd25519(publicKey, hashData, signature) :
    verifyEcdsa(publicKey, hashData, signature);
}

function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The hash data of the JCS suites: SHA(JCS(proof options)) ‖ SHA(JCS(document)). A proof's
 * own @context must be the document's (the spec lets it be a prefix, which would leave the
 * document's further contexts unsigned), as in Python's crypto.proof.jcs_hash_data.
 *
 * @returns {Promise<{canonicalDocument: string, canonicalProofConfig: string,
 *   documentHash: Uint8Array, proofHash: Uint8Array, hashData: Uint8Array}>}
 */
export async function computeJcsHashData(document, proof, hash = 'SHA-256') {
  const unsecured = {...document};
  delete unsecured.proof;
  const options = {...proof};
  delete options.proofValue;
  if('@context' in options && !sameJson(options['@context'], unsecured['@context'])) {
    throw new Error("the proof's @context is not the credential's @context");
  }
  const canonicalProofConfig = canonicalJson(options);
  const canonicalDocument = canonicalJson(unsecured);
  return hashBoth(hash, canonicalProofConfig, canonicalDocument);
}

async function verifyDerived(document, proof, derived, publicKey, documentLoader) {
  const unsecured = {...document};
  delete unsecured.proof;
  const proofConfig = {...proof};
  delete proofConfig.proofValue;
  proofConfig['@context'] = document['@context'];
  const proofHash = await digest('SHA-256', await canonize(proofConfig, {documentLoader}));
  const statements = relabel(await canonize(unsecured, {documentLoader}), derived.labels);
  return verifyStatements(statements, proofHash, derived, publicKey);
}
