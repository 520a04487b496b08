// Self-made ecdsa-sd-2023 Open Badges 3.0 fixtures, made with Digital Bazaar's libraries
// (never badgepress): base proofs signed with the published W3C vc-di-ecdsa test keys, by a
// did:key and a did:web issuer, and disclosures derived from them. The suite draws a fresh
// HMAC key and ephemeral key for every base proof and ECDSA signatures are randomised, so
// the output differs on every run: the cases are committed, and
// tests/integration/test_sd_fixtures.py checks that the reference stack verifies them as
// recorded. Run: node tests/reference/stack/generate-sd.mjs
import {readFileSync, writeFileSync} from 'node:fs';
import {derive, issueBase, keyPair, verifies} from './sd-stack.mjs';

const REF = new URL('../', import.meta.url);
const CASES = new URL('field/cases/', REF);
const keys = JSON.parse(readFileSync(new URL('test-vectors/ecdsa-sd-2023/SDKeyMaterial.json', REF), 'utf8'));
const NOW = '2026-06-01T00:00:00Z';
const DID_KEY = `did:key:${keys.baseKeyPair.publicKeyMultibase}`;
const DID_WEB = 'did:web:badges.example.org';
const DID_WEB_DOC = {
  '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
  id: DID_WEB,
  verificationMethod: [{id: `${DID_WEB}#key-1`, type: 'Multikey', controller: DID_WEB,
    publicKeyMultibase: keys.baseKeyPair.publicKeyMultibase}],
  assertionMethod: [`${DID_WEB}#key-1`],
};
const MANDATORY = ['/issuer', '/validFrom', '/credentialSubject/achievement'];
const SELECTIVE = ['/name', '/evidence/0'];

function credential(issuer) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:8a0d5a8e-3c1e-4f5e-9a55-0c3b7e2f4d10',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {id: issuer, type: ['Profile'], name: 'Example Selective University'},
    validFrom: '2026-01-15T00:00:00Z',
    name: 'Data Stewardship',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://badges.example.org/achievements/data-stewardship',
        type: ['Achievement'],
        achievementType: 'Competency',
        name: 'Data Stewardship',
        description: 'Looks after research data from collection to archive.',
        criteria: {narrative: 'Completed the data stewardship course and its project.'},
      },
    },
    evidence: [
      {type: ['Evidence'], name: 'Course project', narrative: 'Archived a survey data set.'},
      {type: ['Evidence'], name: 'Peer review', narrative: 'Reviewed two data plans.'},
    ],
  };
}

function fieldCase(name, description, document, verdict, didDocuments = {}, extra = {}) {
  return [name, {
    description,
    source: {repo: 'badgepress self-made', path: 'tests/reference/stack/generate-sd.mjs',
      library: '@digitalbazaar/ecdsa-sd-2023-cryptosuite 3.4.1, @digitalbazaar/vc 7.3.0',
      licence: 'Apache-2.0',
      expects: verdict === 'verified' ? 'verified (reference stack)' : 'not verified (reference stack)'},
    expected: {verdict, ...extra},
    now: NOW, credential: document, didDocuments, resources: {},
    badgepress: {python: verdict, browser: verdict},
  }];
}

const clone = value => JSON.parse(JSON.stringify(value));
const date = new Date('2026-01-15T09:00:00Z');
const pair = await keyPair(keys.baseKeyPair, DID_KEY);
const webPair = await keyPair(keys.baseKeyPair, DID_WEB);
const otherPair = await keyPair(keys.proofKeyPair, `did:key:${keys.proofKeyPair.publicKeyMultibase}`);
const didDocuments = {[DID_WEB]: DID_WEB_DOC};

const base = await issueBase(credential(DID_KEY), pair, MANDATORY, {date});
const derived = await derive(base, SELECTIVE);
const webBase = await issueBase(credential(DID_WEB), webPair, MANDATORY, {date, didDocuments});
const webDerived = await derive(webBase, SELECTIVE, {didDocuments});
const otherDerived = await derive(await issueBase(credential(DID_KEY), otherPair, MANDATORY, {date}), SELECTIVE);

const tampered = clone(derived);
tampered.evidence[0].narrative = 'Archived every survey data set of the faculty.';
const removed = clone(derived);
delete removed.evidence[0].narrative;

const cases = [
  fieldCase('selfmade-sd-did-key-derived', 'ecdsa-sd-2023 disclosure (name and first evidence selected) derived from a did:key P-256 base proof', derived, 'verified'),
  fieldCase('selfmade-sd-did-web-derived', 'ecdsa-sd-2023 disclosure derived from a base proof by a did:web issuer with a P-256 Multikey', webDerived, 'verified', didDocuments),
  fieldCase('selfmade-sd-derived-tampered', 'ecdsa-sd-2023 disclosure whose disclosed evidence narrative was changed after derivation', tampered, 'not-verified', {}, {check: 'signature'}),
  fieldCase('selfmade-sd-derived-quad-removed', 'ecdsa-sd-2023 disclosure with one disclosed statement (evidence narrative) deleted, so a signature is left over', removed, 'not-verified', {}, {check: 'signature'}),
  fieldCase('selfmade-sd-base-proof', 'ecdsa-sd-2023 base proof handed to the verifier: meant for the holder, who derives a disclosure from it', base, 'not-verified', {}, {check: 'signature'}),
  fieldCase('selfmade-sd-other-key', 'ecdsa-sd-2023 disclosure that verifies, signed by a did:key that is not the issuer\'s', otherDerived, 'not-verified', {}, {check: 'issuer_key'}),
];
for(const [name, value] of cases) {
  const stack = await verifies(value.credential, {didDocuments: value.didDocuments, now: NOW});
  if(stack !== (value.expected.verdict === 'verified')) {
    throw new Error(`reference stack verdict on ${name}: ${stack}`);
  }
  writeFileSync(new URL(`${name}.json`, CASES), JSON.stringify(value, null, 2) + '\n');
}
console.log(`wrote ${cases.length} cases`);
