// Verification of ecdsa-sd-2023 derived proofs (W3C vc-di-ecdsa §3.4-3.5), as Python's
// badgepress.crypto.sd: parse the derived proofValue ("u" + base64url of CBOR tag 0x5d01 of
// [baseSignature, publicKey, signatures, labelMap, mandatoryIndexes]), rename the canonical
// blank nodes with the label map, sort the statements, then check the base signature (issuer's
// P-256 key) over proofHash ‖ publicKey ‖ SHA-256(mandatory statements) and one signature per
// other statement with the ephemeral P-256 key, through WebCrypto. A base proof (tag 0x5d00)
// is the holder's, not a disclosure: it is refused.
import {CborError, decodeCbor} from './cbor.js';
import {verifyEcdsa} from './ecdsa.js';
import {sha256} from './hash.js';
import {base64urlDecode} from './multibase.js';

export const ECDSA_SD = 'ecdsa-sd-2023';
const DERIVED_TAG = 0x5d01;
const TERM = /<[^>]*>|_:[A-Za-z0-9_.-]+|"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?/y;
const encoder = new TextEncoder();

/** A derived proof that cannot be verified, and why. */
export class SdProofError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SdProofError';
  }
}

function base64urlEncode(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const isBytes = (value, size) => value instanceof Uint8Array && value.length === size;

/**
 * Reads a derived ecdsa-sd-2023 proofValue.
 *
 * @returns {{baseSignature: Uint8Array, publicKey: Uint8Array, signatures: Uint8Array[],
 *   labels: Map<string, string>, mandatoryIndexes: number[]}}
 * @throws {SdProofError}
 */
export function parseDerived(proofValue) {
  if(typeof proofValue !== 'string' || !/^u[A-Za-z0-9_-]*$/.test(proofValue)) {
    throw new SdProofError("an ecdsa-sd-2023 proofValue must be base64url multibase ('u…')");
  }
  let data;
  try {
    data = base64urlDecode(proofValue.slice(1));
  } catch {
    data = new Uint8Array(0);
  }
  if(base64urlEncode(data) !== proofValue.slice(1)) {
    throw new SdProofError('the ecdsa-sd-2023 proofValue is not canonical base64url');
  }
  if(data[0] === 0xd9 && data[1] === 0x5d && data[2] === 0x00) {
    throw new SdProofError('this is an ecdsa-sd-2023 base proof, which is meant for the holder, not a disclosure to verify');
  }
  let value;
  try {
    value = decodeCbor(data);
  } catch(error) {
    if(error instanceof CborError) {
      throw new SdProofError(`the ecdsa-sd-2023 proofValue is malformed: ${error.message}`);
    }
    throw error;
  }
  if(!(value && value.tag === DERIVED_TAG && Array.isArray(value.value) && value.value.length === 5)) {
    throw new SdProofError('the ecdsa-sd-2023 proofValue is not a derived proof (CBOR tag 0x5d01 of five items)');
  }
  const [baseSignature, publicKey, signatures, labelMap, mandatoryIndexes] = value.value;
  if(!isBytes(baseSignature, 64)) {
    throw new SdProofError('the base signature is not a 64-byte P-256 signature');
  }
  if(!isBytes(publicKey, 35) || publicKey[0] !== 0x80 || publicKey[1] !== 0x24) {
    throw new SdProofError("the proof's ephemeral key is not a P-256 Multikey");
  }
  if(!Array.isArray(signatures) || !signatures.every(s => isBytes(s, 64))) {
    throw new SdProofError('the statement signatures are not 64-byte P-256 signatures');
  }
  if(!Array.isArray(mandatoryIndexes) || !mandatoryIndexes.every((n, i) => typeof n === 'number' && (i === 0 || mandatoryIndexes[i - 1] < n))) {
    throw new SdProofError('mandatoryIndexes must be increasing statement numbers');
  }
  if(!(labelMap instanceof Map) || ![...labelMap.values()].every(v => isBytes(v, 32))) {
    throw new SdProofError('the label map must map blank node numbers to 32-byte labels');
  }
  const labels = new Map([...labelMap].map(([key, label]) => [`c14n${key}`, `u${base64urlEncode(label)}`]));
  if(new Set(labels.values()).size !== labels.size) {
    throw new SdProofError('the label map gives two blank nodes the same label (it would merge them)');
  }
  return {baseSignature, publicKey, signatures, labels, mandatoryIndexes};
}

function relabelLine(line, labels, used) {
  const terms = [];
  let pos = 0;
  for(;;) {
    TERM.lastIndex = pos;
    const match = TERM.exec(line);
    if(!match) {
      break;
    }
    let term = match[0];
    if(term.startsWith('_:')) {
      if(!labels.has(term.slice(2))) {
        throw new SdProofError(`the label map does not name blank node ${term}`);
      }
      used.add(term.slice(2));
      term = `_:${labels.get(term.slice(2))}`;
    }
    terms.push(term);
    pos = TERM.lastIndex + 1;
    if(line[TERM.lastIndex] !== ' ') {
      break;
    }
  }
  if(line.slice(pos) !== '.' || terms.length < 3 || terms.length > 4) {
    throw new SdProofError('the canonical form has a statement this verifier cannot read');
  }
  return `${terms.join(' ')} .\n`;
}

/** The statements of canonical N-Quads with blank nodes renamed by `labels`, sorted. */
export function relabel(canonical, labels) {
  const used = new Set();
  const lines = canonical.split('\n');
  if(lines[lines.length - 1] === '') {
    lines.pop();
  }
  const statements = lines.map(line => relabelLine(line, labels, used));
  if(used.size !== labels.size) {
    throw new SdProofError('the label map names blank nodes the disclosed credential does not have');
  }
  return statements.sort();
}

/**
 * Checks the base signature and each statement's signature; resolves to true, false when the
 * base signature does not match.
 *
 * @throws {SdProofError} counts or indexes that do not fit, or a statement signature that fails.
 */
export async function verifyStatements(statements, proofHash, derived, issuerKey) {
  const {mandatoryIndexes, signatures, publicKey} = derived;
  const last = mandatoryIndexes[mandatoryIndexes.length - 1];
  if(last !== undefined && last >= statements.length) {
    throw new SdProofError(`mandatoryIndexes names statement ${last}, but the disclosed credential has ${statements.length}`);
  }
  const chosen = new Set(mandatoryIndexes);
  const mandatory = statements.filter((_, i) => chosen.has(i)).join('');
  const optional = statements.filter((_, i) => !chosen.has(i));
  const mandatoryHash = await sha256(mandatory);
  const signed = new Uint8Array(proofHash.length + publicKey.length + mandatoryHash.length);
  signed.set(proofHash, 0);
  signed.set(publicKey, proofHash.length);
  signed.set(mandatoryHash, proofHash.length + publicKey.length);
  if(!await verifyEcdsa(issuerKey, signed, derived.baseSignature)) {
    return false;
  }
  if(signatures.length !== optional.length) {
    throw new SdProofError(`the proof has ${signatures.length} statement signatures for ${optional.length} disclosed statements`);
  }
  const ephemeral = publicKey.subarray(2);
  for(let i = 0; i < optional.length; i++) {
    if(!await verifyEcdsa(ephemeral, encoder.encode(optional[i]), signatures[i])) {
      throw new SdProofError(`disclosed statement ${i + 1} of ${optional.length} does not match its signature: a disclosed value was changed`);
    }
  }
  return true;
}
