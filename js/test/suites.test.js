// The W3C vectors of the other suites in the browser verifier's code: ecdsa-rdfc-2019 and
// ecdsa-jcs-2019 (P-256, P-384) and eddsa-jcs-2022 reproduce their canonical forms, hashes
// and signatures; ecdsa-sd-2023 derived proof values parse into the vector's parts and their
// statements verify (the vectors' context is not bundled, so the statements come from the
// vector, as in tests/unit/test_vectors_suites.py).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {canonicalJson} from '../src/jcs.js';
import {computeHashData, computeJcsHashData, verifyProof} from '../src/proof.js';
import {parseDerived, relabel, verifyStatements} from '../src/sd.js';
import {decodeMultikey, multibaseDecode, toHex} from '../src/multibase.js';
import {hexToBytes, readRefJson, readRefText} from './helpers.js';

const VECTORS = [
  ['ecdsa-rdfc-2019', 'ECDSAP256', 'SHA-256'], ['ecdsa-rdfc-2019', 'ECDSAP384', 'SHA-384'],
  ['ecdsa-jcs-2019', 'JCSECDSAP256', 'SHA-256'], ['ecdsa-jcs-2019', 'JCSECDSAP384', 'SHA-384'],
  ['eddsa-jcs-2022', 'JCS', 'SHA-256'],
];
const methodKey = doc => decodeMultikey(doc.proof.verificationMethod.split('#')[1]);

for(const [suite, tag, hash] of VECTORS) {
  test(`W3C ${suite} ${tag} vector: canonical forms, hashes, signature`, async () => {
    const dir = `test-vectors/${suite}/`;
    const signed = readRefJson(`${dir}signed${tag}.json`);
    const result = suite.includes('jcs') ? await computeJcsHashData(signed, signed.proof, hash) :
      await computeHashData(signed, signed.proof, {hash});
    assert.equal(result.canonicalDocument, readRefText(`${dir}canonDoc${tag}.txt`));
    assert.equal(result.canonicalProofConfig, readRefText(`${dir}proofCanon${tag}.txt`));
    assert.equal(toHex(result.documentHash), readRefText(`${dir}docHash${tag}.txt`).trim());
    assert.equal(toHex(result.proofHash), readRefText(`${dir}proofHash${tag}.txt`).trim());
    assert.equal(toHex(result.hashData), readRefText(`${dir}combinedHash${tag}.txt`).trim());
    assert.equal(toHex(multibaseDecode(signed.proof.proofValue)), readRefText(`${dir}sigHex${tag}.txt`).trim());
    assert.equal(await verifyProof(signed, signed.proof, methodKey(signed)), true);
    const changed = {...signed, name: `${signed.name}!`};
    assert.equal(await verifyProof(changed, changed.proof, methodKey(changed)), false);
  });
}

for(const variant of ['prc', 'employ']) {
  test(`W3C ecdsa-sd-2023 ${variant} vector: proof value parts, relabelling, signatures`, async () => {
    const dir = `test-vectors/ecdsa-sd-2023/${variant}/`;
    const document = readRefJson(`${dir}derivedRevealDocument.json`);
    const parts = readRefJson(`${dir}verifyDerivedProofValue.json`);
    const data = readRefJson(`${dir}verifyCreateVerifyData.json`);
    const statements = readRefJson(`${dir}verifyNQuads.json`);
    const derived = parseDerived(document.proof.proofValue);
    assert.equal(toHex(derived.baseSignature), parts.baseSignature);
    assert.deepEqual(derived.signatures.map(toHex), parts.signatures);
    assert.deepEqual([...derived.labels], parts.labelMap);
    assert.deepEqual(derived.mandatoryIndexes, parts.mandatoryIndexes);
    let canonical = statements.join('');
    for(const [c14n, label] of derived.labels) {
      canonical = canonical.replaceAll(`_:${label}`, `_:${c14n}`);
    }
    assert.deepEqual(relabel(canonical, derived.labels), statements);
    const proofHash = hexToBytes(data.proofHash);
    assert.equal(await verifyStatements(statements, proofHash, derived, methodKey(document)), true);
    const changed = [...statements.slice(0, -1), statements[statements.length - 1].replace('"', "'")];
    await assert.rejects(verifyStatements(changed, proofHash, derived, methodKey(document)), /does not match/);
  });
}

test('W3C ecdsa-sd-2023 base proof is refused', () => {
  const base = readRefJson('test-vectors/ecdsa-sd-2023/prc/addSignedSDBase.json');
  assert.throws(() => parseDerived(base.proof.proofValue), /base proof, which is meant for the holder/);
});

test('relabelling leaves blank node text in literals alone', () => {
  const labels = new Map([['c14n0', 'uAAAA']]);
  assert.deepEqual(relabel('_:c14n0 <http://schema.org/name> "_:c14n0 is not a node" .\n', labels),
    ['_:uAAAA <http://schema.org/name> "_:c14n0 is not a node" .\n']);
});

test('JCS sorts members by UTF-16 code units and writes numbers as Python does', () => {
  assert.equal(canonicalJson({'\ufb33': 1, '\u{1f600}': 2, b: 3, a: [null, true, 'é\n\x01']}),
    '{"a":[null,true,"é\\n\\u0001"],"b":3,"\u{1f600}":2,"\ufb33":1}');
  assert.equal(canonicalJson([1e21, 1e20, 123.0, 1e-7, -0, 12345678901234567890]),
    '[1e+21,100000000000000000000,123,1e-7,0,12345678901234567000]');
});
