// Shared test helpers: the reference folder (beside the repository), fixture fetchers and a
// signer built from the published 1EdTech TEST key (never a real key).
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {signAsync} from '@noble/ed25519';
import {credentialTextFromFile} from '../src/baked.js';
import {didWebToUrl} from '../src/did.js';
import {parseCredentialText} from '../src/parse.js';
import {computeHashData} from '../src/proof.js';

/** The repository's tests/reference/: published test vectors and signed examples. */
export const REFERENCE = new URL('../../tests/reference/', import.meta.url);

if(!existsSync(fileURLToPath(REFERENCE))) {
  throw new Error(`reference folder missing: expected ${fileURLToPath(REFERENCE)}`);
}

export function refPath(relative) {
  return fileURLToPath(new URL(relative, REFERENCE));
}

export function readRefText(relative) {
  return readFileSync(refPath(relative), 'utf8');
}

export function readRefJson(relative) {
  return JSON.parse(readRefText(relative));
}

export function readRefBytes(relative) {
  return new Uint8Array(readFileSync(refPath(relative)));
}

export function hexToBytes(hex) {
  return Uint8Array.from(hex.trim().match(/../g), h => parseInt(h, 16));
}

/** A fetchJson over a URL -> JSON map that records every URL asked for. */
export function fixtureFetch(map) {
  const calls = [];
  const fetchJson = async (url, {final = false} = {}) => {
    calls.push(url);
    if(!Object.prototype.hasOwnProperty.call(map, url)) {
      throw new Error(`HTTP 404 for ${url}`);
    }
    const document = structuredClone(map[url]);
    return final ? {url, document} : document;
  };
  fetchJson.calls = calls;
  return fetchJson;
}

/** The 1EdTech OB 3.0 test key pair (published private key: tests only). */
const obKeys = readRefJson('test-vectors/ob-v3p0-eddsa-rdfc-2022/keyPair.json');
export const TEST_KEY = {
  publicKeyMultibase: obKeys.publicKeyMultibase,
  seed: hexToBytes(obKeys.privateKeyHex).slice(0, 32),
};

/** Signs an unsigned document with eddsa-rdfc-2022 using the test key. */
export async function signDocument(unsigned, verificationMethod, {seed = TEST_KEY.seed, created = '2024-01-01T00:00:00Z'} = {}) {
  const proof = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-rdfc-2022',
    created,
    verificationMethod,
    proofPurpose: 'assertionMethod',
  };
  const {hashData} = await computeHashData(unsigned, proof);
  const signature = await signAsync(hashData, seed);
  return {...unsigned, proof: [{...proof, proofValue: 'z' + base58btcEncode(signature)}]};
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export function base58btcEncode(bytes) {
  const digits = [];
  for(const byte of bytes) {
    let carry = byte;
    for(let j = 0; j < digits.length; j++) {
      carry += digits[j] << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while(carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let out = '';
  for(let i = 0; i < bytes.length && bytes[i] === 0; i++) {
    out += '1';
  }
  for(let i = digits.length - 1; i >= 0; i--) {
    out += ALPHABET[digits[i]];
  }
  return out;
}

/** encodedList for a 131,072-bit list with the given indexes set (MSB first). */
export function encodeStatusList(setIndexes, bits = 131072) {
  const bytes = new Uint8Array(bits / 8);
  for(const i of setIndexes) {
    bytes[i >> 3] |= 0x80 >> (i & 7);
  }
  return 'u' + Buffer.from(gzipSync(bytes)).toString('base64url');
}

/** An unsigned OB 3.0 credential issued by `issuer` (a DID). */
export function unsignedBadge(issuer, extra = {}) {
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: 'https://badges.example.org/org/credentials/alice-teamwork.json',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {id: issuer, type: ['Profile'], name: 'Example Org'},
    validFrom: '2024-01-01T00:00:00Z',
    name: 'Teamwork',
    credentialSubject: {
      type: ['AchievementSubject'],
      name: 'Alice Example',
      identifier: [{
        type: 'IdentityObject', hashed: false, identityHash: 'alice@example.org', identityType: 'emailAddress',
      }],
      achievement: {
        id: 'https://badges.example.org/org/achievements/teamwork',
        type: ['Achievement'],
        name: 'Teamwork',
        description: 'Works well with others.',
        criteria: {narrative: 'Nominated by peers.'},
      },
    },
    ...extra,
  };
}

/** A DID document listing the test key under `did`. */
export function didDocument(did, {keyId = `${did}#${TEST_KEY.publicKeyMultibase}`, publicKeyMultibase = TEST_KEY.publicKeyMultibase, assertion = true} = {}) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{id: keyId, type: 'Multikey', controller: did, publicKeyMultibase}],
    assertionMethod: assertion ? [keyId] : [],
    authentication: [keyId],
  };
}

export function checkOf(report, id) {
  return report.checks.find(c => c.id === id);
}

/** The URL -> JSON map a case's (offline) fetcher knows: DID documents and resources. */
/**
 * A case's input as the verify page reads a file (its bytes: credentialBase64 for a baked
 * image, else credentialText or the credential JSON), through the page's text loader.
 */
export function caseCredential(testCase) {
  let bytes;
  if('credentialBase64' in testCase) {
    bytes = Uint8Array.from(Buffer.from(testCase.credentialBase64, 'base64'));
  } else {
    const text = 'credentialText' in testCase ? testCase.credentialText : JSON.stringify(testCase.credential, null, 2);
    bytes = new TextEncoder().encode(text);
  }
  return parseCredentialText(credentialTextFromFile(bytes).text);
}

export function caseFetchMap(testCase) {
  const map = {...(testCase.resources || {}), ...(testCase.keySets || {})};
  for(const [did, document] of Object.entries(testCase.didDocuments || {})) {
    if(did.startsWith('did:web:')) {
      map[didWebToUrl(did)] = document;
    } else if(did.startsWith('https://')) {
      map[did] = document; // an https issuer's controller document lives at its own URL
    }
  }
  return map;
}

/**
 * The document loader of the badge page bundle (scripts/build.js): CORE_CONTEXTS bundled,
 * the others read from its context file (`served`, default the built one) beside the
 * script; `asked` lists the context file fetches.
 */
export async function badgePageLoader(served = null) {
  const {createHash} = await import('node:crypto');
  const {renderContextFile} = await import('../scripts/gen-contexts.js');
  const {CORE_CONTEXTS, CONTEXT_FILE} = await import('../scripts/build.js');
  const {BUNDLED_CONTEXTS} = await import('../src/contexts-bundled.js');
  const {createDocumentLoader} = await import('../src/loader.js');
  const file = renderContextFile(CORE_CONTEXTS);
  const asked = [];
  const fetchFn = async url => {
    asked.push(url);
    return new Response(served || file.bytes);
  };
  const core = Object.fromEntries(CORE_CONTEXTS.map(url => [url, BUNDLED_CONTEXTS[url]]));
  const description = {name: CONTEXT_FILE, urls: file.urls, base: 'https://org.example/badges/assets/badgepress-verifier.js',
    sha256: createHash('sha256').update(file.bytes).digest('hex')};
  return {loader: createDocumentLoader(core, description, fetchFn), asked, bytes: file.bytes};
}
