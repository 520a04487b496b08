// The one reader of credential text in the browser, with the rules of the Python loader
// (src/badgepress/model/document.py): one leading UTF-8 byte order mark is ignored; nesting
// deeper than MAX_DEPTH, a key twice in one object, numbers JavaScript cannot hold exactly
// (integers beyond ±(2**53 - 1), 1e400) and unpaired surrogates are refused, naming the
// JSON pointer. Parsers disagree on such input, and a verifier must read what the signer saw.
// A credential may also come as a compact JWS (VC-JWT, OB 3.0 §8.2, or VC-JOSE-COSE
// vc+jwt), read just as strictly: three unpadded, canonical base64url parts and nothing
// around them, header and payload JSON objects by the rules above. The envelope (header,
// claims, signing input, signature) stays with the credential object it secures
// (envelopeOf), so every caller hands the verifier the same object as for JSON.
import {CHECKS, result, verdictOf} from './checks.js';
import {base64urlDecode} from './multibase.js';

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
    this.reason = message;
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

/** A JWT credential is at most this long (as Python's MAX_DOCUMENT_BYTES; JWS text is ASCII). */
export const MAX_JWS_LENGTH = 2 * 1024 * 1024;
/** The text of a compact JWS starts like this (after a BOM and white space). */
export const JWS_START = /^[A-Za-z0-9_-]+\./;
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const JWS_HINT = 'a VC-JWT is three base64url parts (header.payload.signature), unpadded, alone';
/** JWT registered claims (RFC 7519 §4.1, and cnf): in a vc+jwt payload, claims about the token. */
export const JWT_CLAIMS = Object.freeze(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'cnf']);
const VC_JWT_TYPES = new Set(['vc+jwt', 'application/vc+jwt']);
const ENVELOPES = new WeakMap();

/**
 * The JWS envelope a credential object was read from (parseCredentialText), or null.
 *
 * @returns {{header: object, claims: object, signingInput: Uint8Array, signature: Uint8Array,
 *   form: 'vc'|'vc+jwt', json: string}|null} json is the credential as read, so a later
 *   change to the object is noticed.
 */
export function envelopeOf(credential) {
  return (credential && typeof credential === 'object' && ENVELOPES.get(credential)) || null;
}

function base64urlEncode(bytes) {
  let binary = '';
  for(let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function jwsPart(part, what) {
  let bytes;
  try {
    bytes = base64urlDecode(part);
  } catch {
    bytes = null;
  }
  if(!bytes || base64urlEncode(bytes) !== part) {
    throw new CredentialTextError(`the JWS ${what} is not canonical base64url (${JWS_HINT})`);
  }
  return bytes;
}

function jwsObject(part, what) {
  let text;
  try {
    text = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(jwsPart(part, what));
  } catch(error) {
    throw error instanceof CredentialTextError ? error : new CredentialTextError(`the JWS ${what} is not UTF-8 text`);
  }
  let value;
  try {
    value = parseJsonText(text.startsWith('\uFEFF') ? '\u0000' : text);
  } catch(error) {
    throw new CredentialTextError(`the JWS ${what} is not usable JSON: ${error.reason || error.message}`, `jwt:${what}${error.pointer || ''}`);
  }
  if(value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CredentialTextError(`the JWS ${what} is not a JSON object`, `jwt:${what}`);
  }
  return value;
}

function parseJws(text) {
  const token = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if(!JWS.test(token)) {
    throw new CredentialTextError(`not a compact JWS: it must be three base64url parts joined by '.', without padding or anything around them`);
  }
  const [encodedHeader, encodedPayload, encodedSignature] = token.split('.');
  const header = jwsObject(encodedHeader, 'header');
  const payload = jwsObject(encodedPayload, 'payload');
  const signature = jwsPart(encodedSignature, 'signature');
  let credential;
  let claims;
  let form;
  if(typeof header.typ === 'string' && VC_JWT_TYPES.has(header.typ.toLowerCase())) {
    const entries = Object.entries(payload);
    credential = Object.fromEntries(entries.filter(([k]) => !JWT_CLAIMS.includes(k)));
    claims = Object.fromEntries(entries.filter(([k]) => JWT_CLAIMS.includes(k)));
    form = 'vc+jwt';
  } else if(payload.vc !== null && typeof payload.vc === 'object' && !Array.isArray(payload.vc)) {
    ({vc: credential, ...claims} = payload);
    form = 'vc';
  } else {
    throw new CredentialTextError('the JWT payload holds no credential: no vc claim, and the header\'s typ is not vc+jwt', 'jwt:payload/vc');
  }
  const signingInput = new TextEncoder().encode(`${encodedHeader}.${encodedPayload}`);
  ENVELOPES.set(credential, {header, claims, signingInput, signature, form, json: JSON.stringify(credential)});
  return credential;
}

/**
 * Parses credential text (a paste, a file, a baked image's text, a page's embedded JSON):
 * JSON, or a compact JWS around the credential (its envelope then is envelopeOf(result)).
 *
 * @param {string} text
 * @returns {any} the credential JSON.
 * @throws {CredentialTextError} the text is not JSON every verifier reads alike, nor a
 *   strict compact JWS holding such JSON.
 */
export function parseCredentialText(text) {
  if(typeof text !== 'string') {
    throw new CredentialTextError('there is no credential text');
  }
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if(!JWS_START.test(body.trimStart())) {
    return parseJsonText(text);
  }
  if(body.length > MAX_JWS_LENGTH) {
    throw new CredentialTextError(`the JWT is ${(body.length / 1e6).toFixed(1)} MB; a credential is at most 2 MiB`);
  }
  return parseJws(body);
}

/**
 * Parses JSON text by the rules above (DID documents, status lists, credentials).
 *
 * @param {string} text
 * @returns {any} the parsed JSON.
 * @throws {CredentialTextError} the text is not JSON every verifier reads alike.
 */
export function parseJsonText(text) {
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
