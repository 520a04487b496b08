// Self-made verdict-table cases for credentials that embed endorsements of another VC data
// model (issue 14): an OB 3.0 credential on VC 1.1 (credentials/v1 context, issuanceDate)
// embedding VC 1.1 endorsements, one of each data model embedding the other, and the attack
// of a VC 2.0 endorsement that carries only the VC 1.1 date name. Made with Digital Bazaar's
// libraries (never badgepress): each badge is signed by the did:web issuer of the other
// verdict cases, each endorsement by the did:key of the same published W3C vc-di-eddsa test
// key, with eddsa-rdfc-2022 (eddsa-jcs-2022 where JSON-LD refuses the document, below).
// Ed25519 signatures are deterministic, so the output is the same on every run. `stack`
// records the reference stack's own verdict (it reads no OB 3.0 JSON Schema, so it cannot
// see a missing date in an embedded endorsement).
//   node tests/reference/stack/generate-vc11-embedded.mjs
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createSignCryptosuite as jcsSign} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {caseLoader, verifyCase} from './verify.mjs';
import {CASES, ISSUER, SIGNED, W3C_KEY, clone, readJson, w3cKeyOf, writeCase} from './case-kit.mjs';

const NOW = '2026-06-01T00:00:00Z';
const ISSUED = '2026-01-02T03:04:05Z';
const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const DATA_INTEGRITY = 'https://w3id.org/security/data-integrity/v2';
const LIBRARIES = '@digitalbazaar/vc 7.3.0, jsonld-signatures 11.6.0, ' +
  'eddsa-rdfc-2022-cryptosuite 1.3.0';

// The badges and their issuer's DID document: the data of the table's vc11-genuine and
// genuine cases.
const vc11Base = readJson(new URL('vc11-genuine.json', CASES));
const vc2Base = readJson(new URL('genuine.json', CASES));
const didDocuments = vc11Base.didDocuments;
// The endorser: the did:key of the same published key (another party's id, so the issuer's
// Profile is not described twice).
const ENDORSER = `did:key:${W3C_KEY.publicKeyMultibase}`;
const issuerKey = await w3cKeyOf(ISSUER);
const endorserKey = await w3cKeyOf(ENDORSER);
const loader = caseLoader({didDocuments});
const suite = (cryptosuite = eddsaRdfc2022, key = issuerKey) => new DataIntegrityProof({
  signer: key.signer(), date: SIGNED, cryptosuite});

/** The badge signed by its issuer (vc.issue, which adds no date the credential lacks here). */
async function badge(base, placed, cryptosuite = eddsaRdfc2022) {
  const credential = clone(base.credential);
  delete credential.proof;
  placed(credential);
  return vc.issue({credential, suite: suite(cryptosuite), documentLoader: loader});
}

/**
 * An endorsement of the badge's achievement by the endorser, signed as it stands (jsigs.sign:
 * vc.issue would add an issuanceDate to a VC 1.1 credential that has none).
 */
async function endorsement(context, dates, cryptosuite = eddsaRdfc2022) {
  const credential = {
    '@context': [context, OB, DATA_INTEGRITY],
    id: `urn:uuid:${context === VC_V1 ? '6e1b2f55-5d1e-4c3e-9a58-1a1f7b0c2d11' :
      '0c7d9a3e-2b4f-4d8e-8f21-6a5b4c3d2e1f'}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Board endorsement of Python Fundamentals',
    issuer: {id: ENDORSER, type: ['Profile'], name: 'Academy Board'},
    ...dates,
    credentialSubject: {
      id: 'https://example-academy.github.io/badges/achievements/python/',
      type: ['EndorsementSubject'], endorsementComment: 'Endorsed by the academy board.',
    },
  };
  return jsigs.sign(credential, {suite: suite(cryptosuite, endorserKey), purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: loader});
}

const inAchievement = item => credential => {
  credential.credentialSubject.achievement.endorsement = [item];
};
const vc11Endorsement = await endorsement(VC_V1, {issuanceDate: ISSUED,
  expirationDate: '2027-01-02T03:04:05Z'});
const undated = await endorsement(VC_V1, {});
// An eddsa-rdfc-2022 signer (JSON-LD, safe mode) refuses to sign a VC 2.0 node holding
// issuanceDate (a term VC 2.0 does not define), and a credential of one data model embedding
// one of the other (the two contexts protect their terms); eddsa-jcs-2022 signs the JSON as
// it stands, so those badges and their endorsements are signed that way.
const vc2WithV1Date = await endorsement(VC_V2, {issuanceDate: ISSUED}, jcsSign());
const vc11ByJcs = await endorsement(VC_V1, {issuanceDate: ISSUED}, jcsSign());
const vc2ByJcs = await endorsement(VC_V2, {validFrom: ISSUED}, jcsSign());

const verified = {verdict: 'verified', check: null, state: null};
const format = {verdict: 'not-verified', check: 'format', state: 'fail'};
const cases = [
  ['vc11-embedded-vc11-endorsement', 'OB 3.0 on the VC 1.1 data model embedding, in its ' +
    'achievement and at its top level, VC 1.1 endorsements (their own credentials/v1 context, ' +
    'issuanceDate and expirationDate, no validFrom): each is read as VC 1.1 by its own ' +
    'context, verified.', await badge(vc11Base, credential => {
    inAchievement(vc11Endorsement)(credential);
    credential.endorsement = [vc11Endorsement];
  }), verified],
  ['vc11-embedded-endorsement-without-dates', 'A VC 1.1 badge embedding a VC 1.1 ' +
    'endorsement with neither issuanceDate nor validFrom: the schema refuses it, naming the ' +
    'endorsement\'s issuanceDate.', await badge(vc11Base, inAchievement(undated)), format],
  ['vc2-embedded-endorsement-issuance-date-only', 'Attack: a VC 2.0 badge embedding a VC 2.0 ' +
    'endorsement (credentials/v2 context, issuanceDate defined in a context of its own) that ' +
    'carries only issuanceDate: the VC 1.1 reading ' +
    'applies only under the credentials/v1 context, so its missing validFrom is refused.',
  await badge(vc2Base, inAchievement(vc2WithV1Date), jcsSign()), format],
  ['vc2-embedded-vc11-endorsement', 'A VC 2.0 badge embedding a VC 1.1 endorsement ' +
    '(eddsa-jcs-2022): the endorsement is read as VC 1.1 by its own context, verified.',
  await badge(vc2Base, inAchievement(vc11ByJcs), jcsSign()), verified],
  ['vc11-embedded-vc2-endorsement', 'A VC 1.1 badge embedding a VC 2.0 endorsement ' +
    '(validFrom, eddsa-jcs-2022): the endorsement is read as VC 2.0 by its own context, ' +
    'verified.', await badge(vc11Base, inAchievement(vc2ByJcs), jcsSign()), verified],
];

for(const [name, description, credential, expected] of cases) {
  const value = {
    description, expected, now: NOW, credential, didDocuments, resources: {},
    source: {generator: 'tests/reference/stack/generate-vc11-embedded.mjs', library: LIBRARIES},
  };
  value.stack = (await verifyCase(value)).verdict;
  writeCase(name, value);
}
console.log(`wrote ${cases.length} cases`);
