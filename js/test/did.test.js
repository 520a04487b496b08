// did:web -> URL mapping, did:key, and Multikey decoding.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {didWebDomain, didWebToUrl, localKeyFor, resolveVerificationMethod} from '../src/did.js';
import {decodeEd25519Multikey, toHex} from '../src/multibase.js';
import {readRefJson} from './helpers.js';

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
