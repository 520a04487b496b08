// The checks a visitor sees, in order, with the same ids and labels as the Python verifier.

export const CHECKS = Object.freeze([
  Object.freeze({id: 'format', label: 'Well-formed Open Badges 3.0 credential'}),
  Object.freeze({id: 'signature', label: 'Signature is valid'}),
  Object.freeze({id: 'issuer_key', label: 'Signing key belongs to the issuer'}),
  Object.freeze({id: 'status', label: 'Not revoked'}),
  Object.freeze({id: 'dates', label: 'Within its validity dates'}),
]);

export const STATES = Object.freeze(['pass', 'warn', 'fail']);

/** Headline words and the data-verdict attribute value for a list of check results. */
export function verdictOf(results) {
  if(results.some(r => r.state === 'fail')) {
    return {verdict: 'not-verified', headline: 'Not verified'};
  }
  if(results.some(r => r.state === 'warn')) {
    return {verdict: 'warning', headline: 'Warning'};
  }
  return {verdict: 'verified', headline: 'Verified'};
}

/** A check result: {id, label, state, message, ...extra}. */
export function result(id, state, message, extra = {}) {
  const check = CHECKS.find(c => c.id === id);
  if(!check || !STATES.includes(state)) {
    throw new Error(`bad check result ${id}/${state}`);
  }
  return {id, label: check.label, state, message, ...extra};
}
