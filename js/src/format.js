// The `format` check: the shape an Open Badges 3.0 credential with an eddsa-rdfc-2022
// proof must have before anything else is worth checking.
import {CRYPTOSUITE, PROOF_PURPOSE, PROOF_TYPE, listProofs, selectProof} from './proof.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB3_CONTEXT_PATTERN = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$/;

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asArray(value) {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The issuer's id (issuer may be a string or a Profile object), or undefined. */
export function issuerIdOf(credential) {
  const issuer = isObject(credential) ? credential.issuer : undefined;
  if(typeof issuer === 'string') {
    return issuer;
  }
  return isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

/**
 * Lists what is wrong with a credential's shape (empty list = well-formed).
 *
 * @param {any} credential parsed JSON.
 * @returns {string[]} one plain-words problem per item, naming the field.
 */
export function formatProblems(credential) {
  if(!isObject(credential)) {
    return ['the credential is not a JSON object'];
  }
  const problems = [];
  const context = credential['@context'];
  if(!Array.isArray(context) || context[0] !== VC_V2_CONTEXT) {
    problems.push(`@context must start with ${VC_V2_CONTEXT}`);
  } else if(typeof context[1] !== 'string' || !OB3_CONTEXT_PATTERN.test(context[1])) {
    problems.push('the second @context entry must be an Open Badges 3.0 context URL');
  }
  const types = asArray(credential.type);
  if(types.some(t => typeof t !== 'string')) {
    problems.push('type must hold only text values');
  }
  if(!types.includes('VerifiableCredential')) {
    problems.push('type must include VerifiableCredential');
  }
  if(!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) {
    problems.push('type must include OpenBadgeCredential (or AchievementCredential)');
  }
  if(typeof credential.id !== 'string' || credential.id === '') {
    problems.push('id is missing');
  }
  if(issuerIdOf(credential) === undefined) {
    problems.push('issuer (or issuer.id) is missing');
  }
  if(typeof credential.validFrom !== 'string' || Number.isNaN(Date.parse(credential.validFrom))) {
    problems.push('validFrom is missing or not a date');
  }
  if(credential.validUntil !== undefined &&
     (typeof credential.validUntil !== 'string' || Number.isNaN(Date.parse(credential.validUntil)))) {
    problems.push('validUntil is not a date');
  }
  if(!isObject(credential.credentialSubject) || !isObject(credential.credentialSubject.achievement)) {
    problems.push('credentialSubject.achievement is missing');
  }
  const proof = selectProof(credential);
  if(!proof) {
    problems.push(listProofs(credential).length ?
      `no proof of type ${PROOF_TYPE} with cryptosuite ${CRYPTOSUITE}` : 'the credential has no proof');
  } else {
    if(proof.proofPurpose !== PROOF_PURPOSE) {
      problems.push(`proof.proofPurpose must be ${PROOF_PURPOSE}`);
    }
    if(typeof proof.verificationMethod !== 'string') {
      problems.push('proof.verificationMethod is missing');
    }
    if(typeof proof.proofValue !== 'string') {
      problems.push('proof.proofValue is missing');
    }
  }
  return problems;
}
