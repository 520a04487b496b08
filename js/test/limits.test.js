// Input loading and resource limits of the browser verifier (issue 12, classes 6, 7, 9):
// the credential text parser, the status-list inflation cap and a seeded fuzz loop.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {CHECKS} from '../src/checks.js';
import {CredentialTextError, MAX_DEPTH, parseCredentialText, unreadableReport} from '../src/parse.js';
import {MAX_STATUS_LIST_BYTES, decodeStatusList} from '../src/status.js';
import {verifyCredential} from '../src/verify.js';
import {checkOf, didDocument, fixtureFetch, readRefJson, signDocument, unsignedBadge} from './helpers.js';

function refused(text, pattern, pointer = null) {
  assert.throws(() => parseCredentialText(text), error => {
    assert.ok(error instanceof CredentialTextError, `${error && error.name}: ${error && error.message}`);
    assert.match(error.message, pattern);
    assert.equal(error.pointer, pointer);
    return true;
  });
}

test('a leading UTF-8 byte order mark is ignored, as in Python', () => {
  assert.deepEqual(parseCredentialText('\uFEFF{"a": 1}'), {a: 1});
});

test('a key twice in one object is refused, naming its JSON pointer', () => {
  refused('{"a": {"b~/": 1, "b~/": 2}}', /appears twice/, '/a/b~0~1');
  refused('{"proof": [{"x": 1}, {"y": 1, "y": 1}]}', /appears twice/, '/proof/1/y');
  assert.deepEqual(parseCredentialText('{"a": {"k": 1}, "b": {"k": 2}}'), {a: {k: 1}, b: {k: 2}});
});

test('100,000-level nesting is refused fast and cleanly; 64 levels are read', () => {
  const started = Date.now();
  refused('['.repeat(100000) + ']'.repeat(100000), /nested more than 64 levels deep/);
  refused('{"a":'.repeat(100000) + '1' + '}'.repeat(100000), /nested more than 64 levels deep/);
  assert.ok(Date.now() - started < 1000);
  assert.ok(parseCredentialText('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH)));
  assert.deepEqual(parseCredentialText('{"s": "' + '['.repeat(500) + '"}').s.length, 500);
});

test('two megabytes of escaped quotes in an open string are refused in linear time', () => {
  const started = Date.now();
  refused('['.repeat(70) + '"' + '\\"'.repeat(1000000), /nested more than 64 levels deep/);
  refused('['.repeat(10) + '"' + '\\"'.repeat(1000000), /^not valid JSON/);
  assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
});

test('numbers JavaScript cannot hold exactly and unpaired surrogates are refused', () => {
  refused('{"n": 9007199254740992}', /cannot be read exactly/, '/n');
  refused('{"n": [1e400]}', /cannot be read exactly/, '/n/0');
  refused('{"s": "\\ud800"}', /unpaired UTF-16 surrogate/, '/s');
  assert.deepEqual(parseCredentialText('{"n": 9007199254740991, "f": 1.5e300, "e": "\\ud83d\\ude00"}'),
    {n: 9007199254740991, f: 1.5e300, e: '\u{1F600}'});
});

test('text that is not JSON is refused with the parser\'s reason', () => {
  refused('{"a": 1', /^not valid JSON/);
  refused('NaN', /^not valid JSON/);
});

test('unreadable text gives the report the Python verifier gives: format fails', () => {
  const report = unreadableReport(new CredentialTextError('x'));
  assert.equal(report.verdict, 'not-verified');
  assert.deepEqual(report.checks.map(c => [c.id, c.state]), CHECKS.map(c => [c.id, 'fail']));
});

test('a gzip bomb status list stops at 16 MiB, quickly and in bounded memory', async () => {
  const bomb = 'u' + gzipSync(Buffer.alloc(256 * 1024 * 1024), {level: 9}).toString('base64url');
  const started = Date.now();
  await assert.rejects(decodeStatusList(bomb), /inflates to more than 16777216 bytes/);
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  const exact = 'u' + gzipSync(Buffer.alloc(MAX_STATUS_LIST_BYTES)).toString('base64url');
  assert.equal((await decodeStatusList(exact)).length, MAX_STATUS_LIST_BYTES);
});

test('a signed gzip bomb status list makes status a warning, never Verified', async () => {
  const did = 'did:web:badges.example.org:org';
  const vm = `${did}#${didDocument(did).verificationMethod[0].publicKeyMultibase}`;
  const listUrl = 'https://badges.example.org/org/status/1.json';
  const list = await signDocument({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: listUrl, type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: did, validFrom: '2024-01-01T00:00:00Z',
    credentialSubject: {id: `${listUrl}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation',
      encodedList: 'u' + gzipSync(Buffer.alloc(MAX_STATUS_LIST_BYTES + 1), {level: 9}).toString('base64url')},
  }, vm);
  const badge = await signDocument(unsignedBadge(did, {credentialStatus: {
    id: `${listUrl}#5`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
    statusListIndex: '5', statusListCredential: listUrl}}), vm);
  const fetchJson = fixtureFetch({
    'https://badges.example.org/org/did.json': didDocument(did), [listUrl]: list});
  const report = await verifyCredential(badge, {fetchJson, now: new Date('2025-01-01T00:00:00Z')});
  assert.equal(checkOf(report, 'signature').state, 'pass');
  assert.equal(checkOf(report, 'status').state, 'warn');
  assert.match(checkOf(report, 'status').message, /inflates to more than/);
  assert.equal(report.verdict, 'warning');
});

// A small seeded PRNG (mulberry32), so every run mutates the same way.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES = [null, true, 0, -1, 1.5, '', 'x', [], {}, [[]], {id: {}}, ['VerifiableCredential', {}],
  {'@context': {}}, {'@id': 'urn:x'}, 'https://example.org/', 'did:web:', 'did:key:z6Mk', 'u', 'z',
  '2024-13-45T99:00:00Z', {type: [{}]}, [null, 1, 'a']];

function mutate(value, random) {
  const pick = list => list[Math.floor(random() * list.length)];
  if(value === null || typeof value !== 'object' || random() < 0.15) {
    return structuredClone(pick(ODD_VALUES));
  }
  const copy = Array.isArray(value) ? [...value] : {...value};
  const keys = Object.keys(copy);
  if(keys.length === 0 || random() < 0.1) {
    copy[Array.isArray(copy) ? copy.length : pick(['type', 'id', 'proof', '@context', 'zz'])] = structuredClone(pick(ODD_VALUES));
    return copy;
  }
  const key = pick(keys);
  if(random() < 0.1 && !Array.isArray(copy)) {
    delete copy[key];
  } else {
    copy[key] = mutate(copy[key], random);
  }
  return copy;
}

const RUNS = Number(process.env.BADGEPRESS_FUZZ_RUNS || 300);
const SEED = Number(process.env.BADGEPRESS_FUZZ_SEED || 12);

async function revocableBadge() {
  const did = 'did:web:badges.example.org:org';
  const vm = `${did}#${didDocument(did).verificationMethod[0].publicKeyMultibase}`;
  const listUrl = 'https://badges.example.org/org/status/1.json';
  const list = await signDocument({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: listUrl, type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: did, validFrom: '2024-01-01T00:00:00Z',
    credentialSubject: {id: `${listUrl}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation',
      encodedList: 'u' + gzipSync(Buffer.alloc(16384)).toString('base64url')},
  }, vm);
  const badge = await signDocument(unsignedBadge(did, {credentialStatus: {
    id: `${listUrl}#5`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
    statusListIndex: '5', statusListCredential: listUrl}}), vm);
  return {badge, list, listUrl, didUrl: 'https://badges.example.org/org/did.json', did};
}

test(`fuzz: ${RUNS} seeded mutations of valid credentials and status lists end in reports, never a thrown error`, async () => {
  const revocable = await revocableBadge();
  const seeds = [
    readRefJson('examples/ob3-simple-openbadgecredential.signed.json'),
    readRefJson('examples/ob3-did-key-verificationmethod.signed.json'),
    revocable.badge,
  ];
  const random = prng(SEED);
  const states = new Set(['pass', 'warn', 'fail']);
  for(let i = 0; i < RUNS; i++) {
    const mutated = mutate(seeds[i % seeds.length], random);
    const list = random() < 0.5 ? mutate(revocable.list, random) : revocable.list;
    const didDoc = random() < 0.2 ? mutate(didDocument(revocable.did), random) : didDocument(revocable.did);
    const fetchJson = fixtureFetch({[revocable.didUrl]: didDoc, [revocable.listUrl]: list});
    const report = await verifyCredential(mutated, {fetchJson, now: new Date('2025-01-01T00:00:00Z')});
    const input = JSON.stringify({mutated, list});
    assert.deepEqual(report.checks.map(c => c.id), CHECKS.map(c => c.id), input);
    assert.ok(report.checks.every(c => states.has(c.state) && typeof c.message === 'string'), input);
    const text = JSON.stringify(mutated);
    const cut = text.slice(0, Math.floor(random() * text.length));
    try {
      parseCredentialText(cut);
    } catch(error) {
      assert.ok(error instanceof CredentialTextError, `${error.name}: ${error.message}`);
    }
  }
});
