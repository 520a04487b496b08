// ECDSA verification (P-256, P-384) through the platform's WebCrypto, for ecdsa-rdfc-2019
// proofs. Multikey holds compressed points, which WebCrypto's "raw" import does not take
// everywhere, so the point is decompressed here (y² = x³ − 3x + b; both primes are 3 mod 4,
// so y = (y²)^((p+1)/4) mod p).

const CURVES = {
  'P-256': {
    size: 32, hash: 'SHA-256',
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    size: 48, hash: 'SHA-384',
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
};

/** The curve of a raw public key from decodeMultikey, told apart by its length. */
export function curveOf(publicKey) {
  return {32: 'Ed25519', 33: 'P-256', 49: 'P-384'}[publicKey.length] || null;
}

/** The hash ecdsa-rdfc-2019 uses with a key: SHA-384 for P-384, else SHA-256. */
export function hashFor(publicKey) {
  return curveOf(publicKey) === 'P-384' ? 'SHA-384' : 'SHA-256';
}

function modPow(base, exponent, modulus) {
  let result = 1n;
  let b = base % modulus;
  for(let e = exponent; e > 0n; e >>= 1n) {
    if(e & 1n) {
      result = result * b % modulus;
    }
    b = b * b % modulus;
  }
  return result;
}

function toBigInt(bytes) {
  return bytes.reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
}

function toBytes(n, size) {
  const out = new Uint8Array(size);
  for(let i = size - 1; i >= 0; i--, n >>= 8n) {
    out[i] = Number(n & 0xffn);
  }
  return out;
}

/** The uncompressed point (0x04 ‖ x ‖ y) of a compressed one, or null if it is no point. */
export function decompress(point, curveName) {
  const {size, p, b} = CURVES[curveName];
  if(point.length !== size + 1 || (point[0] !== 2 && point[0] !== 3)) {
    return null;
  }
  const x = toBigInt(point.subarray(1));
  if(x >= p) {
    return null;
  }
  const rhs = ((x * x % p) * x - 3n * x + b) % p;
  const square = (rhs + p) % p;
  let y = modPow(square, (p + 1n) / 4n, p);
  if(y * y % p !== square) {
    return null;
  }
  if(Number(y & 1n) !== (point[0] & 1)) {
    y = p - y;
  }
  const out = new Uint8Array(1 + 2 * size);
  out[0] = 4;
  out.set(toBytes(x, size), 1);
  out.set(toBytes(y, size), 1 + size);
  return out;
}

/**
 * Verifies an ECDSA signature (r ‖ s, as Data Integrity writes it) over `data` with the
 * curve's hash.
 *
 * @param {Uint8Array} publicKey a compressed P-256 or P-384 point.
 * @returns {Promise<boolean>}
 */
export async function verifyEcdsa(publicKey, data, signature) {
  const curveName = curveOf(publicKey);
  const curve = CURVES[curveName];
  if(!curve || signature.length !== 2 * curve.size) {
    return false;
  }
  const point = decompress(publicKey, curveName);
  if(!point) {
    return false;
  }
  const key = await crypto.subtle.importKey('raw', point, {name: 'ECDSA', namedCurve: curveName}, false, ['verify']);
  return crypto.subtle.verify({name: 'ECDSA', hash: curve.hash}, key, signature, data);
}
