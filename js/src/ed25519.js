// Ed25519 signature verification: WebCrypto when the browser supports Ed25519, otherwise
// @noble/ed25519 (pure JS; it hashes with WebCrypto SHA-512).
import {verifyAsync as nobleVerify} from '@noble/ed25519';

let webCryptoUsable; // undefined = not probed yet

async function webCryptoVerify(publicKey, message, signature) {
  const key = await crypto.subtle.importKey('raw', publicKey, {name: 'Ed25519'}, false, ['verify']);
  return crypto.subtle.verify({name: 'Ed25519'}, key, signature, message);
}

/**
 * Verifies a pure Ed25519 (RFC 8032) signature.
 *
 * @param {Uint8Array} publicKey 32 bytes.
 * @param {Uint8Array} message the signed bytes.
 * @param {Uint8Array} signature 64 bytes.
 * @param {{engine?: 'auto'|'webcrypto'|'noble'}} [options] engine choice (tests use it).
 * @returns {Promise<boolean>}
 */
export async function verifyEd25519(publicKey, message, signature, {engine = 'auto'} = {}) {
  if(!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw new Error('Ed25519 public key must be 32 bytes');
  }
  if(!(signature instanceof Uint8Array) || signature.length !== 64) {
    return false;
  }
  if(engine === 'noble') {
    return nobleVerify(signature, message, publicKey);
  }
  if(engine === 'webcrypto' || webCryptoUsable !== false) {
    try {
      const ok = await webCryptoVerify(publicKey, message, signature);
      webCryptoUsable = true;
      return ok;
    } catch(error) {
      if(engine === 'webcrypto') {
        throw error;
      }
      // Browser without Ed25519 in WebCrypto: remember it and use the JS implementation.
      if(error && error.name === 'NotSupportedError') {
        webCryptoUsable = false;
      }
    }
  }
  try {
    return await nobleVerify(signature, message, publicKey);
  } catch {
    return false; // malformed key or signature encoding
  }
}
