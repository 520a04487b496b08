// Bitstring Status List v1.0: decode a status list and check a credential's entries.
import {MESSAGES} from './checks.js';
import {sameBytes} from './did.js';
import {dataModelOf, parseDateTimeStamp} from './format.js';
import {multibaseDecode} from './multibase.js';
import {vouchingProof} from './proofset.js';
import {withoutBidi} from './text.js';

/**
 * Smallest list the Recommendation asks for (BSL §2.2 encodedList: "at least 16KB"). A
 * received list that is shorter is still read, with a note (see checkStatus).
 */
export const MIN_STATUS_LIST_BITS = 131072;

/** Inflating stops above this size, as in Python (status/bitstring.py): zip-bomb guard. */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

// Compressed input is fed in slices this small, so one slice inflates to at most ~1 MiB
// (DEFLATE's ratio is at most 1032:1) and memory stays bounded while we count the output.
const INPUT_SLICE = 1024;

function slicedStream(bytes) {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if(offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + INPUT_SLICE));
      offset += INPUT_SLICE;
    },
  }, {highWaterMark: 0});
}

/**
 * Decodes `encodedList`: multibase "u" (base64url, no padding) of a GZIP-compressed bitstring.
 * Inflates as a stream and stops past MAX_STATUS_LIST_BYTES.
 *
 * @param {string} encodedList
 * @param {{anyLength?: boolean}} [options] anyLength: accept a list shorter than
 *   MIN_STATUS_LIST_BITS (a list received from another issuer; the caller notes it).
 * @returns {Promise<Uint8Array>} the uncompressed bitstring bytes (>= 16384 unless anyLength).
 * @throws {Error} not multibase base64url GZIP, too large once inflated, or too short.
 */
export async function decodeStatusList(encodedList, {anyLength = false} = {}) {
  if(typeof encodedList !== 'string' || !encodedList.startsWith('u')) {
    throw new Error('encodedList must be a multibase base64url string ("u…")');
  }
  const compressed = multibaseDecode(encodedList);
  const reader = slicedStream(compressed).pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks = [];
  let total = 0;
  for(;;) {
    let next;
    try {
      next = await reader.read();
    } catch(error) {
      throw new Error(`encodedList is not valid GZIP data (${error && error.message})`);
    }
    if(next.done) {
      break;
    }
    total += next.value.length;
    if(total > MAX_STATUS_LIST_BYTES) {
      reader.cancel().catch(() => {});
      throw new Error(`it inflates to more than ${MAX_STATUS_LIST_BYTES} bytes (a possible zip bomb)`);
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for(const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  if(!anyLength && bytes.length * 8 < MIN_STATUS_LIST_BITS) {
    throw new Error(`status list has ${bytes.length * 8} bits, fewer than ${MIN_STATUS_LIST_BITS}`);
  }
  return bytes;
}

/** Bit `index` of a status list, index 0 = most significant bit of the first byte. */
export function statusBit(bytes, index) {
  if(!Number.isSafeInteger(index) || index < 0 || index >= bytes.length * 8) {
    throw new RangeError(`status index ${index} is outside the list`);
  }
  return (bytes[index >> 3] >> (7 - (index & 7))) & 1;
}

/** Parses statusListIndex: a base-10 string (spec) or a JSON integer (seen in the wild). */
export function parseStatusIndex(value) {
  if(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return value;
  }
  if(typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value)) {
    const n = Number(value);
    if(Number.isSafeInteger(n)) {
      return n;
    }
  }
  throw new Error(`statusListIndex ${JSON.stringify(value)} is not a non-negative base-10 integer`);
}

/** URL of the revocation log published beside a status list: same directory + log.json. */
export function revocationLogUrl(statusListUrl) {
  return new URL('log.json', statusListUrl).href;
}

function asArray(value) {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

function hasType(node, type) {
  return node && typeof node === 'object' && asArray(node.type).includes(type);
}

function idOf(issuer) {
  return typeof issuer === 'string' ? issuer : issuer && typeof issuer === 'object' ? issuer.id : undefined;
}

class StatusUnknown extends Error {}

// Status entry type -> the list credential and subject types it points to (StatusList2021 is
// the W3C CCG predecessor of Bitstring Status List, read the same way; as Python's LIST_TYPES).
const LIST_TYPES = {
  BitstringStatusListEntry: {credential: 'BitstringStatusListCredential', subject: 'BitstringStatusList'},
  StatusList2021Entry: {credential: 'StatusList2021Credential', subject: 'StatusList2021'},
};

/**
 * Why `now` (ms) is outside a status list's validity dates (BSL §2.2 validFrom / validUntil;
 * VC 1.1 issuanceDate / expirationDate, by checks.json "dataModels", as Python's
 * verify._check_list_dates), or null: an expired list could be an old copy.
 */
function listDatesProblem(list, url, now) {
  const model = dataModelOf(list);
  if(!model) {
    return `the status list ${url} is not a VC Data Model 2.0 or 1.1 credential`;
  }
  for(const field of [...model.from, ...model.until].filter(f => list[f] !== undefined)) {
    const ms = parseDateTimeStamp(list[field]);
    if(Number.isNaN(ms)) {
      return `the status list ${url}: its ${field} is not a date-time with a time zone`;
    }
    if(model.from.includes(field) && ms > now) {
      return `the status list ${url} is not valid until ${list[field]}`;
    }
    if(model.until.includes(field) && ms <= now) {
      return `the status list ${url} expired on ${list[field]}`;
    }
  }
  return null;
}

/**
 * Loads and checks one status list credential; returns its decoded bits and its issuer,
 * whose key signed it. That issuer may differ from the badge's: "the issuer value of a
 * verifiable credential containing a BitstringStatusListEntry MAY be different from the
 * issuer value of a BitstringStatusListCredential" (BSL v1.0 REC §2.2; checkStatus says
 * what such a list can establish). Its id need not be `url` either: the list "MAY express
 * an id property that matches the value specified in statusListCredential" (§2.2), and
 * §3.2 Validate Algorithm does not compare them.
 * Throws StatusUnknown (plain-words message) when the list cannot be trusted.
 */
async function loadStatusList(url, entry, ctx) {
  let list;
  try {
    list = await ctx.fetchJson(url);
  } catch {
    throw new StatusUnknown(`the status list at ${url} could not be loaded`);
  }
  const kind = LIST_TYPES[asArray(entry.type).find(t => Object.hasOwn(LIST_TYPES, t))];
  if(!list || typeof list !== 'object' || !hasType(list, kind.credential)) {
    throw new StatusUnknown(`${url} is not a ${kind.credential}`);
  }
  const subject = list.credentialSubject;
  if(!hasType(subject, kind.subject)) {
    throw new StatusUnknown(`the status list at ${url} has no ${kind.subject} subject`);
  }
  if(!asArray(subject.statusPurpose).includes(entry.statusPurpose)) {
    throw new StatusUnknown(`the status list at ${url} is not a "${entry.statusPurpose}" list`);
  }
  const signer = idOf(list.issuer);
  if(typeof signer !== 'string') {
    throw new StatusUnknown(`the status list ${url} names no issuer`);
  }
  const {proof, key, valid} = await vouchingProof(list, signer, ctx);
  if(!proof) {
    throw new StatusUnknown(`the status list at ${url} carries no supported proof`);
  }
  if(!valid) {
    throw new StatusUnknown(`the signature of the status list at ${url} is not valid`);
  }
  // The list's key must belong to the list's issuer: confirmed through did:key / did:web /
  // https, or (the badge's issuer, with keys we cannot resolve) the very key that validly
  // signed the badge itself.
  const confirmed = key.resolution && key.resolution.controller === signer;
  const badge = !confirmed && signer === ctx.issuerId && !key.resolution && key.error && key.error.unconfirmed ?
    await ctx.signature : null;
  const sameAsBadge = badge && badge.valid && badge.key.publicKey && sameBytes(key.publicKey, badge.key.publicKey);
  if(!confirmed && !sameAsBadge) {
    throw new StatusUnknown(`the status list at ${url} is not signed by a key of its issuer ${signer}`);
  }
  const dates = listDatesProblem(list, url, ctx.now === undefined ? Date.now() : new Date(ctx.now).getTime());
  if(dates) {
    throw new StatusUnknown(dates);
  }
  try {
    // StatusList2021 writes plain base64url, without the multibase "u" prefix.
    const encoded = kind.credential === 'StatusList2021Credential' && typeof subject.encodedList === 'string' ?
      `u${subject.encodedList}` : subject.encodedList;
    return {bits: await decodeStatusList(encoded, {anyLength: true}), signer};
  } catch(error) {
    throw new StatusUnknown(`the status list at ${url} is malformed (${error.message})`);
  }
}

async function findRevocationDetails(statusListUrl, credentialId, fetchJson) {
  try {
    const log = await fetchJson(revocationLogUrl(statusListUrl));
    const entries = log && Array.isArray(log.revocations) ? log.revocations : [];
    const hit = entries.find(r => r && r.credential === credentialId);
    if(hit) {
      return {
        date: typeof hit.date === 'string' ? hit.date : null,
        reason: typeof hit.reason === 'string' ? hit.reason : null,
      };
    }
  } catch {
    // No log: still revoked, reason unknown.
  }
  return null;
}

const REVOCATION_LIST = '1EdTechRevocationList';

/**
 * A 1EdTechRevocationList entry (as Python's verify._revocation_list_entry): the JSON at the
 * entry's id lists revokedCredential objects; one with the credential's id and `revoked`
 * true or absent revokes it. The list is unsigned, so it can only make a badge fail.
 */
async function checkRevocationList(entry, credentialId, ctx) {
  const unknown = why => ({state: 'warn', message: `Status could not be checked: ${why}.`});
  if(typeof entry.id !== 'string') {
    return unknown('a 1EdTechRevocationList entry needs the list\'s URL as its id');
  }
  let list;
  try {
    list = await ctx.fetchJson(entry.id);
  } catch {
    return unknown(`the revocation list at ${entry.id} could not be loaded`);
  }
  const listed = list && typeof list === 'object' ? list.revokedCredential : undefined;
  if(!Array.isArray(listed)) {
    return unknown(`${entry.id} has no revokedCredential list`);
  }
  const hit = listed.find(item => item && typeof item === 'object' && item.id === credentialId && item.revoked !== false);
  if(!hit) {
    return {state: 'pass', message: 'The issuer\'s revocation list shows this badge has not been revoked.'};
  }
  const given = typeof hit.revocationReason === 'string' ? hit.revocationReason : null;
  const reason = given ? ` Reason given: ${given}` : ' No reason was published.';
  return {state: 'fail', code: 'revoked', facts: given ? {reason: given} : {},
    message: `Revoked: the issuer has withdrawn this badge.${reason}`};
}

const PURPOSE_WORDS = {revocation: 'Revoked', suspension: 'Suspended'};

function filled(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
}

/**
 * The result for a list that someone other than the badge's issuer signed (as Python's
 * verify._check_status): its set bit revokes or suspends, since the issuer signed the
 * list's URL into the badge (it delegated to whatever serves it) and a set bit fails
 * closed; its clear bit cannot vouch for the badge, since whoever controls that host could
 * serve a clear bit for a revoked badge.
 */
function notTheIssuers(bit, entry, url, signer) {
  const suspended = entry.statusPurpose === 'suspension';
  const values = {url, signer: withoutBidi(signer), withdrawn: suspended ? 'suspended' : 'revoked'};
  if(bit === 1) {
    return {state: 'fail', code: suspended ? 'suspended' : 'revoked', facts: {signer: values.signer},
      message: filled(MESSAGES[suspended ? 'statusSuspendedPerList' : 'statusRevokedPerList'], values)};
  }
  return {state: 'warn', message: filled(MESSAGES.statusListNotIssuers, values)};
}

/**
 * The note on a status read from a list shorter than the Recommendation's 131,072 entries
 * (as Python's verify._check_status). The minimum protects holders' herd privacy: BSL v1.0
 * REC §3.2 Validate Algorithm (minimumNumberOfEntries, STATUS_LIST_LENGTH_ERROR), §3.5
 * Processing Errors, §6.1 Revocation Bitstring Length. It does not change what the bit says.
 */
function shortListNote(size) {
  return {id: 'short-status-list', text: MESSAGES.statusShortList.replace('{entries}', size.toLocaleString('en-US'))};
}

/**
 * Runs the `status` check over every BitstringStatusListEntry (or StatusList2021Entry) of a
 * credential.
 *
 * @param {object} credential
 * @param {{fetchJson: Function, documentLoader?: Function, issuerId: string, now?: Date|number,
 *   signature?: {valid: boolean, key: {publicKey: Uint8Array|null}}|Promise<object>}} ctx
 *   signature: the outcome of the badge's own signature check (vouchingProof), or a promise
 *   of it, so that the lists load while the badge's signature is checked; now: the moment
 *   the lists' validity dates are checked at (default: the current time).
 * @returns {Promise<{state: 'pass'|'fail'|'warn', message: string, revocation?: object,
 *   note?: {id: string, text: string}}>} note: e.g. the list is shorter than the REC asks.
 */
export async function checkStatus(credential, ctx) {
  const entries = asArray(credential.credentialStatus);
  if(entries.length === 0) {
    return {state: 'pass', message: 'The issuer publishes no revocation list for this badge.'};
  }
  const results = [];
  let note = null;
  for(const entry of entries) {
    if(hasType(entry, REVOCATION_LIST)) {
      results.push(await checkRevocationList(entry, credential.id, ctx));
      continue;
    }
    if(!Object.keys(LIST_TYPES).some(type => hasType(entry, type))) {
      results.push({state: 'warn', message: `Status could not be checked: the status type "${entry && entry.type}" is not supported.`});
      continue;
    }
    const words = PURPOSE_WORDS[entry.statusPurpose];
    if(!words) {
      continue; // refresh / message lists say nothing about revocation
    }
    try {
      const index = parseStatusIndex(entry.statusListIndex);
      const url = entry.statusListCredential;
      if(typeof url !== 'string' || !/^https?:\/\//.test(url)) {
        throw new StatusUnknown('the status entry names no status list URL');
      }
      const {bits, signer} = await loadStatusList(url, entry, ctx);
      let bit;
      try {
        bit = statusBit(bits, index);
      } catch {
        throw new StatusUnknown(`index ${index} is outside the status list`);
      }
      if(bits.length * 8 < MIN_STATUS_LIST_BITS) {
        note = note || shortListNote(bits.length * 8);
      }
      if(signer !== ctx.issuerId) {
        results.push(notTheIssuers(bit, entry, url, signer));
      } else if(bit === 1) {
        const result = {state: 'fail', message: `${words}: the issuer has withdrawn this badge.`,
          code: entry.statusPurpose === 'suspension' ? 'suspended' : 'revoked', facts: {}};
        if(entry.statusPurpose === 'revocation') {
          const details = await findRevocationDetails(url, credential.id, ctx.fetchJson);
          if(details) {
            result.revocation = details;
            result.facts = Object.fromEntries(
              [['date', details.date], ['reason', details.reason]].filter(([, v]) => v));
            const date = details.date ? ` on ${details.date.slice(0, 10)}` : '';
            const reason = details.reason ? ` Reason given: ${details.reason}` : ' No reason was published.';
            result.message = `${words}${date}: the issuer has withdrawn this badge.${reason}`;
          } else {
            result.message = `${words}: the issuer has withdrawn this badge. No reason was published.`;
          }
        }
        results.push(result);
      } else {
        results.push({state: 'pass', message: entry.statusPurpose === 'suspension' ?
          'The issuer\'s status list shows this badge is not suspended.' :
          'The issuer\'s revocation list shows this badge has not been revoked.'});
      }
    } catch(error) {
      const why = error instanceof StatusUnknown || error instanceof Error ? error.message : String(error);
      results.push({state: 'warn', message: `Status could not be checked: ${why}. The issuer should publish a valid, signed status list at that address.`});
    }
  }
  if(results.length === 0) {
    return {state: 'pass', message: 'The issuer publishes no revocation list for this badge.'};
  }
  const chosen = results.find(r => r.state === 'fail') || results.find(r => r.state === 'warn') || results[0];
  return note ? {...chosen, note} : chosen;
}
