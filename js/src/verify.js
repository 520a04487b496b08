// verifyCredential(): runs the five checks in order and returns a report. All trust inputs
// (fetchJson, now, documentLoader) are parameters, so tests run offline.
import {CHECKS, MESSAGES, result, verdictOf} from './checks.js';
import {EMBEDDED, formatProblems, issuerIdOf, kindOf, parseDateTimeStamp, recordProblem, validityOf} from './format.js';
import {claimsProblem, dateBounds, vouchingJws} from './jws.js';
import {createDocumentLoader} from './loader.js';
import {envelopeOf} from './parse.js';
import {vouchingProof} from './proofset.js';
import {aboutOf, achievementLine} from './records.js';
import {checkStatus} from './status.js';

/** Formats a timestamp for people: YYYY-MM-DD, plus HH:MM UTC when not midnight. */
export function formatDate(value) {
  const date = new Date(value);
  if(Number.isNaN(date.getTime())) {
    return String(value);
  }
  const iso = date.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time} UTC`;
}

/**
 * fetchJson, each URL fetched once. With {final: true} it resolves to {url, document}, url
 * being where the answer finally came from (a JWK set must come from the issuer's site); a
 * later plain fetch of that URL reuses the answer.
 */
function memoizeFetch(fetchJson) {
  const cache = new Map();
  const once = (key, load) => {
    if(!cache.has(key)) {
      cache.set(key, Promise.resolve().then(load));
    }
    return cache.get(key);
  };
  return (url, {final = false} = {}) => {
    if(final) {
      return once(`final ${url}`, () => fetchJson(url, {final: true}));
    }
    if(cache.has(`final ${url}`)) {
      return cache.get(`final ${url}`).then(answer => answer.document);
    }
    return once(url, () => fetchJson(url));
  };
}

function noNetwork(url) {
  return Promise.reject(new Error(`no network access configured (wanted ${url})`));
}

function checkIssuerKey(issuerId, proof, key) {
  if(!proof) {
    return result('issuer_key', 'fail', 'There is no signature, so there is no key to check.');
  }
  if(key.resolution) {
    const {controller, method, domain} = key.resolution;
    if(issuerId !== controller) {
      return result('issuer_key', 'fail', `The signing key belongs to ${controller}, but the credential names ${issuerId || 'nobody'} as its issuer. The issuer should sign with a key from its own DID document.`);
    }
    if(method === 'did:web' || method === 'https') {
      return result('issuer_key', 'pass', `The signing key is published by ${domain}, the issuer named in the credential.`, {issuerDomain: domain});
    }
    return result('issuer_key', 'pass', `The credential was signed with the key that is the issuer's identifier (${method}). No web domain vouches for this issuer.`, {code: 'self-asserted'});
  }
  // Whoever signed, the key is not confirmed as the named issuer's: not verified, never a
  // warning (a key only in a URL fragment, or an https "key", proves nothing about the issuer).
  const error = key.error;
  const hint = error && error.hint ? ` ${error.hint}` : '';
  const who = issuerId ? ` ${issuerId}` : '';
  return result('issuer_key', 'fail', `The signer could not be confirmed as the issuer${who}: ${error ? error.message : 'the signing key could not be confirmed.'}${hint}`);
}

function checkDates(credential, now, envelope) {
  const nowMs = now.getTime();
  let {from, until} = validityOf(credential);
  const {nbf, exp} = envelope ? dateBounds(envelope) : {};
  if(nbf && from && !Number.isNaN(from.ms) && nbf.ms > from.ms) {
    from = nbf;
  }
  if(exp && (!until || exp.ms < until.ms)) {
    until = exp;
  }
  if(!from || Number.isNaN(from.ms)) {
    return result('dates', 'fail', 'The credential has no readable start date (validFrom, or issuanceDate in VC 1.1). The issuer should set it.');
  }
  if(from.ms > nowMs) {
    return result('dates', 'fail', `Not yet valid (valid from ${formatDate(from.value)}, its ${from.field}).`,
      {code: 'not-yet-valid', facts: {date: new Date(from.ms).toISOString()}});
  }
  if(until) {
    if(Number.isNaN(until.ms)) {
      return result('dates', 'fail', `The credential's ${until.field} date cannot be read. The issuer should fix ${until.field}.`);
    }
    if(until.ms <= nowMs) {
      return result('dates', 'fail', `Expired on ${formatDate(until.value)} (its ${until.field}).`,
        {code: 'expired', facts: {date: new Date(until.ms).toISOString()}});
    }
    return result('dates', 'pass', `Valid from ${formatDate(from.value)} until ${formatDate(until.value)}.`);
  }
  return result('dates', 'pass', `Valid since ${formatDate(from.value)}, with no end date.`);
}

/**
 * Verifies an Open Badges 3.0 credential secured with Data Integrity proofs (any one valid
 * proof by the issuer's key suffices) or, when read from a JWT (parse.js envelopeOf), with
 * that JWT's signature and claims.
 *
 * @param {any} credential parsed credential JSON.
 * @param {{fetchJson?: (url: string) => Promise<any>, now?: Date|string|number,
 *   documentLoader?: Function}} [options] fetchJson loads DID documents, status lists and
 *   revocation logs (default: no network); now defaults to the current time; documentLoader
 *   defaults to the bundled-contexts loader; expand (default true) checks a CLR's embedded
 *   credentials too, each into `children` (the headline then counts the verified ones).
 * @returns {Promise<{verdict: 'verified'|'warning'|'not-verified', headline: string,
 *   issuerId: string|null, issuerName: string|null, issuerDomain: string|null,
 *   about: Array<[string, string]>,
 *   checks: Array<{id: string, label: string, state: 'pass'|'fail'|'warn', message: string}>,
 *   notes: Array<{id: string, text: string}>, children?: Array<object>}>} notes: what the
 *   reader should know that does not change a check (e.g. a short status list).
 */
export async function verifyCredential(credential, options = {}) {
  const {fetchJson = noNetwork, now = new Date(), documentLoader = createDocumentLoader(), expand = true} = options;
  const fetchOnce = options.fetchOnce || memoizeFetch(fetchJson);
  const report = await verifyOne(credential, {fetchOnce, now, documentLoader});
  if(report.checks[0].state !== 'pass' || !expand || kindOf(credential) !== 'clr') {
    return report;
  }
  const children = await checkEmbedded(credential, {fetchOnce, now, documentLoader});
  const good = children.filter(c => c.verdict === 'verified').length;
  return {...report, children,
    headline: report.headline + MESSAGES.embeddedCount.replace('{verified}', good).replace('{total}', children.length)};
}

/**
 * Each credential a CLR embeds, checked on its own (its own proof, issuer key, status and
 * dates) as Python's verify.check_embedded does; an embedded CLR is not expanded. The
 * record's own verdict never depends on these.
 */
async function checkEmbedded(record, options) {
  const children = [];
  const items = record.credentialSubject[EMBEDDED];
  for(let index = 0; index < items.length; index++) {
    const item = items[index];
    const pointer = `/credentialSubject/${EMBEDDED}/${index}`;
    const child = item !== null && typeof item === 'object' && !Array.isArray(item) ?
      await verifyCredential(item, {...options, expand: false}) :
      {...verdictOf([result('format', 'fail', MESSAGES.embeddedUnreadable)]), issuerId: null, issuerName: null, issuerDomain: null, notes: [],
        checks: [result('format', 'fail', MESSAGES.embeddedUnreadable)], about: []};
    children.push({...child, pointer, about: [achievementLine(item), ...child.about]});
  }
  return children;
}

async function verifyOne(credential, {fetchOnce, now, documentLoader}) {
  const nowDate = now instanceof Date ? now : new Date(now);
  const checks = [];
  const envelope = envelopeOf(credential);
  const problems = formatProblems(credential);
  const claims = envelope && !problems.length ? claimsProblem(envelope, credential) : null;
  if(claims) {
    problems.push(claims);
  }
  const isObject = credential !== null && typeof credential === 'object' && !Array.isArray(credential);
  checks.push(problems.length ?
    result('format', 'fail', `This is not a well-formed Open Badges 3.0 credential: ${problems.join('; ')}.`) :
    result('format', 'pass', MESSAGES.formatPass));

  // A record embedding too many credentials is not even canonicalised (its size is the attack).
  const oversized = isObject && kindOf(credential) === 'clr' && recordProblem(credential);
  if(!isObject || oversized) {
    for(const {id} of CHECKS.slice(1)) {
      checks.push(result(id, 'fail', oversized ? 'Not checked: the record is not well-formed.' : 'Not checked: there is no credential to check.'));
    }
    return {...verdictOf(checks), issuerId: null, issuerName: null, issuerDomain: null, checks, about: []};
  }

  const issuerId = issuerIdOf(credential) || null;
  const notes = [];
  const signing = envelope ? vouchingJws(credential, envelope, {fetchJson: fetchOnce}) :
    vouchingProof(credential, issuerId, {fetchJson: fetchOnce, documentLoader});
  // The status lists load, and their signatures are checked, while the badge's own is: the
  // fetches overlap (fetchOnce fetches the shared DID document once).
  const checkingStatus = checkStatus(credential, {fetchJson: fetchOnce, documentLoader, issuerId, now: nowDate, signature: signing})
    .catch(error => ({state: 'warn', message: `Status could not be checked: ${error && error.message}.`}));
  const signature = await signing;
  const {proof, key} = signature;
  checks.push(result('signature', signature.valid ? 'pass' : 'fail', signature.message));
  const issuerKey = checkIssuerKey(issuerId, proof, key);
  checks.push(issuerKey);

  const {state, message, note, ...extra} = await checkingStatus;
  checks.push(result('status', state, message, extra));
  if(note) {
    notes.push(note);
  }

  checks.push(checkDates(credential, nowDate, envelope));
  const issuer = credential.issuer;
  const issuerName = issuer && typeof issuer === 'object' && typeof issuer.name === 'string' ? issuer.name : null;
  return {...verdictOf(checks), issuerId, issuerName, issuerDomain: issuerKey.issuerDomain || null, checks, notes,
    about: problems.length ? [] : aboutOf(credential)};
}

export {CHECKS};
