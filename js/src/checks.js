// The checks a visitor sees, in order, with their labels and fixed wordings: read from the
// same table as the Python verifier (src/badgepress/checks.json), bundled by esbuild.
import TABLE from '../../src/badgepress/checks.json' with {type: 'json'};

export const CHECKS = Object.freeze(TABLE.checks.map(({id, label}) => Object.freeze({id, label})));

/** Fixed wordings shared with the Python verifier (checks.json "messages"). */
export const MESSAGES = Object.freeze({...TABLE.messages});

export const STATES = Object.freeze(['pass', 'warn', 'fail']);

/**
 * Verdict, headline words and the data-verdict attribute value for a list of check results.
 * When not verified the headline says why: the first failing check's "notVerified" words.
 */
export function verdictOf(results) {
  const failed = results.find(r => r.state === 'fail');
  if(failed) {
    const check = TABLE.checks.find(c => c.id === failed.id);
    return {verdict: 'not-verified', headline: check.notVerified};
  }
  const verdict = results.some(r => r.state === 'warn') ? 'warning' : 'verified';
  return {verdict, headline: TABLE.headlines[verdict]};
}

/** A check result: {id, label, state, message, ...extra}. */
export function result(id, state, message, extra = {}) {
  const check = CHECKS.find(c => c.id === id);
  if(!check || !STATES.includes(state)) {
    throw new Error(`bad check result ${id}/${state}`);
  }
  return {id, label: check.label, state, message, ...extra};
}
