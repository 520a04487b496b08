// The JWS reader and checks beyond the verdict table: the size limit, a credential object
// changed after it was read from its JWT, and the header rules.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {browserFetchJson, MAX_JSON_BYTES} from '../src/fetch.js';
import {CredentialTextError, envelopeOf, MAX_JWS_LENGTH, parseCredentialText, parseJsonText} from '../src/parse.js';
import {previewFetch} from '../src/preview.js';
import {verifyCredential} from '../src/verify.js';
import {caseFetchMap, fixtureFetch} from './helpers.js';

const CASES = new URL('../../tests/reference/verdicts/cases/', import.meta.url);
const genuine = JSON.parse(readFileSync(fileURLToPath(new URL('jwt-genuine-es256.json', CASES)), 'utf8'));
const token = genuine.credentialText.trim();

test('a JWT over 2 MiB is refused before it is decoded', () => {
  const [header, , signature] = token.split('.');
  const huge = `${header}.${'A'.repeat(MAX_JWS_LENGTH)}.${signature}`;
  assert.throws(() => parseCredentialText(huge), error =>
    error instanceof CredentialTextError && /at most 2 MiB/.test(error.message));
});

test('the envelope stays with the credential it secures; JSON has none', () => {
  const credential = parseCredentialText(`${token}\n`);
  assert.equal(envelopeOf(credential).form, 'vc');
  assert.equal(envelopeOf(credential).header.alg, 'ES256');
  assert.equal(envelopeOf(structuredClone(credential)), null);
  assert.equal(envelopeOf(parseCredentialText(JSON.stringify(credential))), null);
});

test('fetched JSON is never read as a JWT', () => {
  assert.throws(() => parseJsonText(token), /not valid JSON/);
});

test('a credential changed after it was read from its JWT is not verified', async () => {
  const credential = parseCredentialText(token);
  const options = {now: new Date(genuine.now), fetchJson: fixtureFetch(caseFetchMap(genuine))};
  assert.equal((await verifyCredential(credential, options)).verdict, 'verified');
  credential.name = 'Changed';
  const report = await verifyCredential(credential, options);
  assert.equal(report.verdict, 'not-verified');
  assert.match(report.checks.find(c => c.id === 'signature').message, /changed after it was read from its JWT/);
});

// --- a JWK set speaks for the issuer only from the issuer's own site ------------------------
const FIELD = new URL('../../tests/reference/field/cases/', import.meta.url);
const fieldCase = name => JSON.parse(readFileSync(fileURLToPath(new URL(`${name}.json`, FIELD)), 'utf8'));
const viaSet = fieldCase('selfmade-jwt-rs256-jwks-genuine');
const SET_URL = 'https://jwt.example/issuers/1/jwks.json';

async function verifyWith(testCase, fetchJson) {
  return verifyCredential(parseCredentialText(testCase.credentialText), {now: new Date(testCase.now), fetchJson});
}

test('a JWT whose kid names a key in the issuer\'s JWK set is verified, published by the issuer\'s host', async () => {
  const report = await verifyWith(viaSet, fixtureFetch(caseFetchMap(viaSet)));
  assert.equal(report.verdict, 'verified');
  assert.equal(report.issuerDomain, 'jwt.example');
});

test('a JWK set the issuer\'s URL redirects to another origin is not the issuer\'s', async () => {
  const map = caseFetchMap(viaSet);
  const fetchJson = async (url, {final = false} = {}) => {
    const document = structuredClone(map[url]);
    return final ? {url: url === SET_URL ? 'https://cdn.mallory.example/jwks.json' : url, document} : document;
  };
  const report = await verifyWith(viaSet, fetchJson);
  assert.equal(report.verdict, 'not-verified');
  const key = report.checks.find(c => c.id === 'issuer_key');
  assert.equal(key.state, 'fail');
  assert.match(key.message, /the JWK set came from https:\/\/cdn\.mallory\.example\/jwks\.json \(redirected\) is not on the issuer's site \(https:\/\/jwt\.example\)/);
});

test('a JWK set that redirects within the issuer\'s path is still the issuer\'s', async () => {
  const map = caseFetchMap(viaSet);
  const fetchJson = async (url, {final = false} = {}) => {
    const document = structuredClone(map[url]);
    return final ? {url: url === SET_URL ? 'https://jwt.example/issuers/1/keys/v2.json' : url, document} : document;
  };
  assert.equal((await verifyWith(viaSet, fetchJson)).verdict, 'verified');
});

test('the browser fetcher reports where a redirected answer came from', async () => {
  const body = new TextEncoder().encode('{"keys": []}');
  const fetchFn = async () => ({ok: true, status: 200, redirected: true, url: 'https://other.example/k.json',
    headers: new Headers(), body: new Blob([body]).stream()});
  const answer = await browserFetchJson(SET_URL, {final: true, fetchFn});
  assert.deepEqual(answer, {url: 'https://other.example/k.json', document: {keys: []}});
});

test('an oversized JWK set is not read', async () => {
  const huge = new TextEncoder().encode(`{"keys": [], "pad": "${'x'.repeat(MAX_JSON_BYTES)}"}`);
  const fetchFn = async () => ({ok: true, status: 200, redirected: false, url: SET_URL,
    headers: new Headers(), body: new Blob([huge]).stream()});
  await assert.rejects(browserFetchJson(SET_URL, {final: true, fetchFn}), /larger than 1048576 bytes/);
  const report = await verifyWith(viaSet, (url, options) => browserFetchJson(url, {...options, fetchFn}));
  assert.equal(report.verdict, 'not-verified');
  assert.equal(report.checks.find(c => c.id === 'signature').state, 'fail');
});

test('a local preview reports the public URL of a JWK set it read from the preview server', async () => {
  const preview = {siteUrl: 'https://jwt.example/issuers/1/', localRoot: 'http://localhost:8000/', domain: 'jwt.example'};
  const seen = [];
  const local = async (url, {final = false} = {}) => {
    seen.push(url);
    return final ? {url, document: {keys: []}} : {keys: []};
  };
  const answer = await previewFetch(local, preview)(SET_URL, {final: true});
  assert.deepEqual(seen, ['http://localhost:8000/jwks.json']);
  assert.equal(answer.url, SET_URL);
});

test('a JWK set holding a private key is named without repeating it', async () => {
  const attack = JSON.parse(readFileSync(fileURLToPath(new URL('jwt-jwks-holding-a-private-key.json', CASES)), 'utf8'));
  const report = await verifyWith(attack, fixtureFetch(caseFetchMap(attack)));
  const signature = report.checks.find(c => c.id === 'signature');
  assert.equal(signature.state, 'fail');
  assert.match(signature.message, /publishes a private key \(keys\/3 has "d"\)/);
  const leaked = attack.keySets[SET_URL].keys[3].d;
  assert.ok(report.checks.every(c => !c.message.includes(leaked)));
});
