// "Is this badge theirs?": does an e-mail address match a credential's recipient identifier?
// The same rule as at issue (src/badgepress/model/recipient.py): strip surrounding white
// space (Python's str.strip set, not String.prototype.trim, which differs on U+FEFF and
// U+001C-U+001F, U+0085), lower-case the whole address, then compare "sha256$" + hex
// SHA-256 of address + salt with each hashed emailAddress identifier (or the normalised
// address with an unhashed one). Only sha256 is checked: badgepress issues nothing else and
// `badgepress verify --recipient` checks nothing else; an md5 identifier is "unsupported".
import {sha256} from './hash.js';

const SPACE = '\\t\\n\\v\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGES = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'gu');

/** The address as it was hashed at issue: stripped of surrounding white space, lower-cased. */
export function normaliseEmail(email) {
  return String(email).replace(EDGES, '').toLowerCase();
}

function hex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/** OB 3.0 identityHash of an already normalised value: "sha256$" + hex SHA-256(value + salt). */
export async function identityHash(value, salt) {
  return `sha256$${hex(await sha256(value + salt))}`;
}

function emailIdentifiers(credential) {
  const subjects = credential && credential.credentialSubject;
  const subject = Array.isArray(subjects) ? subjects[0] : subjects;
  const list = subject && typeof subject === 'object' ? subject.identifier : null;
  return (Array.isArray(list) ? list : []).filter(item =>
    item && typeof item === 'object' && item.identityType === 'emailAddress'
    && typeof item.identityHash === 'string');
}

/**
 * Whether `email` is the credential's recipient.
 * @returns {Promise<'match'|'mismatch'|'none'|'unsupported'>} 'none': the credential names
 *   no e-mail address; 'unsupported': it names one only with a hash this page cannot check.
 */
export async function checkRecipient(credential, email) {
  const identifiers = emailIdentifiers(credential);
  if(!identifiers.length) {
    return 'none';
  }
  const address = normaliseEmail(email);
  let checkable = false;
  for(const item of identifiers) {
    const salt = typeof item.salt === 'string' ? item.salt : '';
    if(item.hashed === false) {
      checkable = true;
      if(normaliseEmail(item.identityHash) === address) {
        return 'match';
      }
    } else if(item.hashed === true && /^sha256\$/i.test(item.identityHash)) {
      checkable = true;
      if(item.identityHash.toLowerCase() === await identityHash(address, salt)) {
        return 'match';
      }
    }
  }
  return checkable ? 'mismatch' : 'unsupported';
}
