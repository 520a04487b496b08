// JSON Canonicalization Scheme (RFC 8785) for eddsa-jcs-2022 and ecdsa-jcs-2019: members
// sorted by UTF-16 code units, strings and numbers as JSON.stringify writes them (which is
// the ECMAScript form RFC 8785 names). As in Python's badgepress.crypto.jcs, a number that
// has no exact form is refused (the text loader, parse.js, already refuses integers beyond
// ±(2**53 - 1), which reach Python as exact integers but JavaScript as rounded ones).

/** A value has no exact canonical form; `pointer` names it. */
export class JcsError extends Error {
  constructor(message, pointer) {
    super(`${message} at ${pointer || '/'}`);
    this.name = 'JcsError';
    this.pointer = pointer || '/';
  }
}

const escapeToken = key => key.replace(/~/g, '~0').replace(/\//g, '~1');
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The RFC 8785 canonical form of a JSON value. */
export function canonicalJson(value, pointer = '') {
  if(value === null || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if(typeof value === 'string') {
    if(LONE_SURROGATE.test(value)) {
      throw new JcsError('a string holds an unpaired UTF-16 surrogate', pointer);
    }
    return JSON.stringify(value);
  }
  if(typeof value === 'number') {
    if(!Number.isFinite(value)) {
      throw new JcsError(`the number ${value} has no exact JSON canonical form (RFC 8785)`, pointer);
    }
    return JSON.stringify(value);
  }
  if(Array.isArray(value)) {
    return `[${value.map((item, index) => canonicalJson(item, `${pointer}/${index}`)).join(',')}]`;
  }
  if(typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map(key => `${canonicalJson(key, pointer)}:${canonicalJson(value[key], `${pointer}/${escapeToken(key)}`)}`).join(',')}}`;
  }
  throw new JcsError(`a ${typeof value} is not a JSON value`, pointer);
}
