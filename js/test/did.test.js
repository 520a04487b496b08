// did:web -> URL mapping, did:key, and Multikey decoding.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {didWebDomain, didWebToUrl, localKeyFor, resolveVerificationMethod} from '../src/did.js';
import {decodeEd25519Multikey, toHex} from '../src/multibase.js';
import {browserFetchJson} from '../src/fetch.js';
import {verifyCredential} from '../src/verify.js';
import {MESSAGES} from '../src/checks.js';
import {checkOf, didDocument, readRefJson, signDocument, TEST_KEY, unsignedBadge} from './helpers.js';

test('did:web -> DID document URL (DIDWEB examples + localhost rule)', () => {
  const table = {
    'did:web:w3c-ccg.github.io': 'https://w3c-ccg.github.io/.well-known/did.json',
    'did:web:w3c-ccg.github.io:user:alice': 'https://w3c-ccg.github.io/user/alice/did.json',
    'did:web:example.com%3A3000:user:alice': 'https://example.com:3000/user/alice/did.json',
    'did:web:alice.github.io:badges': 'https://alice.github.io/badges/did.json',
    'did:web:localhost%3A8000': 'http://localhost:8000/.well-known/did.json',
    'did:web:localhost%3A8000:site:badges': 'http://localhost:8000/site/badges/did.json',
    'did:web:localhost': 'http://localhost/.well-known/did.json',
  };
  for(const [did, url] of Object.entries(table)) {
    assert.equal(didWebToUrl(did), url, did);
  }
  for(const bad of ['did:web:', 'did:web:a::b', 'did:web:a/b', 'did:web:a:%2E%2E', 'did:key:z6Mk', 'did:web:exa mple.com']) {
    assert.throws(() => didWebToUrl(bad), undefined, bad);
  }
  assert.equal(didWebDomain('did:web:alice.github.io:badges'), 'alice.github.io/badges');
});

test('Multikey: 0xed01 header required', () => {
  const keys = readRefJson('test-vectors/ob-v3p0-eddsa-rdfc-2022/keyPair.json');
  assert.equal(toHex(decodeEd25519Multikey(keys.publicKeyMultibase)), keys.publicKeyHex);
  assert.throws(() => decodeEd25519Multikey(keys.secretKeyMultibase), /Ed25519 Multikey/);
  assert.throws(() => decodeEd25519Multikey('uAAAA'), /base58btc/);
});

test('key from a #z6Mk fragment or a did:key; none from other URLs', () => {
  const key = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
  assert.ok(localKeyFor(`https://example.edu/issuers/1#${key}`));
  assert.ok(localKeyFor(`did:key:${key}`));
  assert.ok(localKeyFor(`did:key:${key}#${key}`));
  assert.equal(localKeyFor('https://example.edu/issuers/1#key-1'), null);
});

test('resolveVerificationMethod: an https method is looked up in the controller document at its URL; none there = unconfirmed', async () => {
  const calls = [];
  await assert.rejects(
    resolveVerificationMethod('https://example.edu/issuers/1#key-1', {fetchJson: async url => {
      calls.push(url);
      throw new Error('HTTP 404');
    }}),
    error => error.unconfirmed === true);
  assert.deepEqual(calls, ['https://example.edu/issuers/1']);
  await assert.rejects(
    resolveVerificationMethod('http://example.edu/issuers/1#key-1', {fetchJson: async () => ({})}),
    error => error.unconfirmed === true && /not published/.test(error.message));
});

// --- a key document speaks for the issuer only from the issuer's own origin ----------------
// The browser's fetch follows redirects and reports where the answer came from in the
// Response's redirected and url; the pages' fetcher (browserFetchJson) reads them there.

/** A platform fetch answering each URL from `routes`: a document, or {redirect: URL}. */
function redirectingFetch(routes) {
  return async function fetchFn(url) {
    let at = url;
    for(let hops = 0; routes[at] && routes[at].redirect; hops++) {
      assert.ok(hops < 5, 'redirect loop');
      at = new URL(routes[at].redirect, at).href;
    }
    const response = new Response(JSON.stringify(routes[at]), {status: routes[at] ? 200 : 404});
    return Object.defineProperties(response, {redirected: {value: at !== url}, url: {value: at}});
  };
}

async function verifyOnline(issuer, routes) {
  const credential = await signDocument(unsignedBadge(issuer), `${issuer}#${TEST_KEY.publicKeyMultibase}`);
  const fetchFn = redirectingFetch(routes);
  return verifyCredential(credential, {now: new Date('2025-06-01T00:00:00Z'),
    fetchJson: (url, options) => browserFetchJson(url, {...options, fetchFn})});
}

const REDIRECTED = (url, final) => MESSAGES.keyDocumentRedirected.replace('{url}', url).replace('{final}', final);

test('a controller document redirected to another origin does not confirm the key', async () => {
  const issuer = 'https://issuer.example/issuers/1';
  const report = await verifyOnline(issuer, {
    [issuer]: {redirect: 'https://mallory.example/doc.json'},
    'https://mallory.example/doc.json': didDocument(issuer),
  });
  assert.equal(report.verdict, 'not-verified');
  const key = checkOf(report, 'issuer_key');
  assert.equal(key.state, 'fail');
  assert.ok(key.message.includes(REDIRECTED(issuer, 'https://mallory.example/doc.json')), key.message);
  assert.equal(report.issuerDomain, null);
});

test('a did:web document redirected to another origin does not confirm the key', async () => {
  const did = 'did:web:issuer.example:badges';
  const report = await verifyOnline(did, {
    'https://issuer.example/badges/did.json': {redirect: 'https://issuer.example.mallory.example/did.json'},
    'https://issuer.example.mallory.example/did.json': didDocument(did),
  });
  assert.equal(report.verdict, 'not-verified');
  const key = checkOf(report, 'issuer_key');
  assert.equal(key.state, 'fail');
  assert.ok(key.message.includes(REDIRECTED('https://issuer.example/badges/did.json', 'https://issuer.example.mallory.example/did.json')), key.message);
  assert.match(key.message, /confirm the key\. Serve the document from https:\/\/issuer\.example\/badges\/did\.json itself/);
});

test('a key document redirected within the issuer\'s origin still confirms the key', async () => {
  const issuer = 'https://issuer.example/issuers/1';
  const https = await verifyOnline(issuer, {[issuer]: {redirect: '/issuers/1/'}, [`${issuer}/`]: didDocument(issuer)});
  assert.equal(https.verdict, 'verified', JSON.stringify(https.checks, null, 1));
  assert.equal(https.issuerDomain, 'issuer.example');
  const did = 'did:web:issuer.example';
  const web = await verifyOnline(did, {
    'https://issuer.example/.well-known/did.json': {redirect: 'https://ISSUER.example:443/keys/2026/did.json'},
    'https://issuer.example/keys/2026/did.json': didDocument(did),
  });
  assert.equal(web.verdict, 'verified', JSON.stringify(web.checks, null, 1));
});
