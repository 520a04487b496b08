// The one reader of credential text in the browser, with the rules of the Python loader
// (src/badgepress/model/document.py): one leading UTF-8 byte order mark is ignored; nesting
// deeper than MAX_DEPTH, a key twice in one object, numbers JavaScript cannot hold exactly
// (integers beyond ±(2**53 - 1), 1e400) and unpaired surrogates are refused, naming the
// JSON pointer. Parsers disagree on such input, and a verifier must read what the signer saw.
import {CHECKS, result, verdictOf} from './checks.js';

/** Objects and arrays nest at most this deep (a credential needs about 8). */
export const MAX_DEPTH = 64;

// A string literal; one left open runs to the end of the text, so the scan stays linear
// (a required closing quote made '"\\"\\"\\"…' quadratic).
const STRING = /"[^"\\]*(?:\\.[^"\\]*)*"?/gs;
const NOT_BRACKET = /[^[\]{}]+/g;
const TOKEN = /\s*(?:("[^"\\]*(?:\\.[^"\\]*)*")|([{}[\]:,])|(-?[0-9][0-9.eE+-]*)|(true|false|null))/y;
const INTEGER = /^-?[0-9]+$/;
const LONE_SURROGATE = /\p{Cs}/u;

/** Bad credential text: message in plain words, pointer (RFC 6901) when a field is at fault. */
export class CredentialTextError extends Error {
  constructor(message, pointer = null) {
    super(pointer ? `${pointer}: ${message}` : message);
    this.name = 'CredentialTextError';
    this.pointer = pointer;
  }
}

function checkDepth(text) {
  const brackets = text.replace(STRING, '').replace(NOT_BRACKET, '');
  if(brackets.length <= MAX_DEPTH) {
    return;
  }
  let depth = 0;
  for(const char of brackets) {
    depth += char === '[' || char === '{' ? 1 : -1;
    if(depth > MAX_DEPTH) {
      throw new CredentialTextError(`nested more than ${MAX_DEPTH} levels deep`);
    }
  }
}

function escapeToken(token) {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

function checkNumber(token, pointer) {
  const unsafe = INTEGER.test(token) ?
    !Number.isSafeInteger(Number(token)) : !Number.isFinite(Number(token));
  if(unsafe) {
    const shown = token.length <= 24 ? token : `${token.slice(0, 20)}…`;
    throw new CredentialTextError(`the number ${shown} cannot be read exactly by every verifier`, pointer);
  }
}

function checkText(value, pointer) {
  if(LONE_SURROGATE.test(value)) {
    throw new CredentialTextError('holds an unpaired UTF-16 surrogate (\\ud800-\\udfff)', pointer);
  }
}

// Walks the tokens of text that JSON.parse accepted: duplicate keys, numbers and strings.
function checkTokens(text) {
  const stack = [];
  const here = () => {
    const top = stack[stack.length - 1];
    if(!top) {
      return '/';
    }
    return `${top.pointer === '/' ? '' : top.pointer}/${escapeToken(top.array ? top.index : top.key)}`;
  };
  let pos = 0;
  for(;;) {
    TOKEN.lastIndex = pos;
    const match = TOKEN.exec(text);
    if(!match) {
      return;
    }
    pos = TOKEN.lastIndex;
    const [, string, punct, number] = match;
    const top = stack[stack.length - 1];
    if(string !== undefined) {
      const value = JSON.parse(string);
      if(top && !top.array && top.expectKey) {
        const pointer = `${top.pointer === '/' ? '' : top.pointer}/${escapeToken(value)}`;
        checkText(value, top.pointer);
        if(top.keys.has(value)) {
          throw new CredentialTextError('this key appears twice in one object', pointer);
        }
        top.keys.add(value);
        top.key = value;
        top.expectKey = false;
      } else {
        checkText(value, here());
      }
    } else if(number !== undefined) {
      checkNumber(number, here());
    } else if(punct === '{' || punct === '[') {
      stack.push({pointer: here(), array: punct === '[', keys: new Set(), key: null, index: 0, expectKey: true});
    } else if(punct === '}' || punct === ']') {
      stack.pop();
    } else if(punct === ',') {
      if(top.array) {
        top.index += 1;
      } else {
        top.expectKey = true;
      }
    }
  }
}

/**
 * Parses credential text (a paste, a file, a baked image's text, a page's embedded JSON).
 *
 * @param {string} text
 * @returns {any} the parsed JSON.
 * @throws {CredentialTextError} the text is not JSON every verifier reads alike.
 */
export function parseCredentialText(text) {
  if(typeof text !== 'string') {
    throw new CredentialTextError('there is no credential text');
  }
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  checkDepth(body);
  let value;
  try {
    value = JSON.parse(body);
  } catch(error) {
    throw new CredentialTextError(`not valid JSON: ${error.message}`);
  }
  checkTokens(body);
  return value;
}

/**
 * The report for text that could not be read as a credential: the format check fails and
 * nothing else is checked (as the Python verifier reports an unreadable file).
 *
 * @param {Error} error
 */
export function unreadableReport(error) {
  const checks = [result('format', 'fail',
    `This is not a well-formed Open Badges 3.0 credential: ${error && error.message}.`)];
  for(const {id} of CHECKS.slice(1)) {
    checks.push(result(id, 'fail', 'Not checked: there is no credential to check.'));
  }
  return {...verdictOf(checks), issuerId: null, issuerDomain: null, checks};
}
