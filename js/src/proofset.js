// Which of a document's proofs vouches for it (a proof set: any one valid proof by the
// issuer's key suffices, as in Python's verify._check_signature): of the proofs of a
// supported suite, the first whose signature matches with a key confirmed as the issuer's;
// else the first whose signature matches; else the first proof, with why it failed.
import {MESSAGES} from './checks.js';
import {keyForVerificationMethod} from './did.js';
import {parseDateTimeStamp} from './format.js';
import {PROOF_PURPOSE, SUPPORTED, listProofs, startHashData, supportedProofs, verifyProof} from './proof.js';

function signatureFailure(error) {
  if(error && error.name === 'ContextNotBundledError') {
    return `The signature could not be checked: the credential uses a JSON-LD context this verifier does not ship (${error.message}). The issuer should use the standard Open Badges 3.0 contexts.`;
  }
  if(error && error.name === 'DataLossError') {
    return `Part of the credential is not covered by its signature: ${error.message}. The issuer should define "${error.term}" in a JSON-LD context or remove it, then re-sign.`;
  }
  return `The signature could not be checked: ${error && error.message ? error.message : error}.`;
}

/** What is wrong with the proof itself (as Python's crypto.proof reads it), or null. */
function proofProblem(proof) {
  if(proof.proofPurpose !== PROOF_PURPOSE) {
    return `The proof's proofPurpose must be ${PROOF_PURPOSE}.`;
  }
  if(typeof proof.verificationMethod !== 'string' || proof.verificationMethod === '') {
    return 'The proof names no verificationMethod.';
  }
  for(const field of ['created', 'expires']) {
    if(field in proof && Number.isNaN(parseDateTimeStamp(proof[field]))) {
      return `The proof's ${field} (${JSON.stringify(proof[field])}) is not a date-time with a time zone (an XSD dateTimeStamp).`;
    }
  }
  if(typeof proof.proofValue !== 'string') {
    return 'The proof has no proofValue.';
  }
  return null;
}

const NO_KEY = {publicKey: null, resolution: null, error: null};

async function checkOne(document, proof, {fetchJson, documentLoader}) {
  const problem = proofProblem(proof);
  if(problem) {
    return {proof, key: NO_KEY, valid: false, message: problem};
  }
  const lookup = keyForVerificationMethod(proof.verificationMethod, {fetchJson});
  // Canonicalise while the key document is on its way (wasted only when no key is found).
  const early = startHashData(document, proof, {documentLoader});
  const key = await lookup;
  if(!key.publicKey) {
    const why = key.error ? key.error.message : 'unknown key';
    return {proof, key, valid: false, message: `The signature could not be checked because the signing key could not be found. ${why}`};
  }
  try {
    if(await verifyProof(document, proof, key.publicKey, {documentLoader, early})) {
      return {proof, key, valid: true, message: key.resolution ? MESSAGES.signaturePass : MESSAGES.signatureUnconfirmedKey};
    }
    return {proof, key, valid: false, message: 'The signature does not match the content: the badge was changed after it was signed, or it was signed with a different key.'};
  } catch(error) {
    return {proof, key, valid: false, message: signatureFailure(error)};
  }
}

/**
 * The proof that vouches for `document` and the outcome of its signature check.
 *
 * @param {object} document a secured document (credential or status list).
 * @param {string|null} issuerId the document's issuer.
 * @param {{fetchJson: Function, documentLoader: Function}} options
 * @returns {Promise<{proof: object|null, key: object, valid: boolean, message: string}>}
 *   proof is null when the document has no proof of a supported suite.
 */
export async function vouchingProof(document, issuerId, options) {
  const candidates = supportedProofs(document);
  if(!candidates.length) {
    return {proof: null, key: NO_KEY, valid: false, message: listProofs(document).length ?
      `The credential carries no ${SUPPORTED} proof, so its content cannot be trusted.` :
      'The credential carries no signature, so its content cannot be trusted. The issuer should sign it.'};
  }
  const outcomes = [];
  for(const proof of candidates) {
    const outcome = await checkOne(document, proof, options);
    if(outcome.valid && outcome.key.resolution && outcome.key.resolution.controller === issuerId) {
      return outcome;
    }
    outcomes.push(outcome);
  }
  return outcomes.find(o => o.valid) || outcomes[0];
}
