// Byte-for-byte reproduction of the W3C eddsa-rdfc-2022 vectors and the 1EdTech OB 3.0 vector;
// the W3C Ed25519Signature2020 and ecdsa-rdfc-2019 (P-256, P-384) vectors verify.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {computeHashData, verifyProof} from '../src/proof.js';
import {decodeEd25519Multikey, decodeMultikey, multibaseDecode, toHex} from '../src/multibase.js';
import {decompress} from '../src/ecdsa.js';
import {verifyEd25519} from '../src/ed25519.js';
import {hexToBytes, readRefJson, readRefText} from './helpers.js';

const W3C = 'test-vectors/eddsa-rdfc-2022/';
const OB = 'test-vectors/ob-v3p0-eddsa-rdfc-2022/';

test('W3C eddsa-rdfc-2022 vector: canonical forms, hashes, signature', async () => {
  const signed = readRefJson(`${W3C}signedDataInt.json`);
  const unsigned = readRefJson('test-vectors/unsigned.json');
  const {proof} = signed;
  const {proofValue, ...options} = proof;
  const result = await computeHashData(unsigned, options);
  assert.equal(result.canonicalDocument, readRefText(`${W3C}canonDocDataInt.txt`));
  assert.equal(result.canonicalProofConfig, readRefText(`${W3C}proofCanonDataInt.txt`));
  assert.equal(toHex(result.documentHash), readRefText(`${W3C}docHashDataInt.txt`).trim());
  assert.equal(toHex(result.proofHash), readRefText(`${W3C}proofHashDataInt.txt`).trim());
  assert.equal(toHex(result.hashData), readRefText(`${W3C}combinedHashDataInt.txt`).trim());
  assert.equal(proofValue, readRefText(`${W3C}sigBTC58DataInt.txt`).trim());
  assert.equal(toHex(multibaseDecode(proofValue)), readRefText(`${W3C}sigHexDataInt.txt`).trim());

  const publicKey = decodeEd25519Multikey(readRefJson('test-vectors/keyPair.json').publicKeyMultibase);
  assert.equal(await verifyProof(signed, proof, publicKey), true);
});

test('W3C vector: the proof config file equals the config we canonicalise', async () => {
  const config = readRefJson(`${W3C}proofConfigDataInt.json`);
  const unsigned = readRefJson('test-vectors/unsigned.json');
  assert.deepEqual(config['@context'], unsigned['@context']);
  const {proofValue, ...options} = readRefJson(`${W3C}signedDataInt.json`).proof;
  assert.deepEqual({...options, '@context': unsigned['@context']}, config);
});

test('1EdTech OB 3.0 vector: canonical forms, hashes, proofValue verifies', async () => {
  const signed = readRefJson(`${OB}signed.json`);
  const unsigned = readRefJson(`${OB}unsigned.json`);
  const options = readRefJson(`${OB}proofOptions.json`);
  const result = await computeHashData(unsigned, options);
  assert.equal(result.canonicalDocument, readRefText(`${OB}document-canon.txt`));
  assert.equal(result.canonicalProofConfig, readRefText(`${OB}proof-canon.txt`));
  assert.equal(toHex(result.documentHash), readRefText(`${OB}documentHash.txt`).trim());
  assert.equal(toHex(result.proofHash), readRefText(`${OB}proofHash.txt`).trim());
  assert.equal(toHex(result.hashData), readRefText(`${OB}dataToSign.txt`).trim());
  assert.equal(signed.proof.proofValue, readRefText(`${OB}proofValue.txt`).trim());
  assert.equal(toHex(multibaseDecode(signed.proof.proofValue)), readRefText(`${OB}signatureHex.txt`).trim().toLowerCase());

  const keys = readRefJson(`${OB}keyPair.json`);
  const publicKey = decodeEd25519Multikey(keys.publicKeyMultibase);
  assert.equal(toHex(publicKey), keys.publicKeyHex);
  assert.equal(await verifyProof(signed, signed.proof, publicKey), true);
});

test('Ed25519: WebCrypto and the @noble/ed25519 fallback agree', async () => {
  const keys = readRefJson(`${OB}keyPair.json`);
  const publicKey = hexToBytes(keys.publicKeyHex);
  const message = hexToBytes(readRefText(`${OB}dataToSign.txt`));
  const signature = hexToBytes(readRefText(`${OB}signatureHex.txt`));
  for(const engine of ['webcrypto', 'noble', 'auto']) {
    assert.equal(await verifyEd25519(publicKey, message, signature, {engine}), true, engine);
    const bad = signature.slice();
    bad[0] ^= 1;
    assert.equal(await verifyEd25519(publicKey, message, bad, {engine}), false, engine);
  }
});

test('W3C Ed25519Signature2020 vector verifies, and not once changed', async () => {
  const signed = readRefJson('test-vectors/ed25519-signature-2020/signedEdSig.json');
  const publicKey = decodeMultikey(readRefJson('test-vectors/keyPair.json').publicKeyMultibase);
  assert.equal(await verifyProof(signed, signed.proof, publicKey), true);
  const changed = {...signed, credentialSubject: {...signed.credentialSubject, id: 'x:y'}};
  assert.equal(await verifyProof(changed, signed.proof, publicKey), false);
});

for(const curve of ['P256', 'P384']) {
  test(`W3C ecdsa-rdfc-2019 ${curve} vector: hash data and signature (WebCrypto)`, async () => {
    const signed = readRefJson(`test-vectors/ecdsa-rdfc-2019/signedECDSA${curve}.json`);
    const publicKey = decodeMultikey(readRefJson(`test-vectors/ecdsa-rdfc-2019/${curve.toLowerCase()}KeyPair.json`).publicKeyMultibase);
    const {hashData} = await computeHashData(signed, signed.proof, {hash: curve === 'P256' ? 'SHA-256' : 'SHA-384'});
    assert.equal(toHex(hashData), readRefText(`test-vectors/ecdsa-rdfc-2019/combinedHashECDSA${curve}.txt`).trim());
    assert.equal(await verifyProof(signed, signed.proof, publicKey), true);
    assert.equal(await verifyProof({...signed, name: 'Another'}, signed.proof, publicKey), false);
  });
}

test('a point with a bad prefix is refused, and an ecdsa proof needs an ECDSA key', async () => {
  const point = decodeMultikey(readRefJson('test-vectors/ecdsa-rdfc-2019/p256KeyPair.json').publicKeyMultibase);
  assert.ok(decompress(point, 'P-256'));
  assert.equal(decompress(Uint8Array.of(5, ...point.subarray(1)), 'P-256'), null);
  const signed = readRefJson('test-vectors/ecdsa-rdfc-2019/signedECDSAP256.json');
  const ed = decodeMultikey(readRefJson('test-vectors/keyPair.json').publicKeyMultibase);
  await assert.rejects(verifyProof(signed, signed.proof, ed), /needs a P-256 or P-384 key, not Ed25519/);
});
