// Hand-made samples of what the field cases do not hold yet (ecdsa-sd-2023, VC-JWT with each
// algorithm, VC-JOSE), made with the reference libraries themselves (fresh keys each run),
// run through verify.mjs: node samples.mjs prints [{name, expected, verdict, reason}].
// tests/integration/test_reference_stack.py asserts verdict == expected for each, so the
// harness is known to handle these inputs before other branches add such field fixtures.
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {createDiscloseCryptosuite, createSignCryptosuite} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import * as jose from 'jose';
import {caseLoader, verifyCase} from './verify.mjs';

const NOW = '2026-06-01T00:00:00Z';
const ACADEMY = 'did:web:academy.example';
const MALLORY = 'did:web:mallory.example';

function credential(issuer, extra = {}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:0b4a5e1c-9d3f-4f52-8c1e-2f7b6a1d9e30',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {id: issuer, type: ['Profile'], name: 'Example Academy'},
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Sample badge',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {id: 'https://academy.example/achievements/1', type: ['Achievement'],
        name: 'Sample', criteria: {narrative: 'Do the thing.'}},
    },
    ...extra,
  };
}

function didDocument(did, method) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1'],
    id: did, verificationMethod: [method], assertionMethod: [method.id],
  };
}

async function sdSamples(loader) {
  const keyPair = await EcdsaMultikey.generate({curve: 'P-256'});
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  const suite = new DataIntegrityProof({signer: keyPair.signer(),
    cryptosuite: createSignCryptosuite({mandatoryPointers: ['/issuer', '/validFrom']})});
  const base = await vc.issue({credential: credential(did), suite, documentLoader: loader});
  const derived = await vc.derive({verifiableCredential: base, documentLoader: loader,
    suite: new DataIntegrityProof({cryptosuite: createDiscloseCryptosuite({selectivePointers: ['/credentialSubject']})})});
  const tampered = structuredClone(derived);
  tampered.credentialSubject.achievement.name = 'Something else';
  return [
    ['ecdsa-sd-2023-derived', 'verified', {credential: derived}],
    ['ecdsa-sd-2023-base-proof-not-derived', 'not-verified', {credential: base}],
    ['ecdsa-sd-2023-derived-tampered', 'not-verified', {credential: tampered}],
  ];
}

async function jwt(payload, privateKey, header) {
  return new jose.SignJWT(payload).setProtectedHeader(header).sign(privateKey);
}

/** OB 3.0 §8.2: the credential in a `vc` claim, iss/nbf/jti/sub beside it. */
function vcClaims(document, extra = {}) {
  return {vc: document, iss: document.issuer.id, jti: document.id,
    nbf: Date.parse(document.validFrom) / 1000, ...extra};
}

async function jwtSamples() {
  const out = [];
  const pair = await jose.generateKeyPair('EdDSA', {crv: 'Ed25519', extractable: true});
  const ed = await Ed25519Multikey.fromJwk({jwk: await jose.exportJWK(pair.publicKey)});
  const edDid = `did:key:${ed.publicKeyMultibase}`;
  const edKey = pair.privateKey;
  const edCredential = credential(edDid);
  out.push(['vc-jwt-eddsa-did-key', 'verified', {credentialText: await jwt(vcClaims(edCredential), edKey,
    {alg: 'EdDSA', typ: 'JWT', kid: `${edDid}#${ed.publicKeyMultibase}`})}]);

  for(const [alg, options] of [['ES256', {}], ['RS256', {modulusLength: 2048}]]) {
    const {publicKey, privateKey} = await jose.generateKeyPair(alg, {...options, extractable: true});
    const kid = `${ACADEMY}#key-${alg}`;
    const method = {id: kid, type: 'JsonWebKey2020', controller: ACADEMY, publicKeyJwk: await jose.exportJWK(publicKey)};
    const didDocuments = {[ACADEMY]: didDocument(ACADEMY, method)};
    const document = credential(ACADEMY);
    const header = {alg, typ: 'JWT', kid};
    const token = await jwt(vcClaims(document), privateKey, header);
    out.push([`vc-jwt-${alg.toLowerCase()}-did-web-jwk`, 'verified', {credentialText: token, didDocuments}]);
    const [head, , signature] = token.split('.');
    const forged = jose.base64url.encode(JSON.stringify(vcClaims({...document, name: 'Forged'})));
    out.push([`vc-jwt-${alg.toLowerCase()}-tampered-payload`, 'not-verified',
      {credentialText: `${head}.${forged}.${signature}`, didDocuments}]);
    if(alg === 'ES256') {
      out.push(['vc-jwt-es256-expired', 'not-verified', {credentialText: await jwt(
        vcClaims(document, {exp: Date.parse('2026-03-01T00:00:00Z') / 1000}), privateKey, header), didDocuments}]);
      const vcJose = await jwt(document, privateKey, {alg, typ: 'vc+jwt', cty: 'vc', kid});
      out.push(['vc-jose-enveloped-es256', 'verified', {didDocuments, credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'EnvelopedVerifiableCredential',
        id: `data:application/vc+jwt,${vcJose}`}}]);
      const malloryKid = `${MALLORY}#key-1`;
      const malloryDocs = {...didDocuments, [MALLORY]: didDocument(MALLORY, {...method, id: malloryKid, controller: MALLORY})};
      out.push(['vc-jwt-es256-key-of-another-did', 'not-verified', {credentialText: await jwt(
        vcClaims(document), privateKey, {...header, kid: malloryKid}), didDocuments: malloryDocs}]);
    }
  }
  return out;
}

const made = [...await sdSamples(caseLoader({resources: {}, didDocuments: {}})), ...await jwtSamples()];
const results = [];
for(const [name, expected, parts] of made) {
  results.push({name, expected, ...await verifyCase({now: NOW, resources: {}, didDocuments: {}, ...parts})});
}
process.stdout.write(`${JSON.stringify(results, null, 1)}\n`);
