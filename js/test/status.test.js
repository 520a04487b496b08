// Bitstring Status List: decoding, revocation, unreachable lists, revocation log.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {decodeStatusList, parseStatusIndex, revocationLogUrl, statusBit} from '../src/status.js';
import {verifyCredential} from '../src/verify.js';
import {createDocumentLoader} from '../src/loader.js';
import {verifyProof} from '../src/proof.js';
import {localKeyFor} from '../src/did.js';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {caseFetchMap, checkOf, didDocument, encodeStatusList, fixtureFetch, readRefJson, signDocument, unsignedBadge, TEST_KEY} from './helpers.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const LIST_VECTOR = 'test-vectors/bitstring-status-list/statuslist-index23-set.signed.json';
const REVOKED = 'test-vectors/bitstring-status-list/ob3-credential-revoked-index23.signed.json';

test('status list vector decodes to 131,072 bits with only bit 23 set, and its proof verifies', async () => {
  const list = readRefJson(LIST_VECTOR);
  const bytes = await decodeStatusList(list.credentialSubject.encodedList);
  assert.equal(bytes.length * 8, 131072);
  const set = [];
  for(let i = 0; i < bytes.length * 8; i++) {
    if(statusBit(bytes, i)) {
      set.push(i);
    }
  }
  assert.deepEqual(set, [23]);
  assert.equal(bytes[2], 0x01);
  const proof = list.proof[0];
  assert.equal(await verifyProof(list, proof, localKeyFor(proof.verificationMethod)), true);
});

test('W3C all-zero example list decodes; short lists are rejected', async () => {
  const list = readRefJson('test-vectors/bitstring-status-list/w3c-spec-example-statuslist-all-zero.unsigned.json');
  const bytes = await decodeStatusList(list.credentialSubject.encodedList);
  assert.equal(bytes.length, 16384);
  assert.ok(bytes.every(b => b === 0));
  await assert.rejects(decodeStatusList(encodeStatusList([], 8192)), /fewer than 131072/);
  const short = await decodeStatusList(encodeStatusList([7], 100000), {anyLength: true});
  assert.equal(short.length * 8, 100000);
  assert.equal(statusBit(short, 7), 1);
});

const SHORT_NOTE = {id: 'short-status-list', text: 'The issuer\'s list has 100,000 entries, fewer than the 131,072 the Bitstring Status List Recommendation asks for; this weakens holders\' privacy, not the answer.'};

for(const [name, verdict, state] of [['status-list-short-revoked', 'not-verified', 'fail'], ['status-list-short-not-revoked', 'verified', 'pass']]) {
  test(`a received list shorter than 131,072 entries is read, with a note: ${name}`, async () => {
    const testCase = JSON.parse(readFileSync(fileURLToPath(new URL(`../../tests/reference/verdicts/cases/${name}.json`, import.meta.url)), 'utf8'));
    const report = await verifyCredential(testCase.credential, {fetchJson: fixtureFetch(caseFetchMap(testCase)), now: testCase.now});
    assert.equal(report.verdict, verdict);
    assert.equal(checkOf(report, 'status').state, state);
    assert.deepEqual(report.notes, [SHORT_NOTE]);
  });
}

test('statusListIndex: base-10 string or JSON integer', () => {
  assert.equal(parseStatusIndex('94567'), 94567);
  assert.equal(parseStatusIndex(23), 23);
  for(const bad of ['-1', '0x17', '1.5', '', ' 1', 1.5, -1, null]) {
    assert.throws(() => parseStatusIndex(bad), undefined, String(bad));
  }
});

test('revocation log URL is the status list directory + log.json', () => {
  assert.equal(revocationLogUrl('https://h/badges/status/1.json'), 'https://h/badges/status/log.json');
});

test('revoked credential (index 23) -> status fail "Revoked" when the list is served', async () => {
  const credential = readRefJson(REVOKED);
  const fetchJson = fixtureFetch({[credential.credentialStatus.statusListCredential]: readRefJson(LIST_VECTOR)});
  const report = await verifyCredential(credential, {now: NOW, fetchJson});
  assert.equal(checkOf(report, 'signature').state, 'pass');
  const status = checkOf(report, 'status');
  assert.equal(status.state, 'fail', status.message);
  assert.match(status.message, /^Revoked/);
  assert.equal(report.verdict, 'not-verified');
});

test('status list unreachable -> warn "Status could not be checked", never pass', async () => {
  const credential = readRefJson(REVOKED);
  const report = await verifyCredential(credential, {now: NOW, fetchJson: fixtureFetch({})});
  const status = checkOf(report, 'status');
  assert.equal(status.state, 'warn');
  assert.match(status.message, /^Status could not be checked/);
});

test('status list with a broken signature -> warn', async () => {
  const credential = readRefJson(REVOKED);
  const list = readRefJson(LIST_VECTOR);
  list.credentialSubject.encodedList = encodeStatusList([]); // forger clears the bit
  const fetchJson = fixtureFetch({[credential.credentialStatus.statusListCredential]: list});
  const report = await verifyCredential(credential, {now: NOW, fetchJson});
  assert.equal(checkOf(report, 'status').state, 'warn');
  assert.match(checkOf(report, 'status').message, /signature/);
});

const DID = 'did:web:badges.example.org:org';
const DID_URL = 'https://badges.example.org/org/did.json';
const VM = `${DID}#${TEST_KEY.publicKeyMultibase}`;
const LIST_URL = 'https://badges.example.org/org/status/1.json';
const LOG_URL = 'https://badges.example.org/org/status/log.json';

async function didWebFixture({setBits = [], listIssuer = DID, purpose = 'revocation', index = '94567'} = {}) {
  const credential = await signDocument(unsignedBadge(DID, {
    credentialStatus: {
      id: `${LIST_URL}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose,
      statusListIndex: index, statusListCredential: LIST_URL,
    },
  }), VM);
  const list = await signDocument({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: LIST_URL,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: listIssuer,
    validFrom: '2024-01-01T00:00:00Z',
    credentialSubject: {id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: encodeStatusList(setBits)},
  }, VM);
  return {credential, list};
}

test('did:web issuer, bit clear -> status pass; fetches DID document and list only', async () => {
  const {credential, list} = await didWebFixture({setBits: [1, 94566, 94568]});
  const fetchJson = fixtureFetch({[DID_URL]: didDocument(DID), [LIST_URL]: list});
  const report = await verifyCredential(credential, {now: NOW, fetchJson});
  assert.equal(report.verdict, 'verified', JSON.stringify(report.checks, null, 1));
  assert.deepEqual([...new Set(fetchJson.calls)].sort(), [DID_URL, LIST_URL].sort());
});

test('the status list is asked for while the DID document is still on its way (page load speed)', async () => {
  const {credential, list} = await didWebFixture();
  // The DID document answers once the status list has been asked for (or after 2 s): a
  // verifier that waits for the key before it reads the list asks for it too late.
  let listAsked;
  const listRequested = new Promise(resolve => { listAsked = () => resolve(true); });
  let askedInTime = false;
  const fetchJson = async (url, {final = false} = {}) => {
    if(url === LIST_URL) {
      listAsked();
      return structuredClone(list);
    }
    askedInTime = await Promise.race([listRequested, new Promise(resolve => setTimeout(resolve, 2000, false))]);
    return final ? {url, document: didDocument(DID)} : didDocument(DID);
  };
  const report = await verifyCredential(credential, {now: NOW, fetchJson});
  assert.equal(report.verdict, 'verified', JSON.stringify(report.checks, null, 1));
  assert.equal(askedInTime, true, 'the status list was asked for only after the DID document answered');
});

test('the credential is canonicalised while the DID document is still on its way (page load speed)', async () => {
  const credential = await signDocument(unsignedBadge(DID), VM); // no status list to read
  const loader = createDocumentLoader();
  let contextRead;
  const contextRequested = new Promise(resolve => { contextRead = () => resolve(true); });
  const documentLoader = url => {
    contextRead();
    return loader(url);
  };
  let canonicalisedInTime = false;
  const fetchJson = async (url, {final = false} = {}) => {
    assert.equal(url, DID_URL);
    canonicalisedInTime = await Promise.race([contextRequested, new Promise(resolve => setTimeout(resolve, 2000, false))]);
    return final ? {url, document: didDocument(DID)} : didDocument(DID);
  };
  const report = await verifyCredential(credential, {now: NOW, fetchJson, documentLoader});
  assert.equal(report.verdict, 'verified', JSON.stringify(report.checks, null, 1));
  assert.equal(canonicalisedInTime, true, 'canonicalisation began only after the DID document answered');
});

test('did:web issuer, bit set -> Revoked with reason and date from log.json', async () => {
  const {credential, list} = await didWebFixture({setBits: [94567]});
  const log = {revocations: [
    {credential: 'https://other/credential', date: '2025-01-01', reason: 'not this one'},
    {credential: credential.id, date: '2025-03-04T10:00:00Z', reason: 'Awarded in error.'},
  ]};
  const fetchJson = fixtureFetch({[DID_URL]: didDocument(DID), [LIST_URL]: list, [LOG_URL]: log});
  const report = await verifyCredential(credential, {now: NOW, fetchJson});
  const status = checkOf(report, 'status');
  assert.equal(status.state, 'fail');
  assert.match(status.message, /^Revoked on 2025-03-04/);
  assert.match(status.message, /Awarded in error\./);
  assert.deepEqual(status.revocation, {date: '2025-03-04T10:00:00Z', reason: 'Awarded in error.'});
});

test('bit set, no log.json -> still revoked, reason unknown', async () => {
  const {credential, list} = await didWebFixture({setBits: [94567]});
  const fetchJson = fixtureFetch({[DID_URL]: didDocument(DID), [LIST_URL]: list});
  const status = checkOf(await verifyCredential(credential, {now: NOW, fetchJson}), 'status');
  assert.equal(status.state, 'fail');
  assert.match(status.message, /No reason was published/);
});

test('status list issued by someone else -> warn', async () => {
  const {credential, list} = await didWebFixture({listIssuer: 'did:web:evil.example'});
  const fetchJson = fixtureFetch({[DID_URL]: didDocument(DID), [LIST_URL]: list});
  assert.equal(checkOf(await verifyCredential(credential, {now: NOW, fetchJson}), 'status').state, 'warn');
});

test('status list purpose mismatch -> warn', async () => {
  const {credential, list} = await didWebFixture();
  list.credentialSubject.statusPurpose = 'suspension';
  const fetchJson = fixtureFetch({[DID_URL]: didDocument(DID), [LIST_URL]: list});
  assert.equal(checkOf(await verifyCredential(credential, {now: NOW, fetchJson}), 'status').state, 'warn');
});

// A list signed by someone other than the badge's issuer (the verdict table's cases made with
// Digital Bazaar's libraries): its set bit revokes and the result names the signer; its
// clear bit cannot vouch for the badge.
const SERVICE = 'did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP';
const SERVICE_LIST = 'https://status.example-service.org/lists/3';

async function verdictCase(name) {
  const testCase = JSON.parse(readFileSync(fileURLToPath(new URL(`../../tests/reference/verdicts/cases/${name}.json`, import.meta.url)), 'utf8'));
  return verifyCredential(testCase.credential, {now: new Date(testCase.now), fetchJson: fixtureFetch(caseFetchMap(testCase))});
}

test('a list signed by a status service, bit set -> Revoked, naming who signed the list', async () => {
  const report = await verdictCase('status-list-by-status-service-revoked');
  const status = checkOf(report, 'status');
  assert.equal(status.state, 'fail');
  assert.equal(status.message, `Revoked per the status list at ${SERVICE_LIST}, signed by ${SERVICE}, not by the issuer.`);
  assert.equal(report.headline, `Genuine — revoked per a status list signed by ${SERVICE}, not by the issuer`);
});

test('a list signed by a status service, bit clear -> status unknown, it cannot vouch', async () => {
  const status = checkOf(await verdictCase('status-list-by-status-service-not-revoked'), 'status');
  assert.equal(status.state, 'warn');
  assert.equal(status.message, `Status could not be checked: the status list at ${SERVICE_LIST} is signed by ${SERVICE}, not by the issuer, so it cannot confirm the badge is not revoked.`);
});

test('a status list whose proof does not verify revokes nothing', async () => {
  const status = checkOf(await verdictCase('status-list-by-status-service-forged-set-bit'), 'status');
  assert.equal(status.state, 'warn');
  assert.match(status.message, /signature of the status list/);
});

test('an expired status list is not read', async () => {
  const status = checkOf(await verdictCase('status-list-by-the-issuer-expired-not-revoked'), 'status');
  assert.equal(status.state, 'warn');
  assert.match(status.message, /expired on 2026-03-01T00:00:00Z/);
});
