// Self-made verdict-table cases for status lists that someone other than the badge's issuer
// signs (a status service), made with Digital Bazaar's libraries (never badgepress): the
// badge is signed eddsa-rdfc-2022 by the did:web issuer of the other verdict cases with the
// published W3C vc-di-eddsa test key; the service's lists are signed ecdsa-rdfc-2019 by the
// did:key of the published W3C vc-di-ecdsa P-256 test key, and their bits are set with
// @digitalbazaar/vc-bitstring-status-list. ECDSA signatures are randomised, so the output
// differs on every run: the cases are committed, and tests/attacks/test_verifier_status.py
// checks that the reference stack verifies each proof as recorded in `stack`.
//   node tests/reference/stack/generate-status.mjs
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {BitstringStatusList} from '@digitalbazaar/vc-bitstring-status-list';
import {caseLoader} from './verify.mjs';
import {CASES, ISSUER, REF, SIGNED, clone, readJson, w3cKeyOf, writeCase} from './case-kit.mjs';

const NOW = '2026-06-01T00:00:00Z';
const SERVICE_KEY = readJson(new URL('test-vectors/ecdsa-rdfc-2019/p256KeyPair.json', REF));
const SERVICE = `did:key:${SERVICE_KEY.publicKeyMultibase}`;
const UNRESOLVED = 'did:web:status.example-service.org';
const LIST_URL = 'https://status.example-service.org/lists/3';
const INDEX = 7;
const LIBRARIES = '@digitalbazaar/vc 7.3.0, eddsa-rdfc-2022-cryptosuite 1.3.0, ' +
  'ecdsa-rdfc-2019-cryptosuite 1.3.0, vc-bitstring-status-list 2.0.1';

// The badge and its issuer's DID document: the data of the table's status-revoked case.
const base = readJson(new URL('status-revoked.json', CASES));
const didDocuments = base.didDocuments;
const issuerKey = await w3cKeyOf(ISSUER);
const serviceKey = await EcdsaMultikey.from({
  '@context': 'https://w3id.org/security/multikey/v1', type: 'Multikey',
  id: `${SERVICE}#${SERVICE_KEY.publicKeyMultibase}`, controller: SERVICE, ...SERVICE_KEY,
});

const loader = caseLoader({didDocuments});

async function signed(document, key, cryptosuite) {
  const unsigned = clone(document);
  delete unsigned.proof;
  const suite = new DataIntegrityProof({signer: key.signer(), date: SIGNED, cryptosuite});
  return vc.issue({credential: unsigned, suite, documentLoader: loader});
}

function badge(purpose) {
  const credential = clone(base.credential);
  credential.credentialStatus = {
    id: `${LIST_URL}#${INDEX}`, type: 'BitstringStatusListEntry', statusPurpose: purpose,
    statusListIndex: String(INDEX), statusListCredential: LIST_URL,
  };
  return signed(credential, issuerKey, eddsaRdfc2022);
}

async function list({set, purpose = 'revocation', issuer = SERVICE, id = LIST_URL, ...dates}) {
  const bits = new BitstringStatusList({length: 131072});
  bits.setStatus(INDEX, set);
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id, type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer,
    validFrom: '2026-01-02T03:04:05Z', ...dates,
    credentialSubject: {id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: purpose,
      encodedList: await bits.encode()},
  };
}

const byService = async options => signed(await list(options), serviceKey, ecdsaRdfc2019);

/**
 * Whether the reference stack verifies a document's proof, its signer's key as its issuer's,
 * and its dates at NOW (the status itself is what the cases are about, not checked here).
 */
async function stackVerifies(document) {
  const suite = [new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
    new DataIntegrityProof({cryptosuite: ecdsaRdfc2019})];
  const result = await vc.verifyCredential({credential: document, suite, now: new Date(NOW),
    documentLoader: loader, checkStatus: async () => ({verified: true})});
  return result.verified === true;
}

const forged = await byService({set: false});
forged.credentialSubject.encodedList = (await list({set: true})).credentialSubject.encodedList;
const claimsIssuer = await signed(await list({set: false, issuer: ISSUER}), serviceKey, ecdsaRdfc2019);
const unresolvedKey = await EcdsaMultikey.from({
  '@context': 'https://w3id.org/security/multikey/v1', type: 'Multikey',
  id: `${UNRESOLVED}#key-1`, controller: UNRESOLVED, ...SERVICE_KEY,
});
const unresolved = await signed(await list({set: true, issuer: UNRESOLVED}), unresolvedKey, ecdsaRdfc2019);

const revoked = await badge('revocation');
const suspendable = await badge('suspension');
const nv = {verdict: 'not-verified', check: 'status', state: 'fail'};
const warn = {verdict: 'warning', check: 'status', state: 'warn'};
const cases = [
  ['status-list-by-status-service-revoked', 'A list signed by a status service (a did:key, ' +
    'ecdsa-rdfc-2019), not by the issuer, at the URL the issuer signed into the badge, with ' +
    'the bit set: revoked, naming the signer.', revoked, await byService({set: true}), nv],
  ['status-list-by-status-service-not-revoked', 'The same status service\'s list with the bit ' +
    'clear: it cannot vouch that the issuer\'s badge is not revoked, status unknown.', revoked,
    await byService({set: false}), warn],
  ['status-list-by-status-service-suspended', 'A suspension list signed by the status service ' +
    'with the bit set: suspended.', suspendable, await byService({set: true, purpose: 'suspension'}), nv],
  ['status-list-by-status-service-forged-set-bit', 'The status service\'s list with its bit set ' +
    'after signing: the proof does not verify, so it revokes nothing (status unknown).', revoked,
    forged, warn],
  ['status-list-by-status-service-id-differs-revoked', 'The status service\'s list served at the ' +
    'entry\'s URL under another id (BSL §2.2: the id MAY match), bit set: revoked.', revoked,
    await byService({set: true, id: 'https://lists.example-service.org/3'}), nv],
  ['status-list-by-status-service-expired-revoked', 'The status service\'s list, bit set, ' +
    'expired (validUntil before now): not read, status unknown.', revoked,
    await byService({set: true, validUntil: '2026-03-01T00:00:00Z'}), warn],
  ['status-list-by-the-issuer-expired-not-revoked', 'The issuer\'s own list (its key, ' +
    'eddsa-rdfc-2022), bit clear, expired (validUntil before now): an old copy could predate ' +
    'a revocation, so it is not read, status unknown.', revoked,
  await signed(await list({set: false, issuer: ISSUER, validUntil: '2026-03-01T00:00:00Z'}), issuerKey, eddsaRdfc2022), warn],
  ['status-list-by-status-service-claiming-the-issuer', 'A list that names the badge\'s issuer ' +
    'as its issuer but is signed by the status service\'s key, bit clear: not the issuer\'s ' +
    'list, status unknown.', revoked, claimsIssuer, warn],
  ['status-list-by-unresolvable-signer-revoked', 'A list signed by a did:web whose DID ' +
    'document is not available, bit set: the signer cannot be confirmed, status unknown.',
  revoked, unresolved, warn],
];

for(const [name, description, credential, statusList, expected] of cases) {
  const stack = {credential: await stackVerifies(credential), list: await stackVerifies(statusList)};
  const value = {
    description, expected, now: NOW, credential, didDocuments, resources: {[LIST_URL]: statusList},
    source: {generator: 'tests/reference/stack/generate-status.mjs', library: LIBRARIES}, stack,
  };
  writeCase(name, value);
}
console.log(`wrote ${cases.length} cases`);
