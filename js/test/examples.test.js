// The signed examples from the reference folder, tampering, and a full did:web verification.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readdirSync} from 'node:fs';
import {verifyCredential} from '../src/verify.js';
import {CHECKS} from '../src/checks.js';
import {checkOf, didDocument, fixtureFetch, readRefJson, refPath, signDocument, unsignedBadge, TEST_KEY} from './helpers.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const examples = readdirSync(refPath('examples/')).filter(f => /^ob3-.*\.signed\.json$/.test(f));

test('the reference examples are all present', () => {
  assert.ok(examples.length >= 4, `found ${examples.join(', ')}`);
});

for(const name of examples) {
  test(`example ${name}: signature verifies`, async () => {
    const credential = readRefJson(`examples/${name}`);
    const fetchJson = fixtureFetch({});
    const report = await verifyCredential(credential, {now: NOW, fetchJson});
    assert.deepEqual(report.checks.map(c => [c.id, c.label]), CHECKS.map(c => [c.id, c.label]));
    assert.equal(checkOf(report, 'signature').state, 'pass', checkOf(report, 'signature').message);
    const vm = (Array.isArray(credential.proof) ? credential.proof[0] : credential.proof).verificationMethod;
    if(vm.startsWith('https:')) {
      // https verification methods are not resolved: the signer is not confirmed as the
      // issuer, so the signature check must not reassure and the verdict is Not verified.
      assert.equal(checkOf(report, 'issuer_key').state, 'fail');
      assert.match(checkOf(report, 'issuer_key').message, /could not be confirmed/);
      assert.match(checkOf(report, 'signature').message, /not confirmed as the issuer's/);
    }
    assert.notEqual(report.verdict, 'verified');
  });
}

test('example ob3-simple: Not verified (https key, signer unconfirmed), status and dates pass', async () => {
  const report = await verifyCredential(readRefJson('examples/ob3-simple-openbadgecredential.signed.json'), {now: NOW});
  assert.equal(report.verdict, 'not-verified');
  assert.equal(report.headline, 'Not verified — the signer could not be confirmed as the issuer');
  assert.equal(checkOf(report, 'format').state, 'pass');
  assert.equal(checkOf(report, 'status').state, 'pass');
  assert.equal(checkOf(report, 'status').message, 'The issuer publishes no revocation list for this badge.');
  assert.equal(checkOf(report, 'dates').state, 'pass');
});

test('did:key example: key read from the DID; controller differs from issuer -> issuer_key fail', async () => {
  const report = await verifyCredential(readRefJson('examples/ob3-did-key-verificationmethod.signed.json'), {now: NOW});
  assert.equal(checkOf(report, 'signature').state, 'pass');
  assert.equal(checkOf(report, 'issuer_key').state, 'fail');
  assert.match(checkOf(report, 'issuer_key').message, /urn:uuid:6f2e33e5/);
  assert.equal(report.verdict, 'not-verified');
});

test('tampered name: signature fails', async () => {
  const credential = readRefJson('examples/ob3-simple-openbadgecredential.signed.json');
  credential.credentialSubject.achievement.name = 'Leadership';
  const report = await verifyCredential(credential, {now: NOW});
  assert.equal(checkOf(report, 'signature').state, 'fail');
  assert.match(checkOf(report, 'signature').message, /changed after it was signed/);
  assert.equal(report.headline, 'Not verified — the content does not match its signature');
});

test('tampered proof (proof as array or object): signature fails', async () => {
  const credential = readRefJson('test-vectors/ob-v3p0-eddsa-rdfc-2022/signed.json');
  credential.proof.created = '2011-01-01T19:23:24Z';
  const report = await verifyCredential(credential, {now: NOW});
  assert.equal(checkOf(report, 'signature').state, 'fail');
});

test('undefined term: signature fails naming the term (safe mode, no silent data loss)', async () => {
  const credential = readRefJson('examples/ob3-simple-openbadgecredential.signed.json');
  credential.credentialSubject.achievement.descripton = 'typo, not in any context';
  const report = await verifyCredential(credential, {now: NOW});
  assert.equal(checkOf(report, 'signature').state, 'fail');
  assert.match(checkOf(report, 'signature').message, /"descripton"/);
});

test('remote context: signature fails with "context not bundled: URL", the context never fetched', async () => {
  const credential = readRefJson('examples/ob3-simple-openbadgecredential.signed.json');
  credential['@context'].push('https://evil.example/context.json');
  const fetchJson = fixtureFetch({});
  const report = await verifyCredential(credential, {now: NOW, fetchJson});
  assert.equal(checkOf(report, 'signature').state, 'fail');
  assert.match(checkOf(report, 'signature').message, /context not bundled: https:\/\/evil\.example\/context\.json/);
  // Only the https issuer's controller document is asked for, never the context.
  assert.deepEqual(fetchJson.calls, ['https://example.com/issuers/876543']);
});

test('not an object / missing fields: format fails naming the fields', async () => {
  const report = await verifyCredential([1, 2], {now: NOW});
  assert.equal(report.verdict, 'not-verified');
  assert.ok(report.checks.every(c => c.state === 'fail'));
  const credential = readRefJson('examples/ob3-simple-openbadgecredential.signed.json');
  delete credential.validFrom;
  credential.type = ['VerifiableCredential'];
  const second = await verifyCredential(credential, {now: NOW});
  assert.equal(checkOf(second, 'format').state, 'fail');
  assert.match(checkOf(second, 'format').message, /validFrom/);
  assert.match(checkOf(second, 'format').message, /OpenBadgeCredential/);
});

const DID = 'did:web:badges.example.org:org';
const DID_URL = 'https://badges.example.org/org/did.json';
const VM = `${DID}#${TEST_KEY.publicKeyMultibase}`;

test('did:web issuer: Verified, issuer domain shown, only the DID document fetched', async () => {
  const credential = await signDocument(unsignedBadge(DID), VM);
  const fetchJson = fixtureFetch({[DID_URL]: didDocument(DID)});
  const report = await verifyCredential(credential, {now: NOW, fetchJson});
  assert.equal(report.verdict, 'verified', JSON.stringify(report.checks, null, 1));
  assert.equal(report.headline, 'Verified');
  assert.equal(report.issuerDomain, 'badges.example.org/org');
  assert.deepEqual(fetchJson.calls, [DID_URL]);
});

test('did:web with a relative key id (#key-1) in the DID document', async () => {
  const vm = `${DID}#key-1`;
  const credential = await signDocument(unsignedBadge(DID), vm);
  const doc = didDocument(DID, {keyId: '#key-1'});
  const report = await verifyCredential(credential, {now: NOW, fetchJson: fixtureFetch({[DID_URL]: doc})});
  assert.equal(report.verdict, 'verified', JSON.stringify(report.checks, null, 1));
});

test('did:web attacks: wrong key, key not in assertionMethod, wrong DID id, unreachable', async () => {
  const credential = await signDocument(unsignedBadge(DID), VM);
  const other = 'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
  const cases = {
    'wrong-key': didDocument(DID, {keyId: VM, publicKeyMultibase: other}),
    'not-assertion': didDocument(DID, {assertion: false}),
    'wrong-did': {...didDocument(DID), id: 'did:web:evil.example'},
  };
  for(const [name, doc] of Object.entries(cases)) {
    const report = await verifyCredential(credential, {now: NOW, fetchJson: fixtureFetch({[DID_URL]: doc})});
    assert.equal(checkOf(report, 'issuer_key').state, 'fail', name);
    assert.equal(report.issuerDomain, null, name);
  }
  const unreachable = await verifyCredential(credential, {now: NOW, fetchJson: fixtureFetch({})});
  assert.equal(checkOf(unreachable, 'signature').state, 'pass'); // key from the #z6Mk fragment
  assert.equal(checkOf(unreachable, 'issuer_key').state, 'fail');
  assert.match(checkOf(unreachable, 'issuer_key').message, /could not be loaded/);
});

test('did:web key of another issuer: issuer_key fails', async () => {
  const other = 'did:web:elsewhere.example';
  const credential = await signDocument(unsignedBadge(DID), `${other}#${TEST_KEY.publicKeyMultibase}`);
  const fetchJson = fixtureFetch({'https://elsewhere.example/.well-known/did.json': didDocument(other)});
  const report = await verifyCredential(credential, {now: NOW, fetchJson});
  assert.equal(checkOf(report, 'signature').state, 'pass');
  assert.equal(checkOf(report, 'issuer_key').state, 'fail');
  assert.match(checkOf(report, 'issuer_key').message, /belongs to did:web:elsewhere\.example/);
});
