// The reference stack for ecdsa-sd-2023 (Digital Bazaar's libraries, test-only): a document
// loader over badgepress's bundled contexts (read from its manifest, never fetched), did:key
// (P-256, P-384) and the did:web documents of a case; issue, derive and verify.
import {readFileSync} from 'node:fs';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as ecdsaSd2023 from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as vc from '@digitalbazaar/vc';

const CONTEXTS = new URL('../../../src/badgepress/jsonld/contexts/', import.meta.url);
const bundled = new Map(JSON.parse(readFileSync(new URL('manifest.json', CONTEXTS), 'utf8'))
  .map(({url, file}) => [url, JSON.parse(readFileSync(new URL(file, CONTEXTS), 'utf8'))]));

/** The DID document of a did:key with a P-256 or P-384 Multikey. */
export function didKeyDocument(did) {
  const key = did.slice('did:key:'.length);
  const id = `${did}#${key}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{id, type: 'Multikey', controller: did, publicKeyMultibase: key}],
    assertionMethod: [id],
  };
}

/** A jsonld document loader that knows only the bundled contexts and the given DIDs. */
export function documentLoader(didDocuments = {}) {
  return async url => {
    if(bundled.has(url)) {
      return {contextUrl: null, documentUrl: url, document: bundled.get(url)};
    }
    const [did] = url.split('#');
    const doc = didDocuments[did] || (did.startsWith('did:key:') ? didKeyDocument(did) : null);
    if(!doc) {
      throw new Error(`reference stack: ${url} is not known offline`);
    }
    const method = url.includes('#') ? doc.verificationMethod.find(m => m.id === url) : null;
    const document = method ?
      {'@context': 'https://w3id.org/security/multikey/v1', ...method} : doc;
    return {contextUrl: null, documentUrl: url, document};
  };
}

/** A P-256 key pair from published test key material, named by `controller`. */
export async function keyPair({publicKeyMultibase, secretKeyMultibase}, controller) {
  return EcdsaMultikey.from({
    '@context': 'https://w3id.org/security/multikey/v1', type: 'Multikey',
    id: `${controller}#${controller.startsWith('did:key:') ? publicKeyMultibase : 'key-1'}`,
    controller, publicKeyMultibase, secretKeyMultibase,
  });
}

/** Issue `credential` with an ecdsa-sd-2023 base proof. */
export async function issueBase(credential, pair, mandatoryPointers, {date, didDocuments} = {}) {
  const suite = new DataIntegrityProof({
    signer: pair.signer(), date,
    cryptosuite: ecdsaSd2023.createSignCryptosuite({mandatoryPointers}),
  });
  return vc.issue({credential, suite, documentLoader: documentLoader(didDocuments)});
}

/** Derive a disclosure of `selectivePointers` (plus the mandatory ones) from a base proof. */
export async function derive(verifiableCredential, selectivePointers, {didDocuments} = {}) {
  const suite = new DataIntegrityProof({
    cryptosuite: ecdsaSd2023.createDiscloseCryptosuite({selectivePointers}),
  });
  return vc.derive({verifiableCredential, suite, documentLoader: documentLoader(didDocuments)});
}

/** Whether the reference stack verifies a derived credential (its signature and purpose). */
export async function verifies(credential, {didDocuments, now} = {}) {
  const suite = new DataIntegrityProof({cryptosuite: ecdsaSd2023.createVerifyCryptosuite()});
  const result = await vc.verifyCredential({
    credential, suite, documentLoader: documentLoader(didDocuments),
    now: now ? new Date(now) : undefined, checkStatus: undefined,
  });
  return result.verified === true;
}
