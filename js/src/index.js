// Public API of the verifier (for tests and for embedding); the browser bundles are built
// from badge-page.js and verify-page.js.
export {CHECKS, verdictOf} from './checks.js';
export {verifyCredential, formatDate} from './verify.js';
export {formatProblems, issuerIdOf} from './format.js';
export {createDocumentLoader, bundledContextUrls, ContextNotBundledError} from './loader.js';
export {canonize, DataLossError} from './canonize.js';
export {computeHashData, verifyProof, selectProof, listProofs, supportedProofs, CRYPTOSUITE, ED25519_2020} from './proof.js';
export {vouchingProof} from './proofset.js';
export {verifyEd25519} from './ed25519.js';
export {base58btcDecode, base64urlDecode, multibaseDecode, decodeEd25519Multikey, toHex} from './multibase.js';
export {didWebToUrl, didWebDomain, localKeyFor, resolveVerificationMethod, keyForVerificationMethod, KeyResolutionError} from './did.js';
export {decodeStatusList, statusBit, parseStatusIndex, revocationLogUrl, checkStatus, MIN_STATUS_LIST_BITS} from './status.js';
export {extractFromPng, extractFromSvg, credentialTextFromFile, isPng} from './baked.js';
export {sha256} from './hash.js';
export {localPreview, previewUrl, previewFetch, previewNote, isLocalHostname} from './preview.js';
