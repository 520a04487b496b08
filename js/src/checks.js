// The checks a visitor sees, in order, with their labels and fixed wordings: read from the
// same table as the Python verifier (src/badgepress/checks.json), bundled by esbuild.
import TABLE from '../../src/badgepress/checks.json' with {type: 'json'};
import {withoutBidi} from './text.js';

export const CHECKS = Object.freeze(TABLE.checks.map(({id, label}) => Object.freeze({id, label})));

/** Fixed wordings shared with the Python verifier (checks.json "messages"). */
export const MESSAGES = Object.freeze({...TABLE.messages});

export const STATES = Object.freeze(['pass', 'warn', 'fail']);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const ISO_DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])/;
const AUTHENTICITY = ['format', 'signature', 'issuer_key'];

/**
 * "2026-03-01…" → "1 March 2026": the date part of an ISO date-time as written (the same
 * rule as Python's model.dates.human_date); anything else unchanged.
 */
export function humanDate(value) {
  const m = ISO_DAY.exec(String(value));
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : String(value);
}

function genuineHeadline(code, facts = {}) {
  const date = facts.date ? humanDate(facts.date) : '';
  const reason = facts.reason ? withoutBidi(facts.reason).trim() : '';
  const signer = facts.signer ? withoutBidi(facts.signer) : '';
  const by = signer ? TABLE.genuineBy.listSigner.replace('{signer}', () => signer) : TABLE.genuineBy.issuer;
  const fill = {date, on: date ? ` on ${date}` : '', reason: reason ? ` (${reason})` : '', by};
  return TABLE.genuine[code].replace(/\{(\w+)\}/g, (_, key) => fill[key]);
}

/**
 * Verdict and headline for a list of check results, as Python's Report.headline: when the
 * format, signature and issuer key pass but the status or dates fail, "Genuine — …" by the
 * failing result's code and facts; a verified credential whose issuer_key result is
 * `self-asserted` gets the self-asserted line; otherwise the first failing check's words.
 */
export function verdictOf(results) {
  const failed = results.find(r => r.state === 'fail');
  if(failed) {
    const genuine = results.filter(r => AUTHENTICITY.includes(r.id)).every(r => r.state === 'pass');
    if(genuine && Object.hasOwn(TABLE.genuine, failed.code || '')) {
      return {verdict: 'not-verified', headline: genuineHeadline(failed.code, failed.facts)};
    }
    const check = TABLE.checks.find(c => c.id === failed.id);
    return {verdict: 'not-verified', headline: check.notVerified};
  }
  const verdict = results.some(r => r.state === 'warn') ? 'warning' : 'verified';
  const selfAsserted = verdict === 'verified' && results.some(r => r.code === 'self-asserted');
  return {verdict, headline: selfAsserted ? TABLE.selfAsserted : TABLE.headlines[verdict]};
}

/** A check result: {id, label, state, message, ...extra}. */
export function result(id, state, message, extra = {}) {
  const check = CHECKS.find(c => c.id === id);
  if(!check || !STATES.includes(state)) {
    throw new Error(`bad check result ${id}/${state}`);
  }
  return {id, label: check.label, state, message, ...extra};
}
