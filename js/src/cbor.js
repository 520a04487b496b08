// A strict decoder for the CBOR (RFC 8949) subset ecdsa-sd-2023 proof values use, with the
// rules of Python's badgepress.crypto.cbor: unsigned integers, byte strings, arrays, maps
// with unsigned-integer keys and tags; definite and shortest lengths only, no duplicate map
// keys, no trailing bytes, at most MAX_DEPTH levels and MAX_ITEMS items.

export const MAX_DEPTH = 4;
export const MAX_ITEMS = 4096;
const MINIMUM = {24: 24, 25: 0x100, 26: 0x10000, 27: 0x100000000};

/** The bytes are not CBOR of the subset read here. */
export class CborError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CborError';
  }
}

/**
 * Decodes one CBOR value: number, Uint8Array, array, Map (number keys), or {tag, value}.
 *
 * @param {Uint8Array} data
 * @throws {CborError} malformed, outside the subset, too deep or too many items.
 */
export function decodeCbor(data) {
  let pos = 0;
  let items = 0;
  const take = size => {
    if(size > data.length - pos) {
      throw new CborError('the CBOR value ends early');
    }
    pos += size;
    return data.subarray(pos - size, pos);
  };
  const head = () => {
    const initial = take(1)[0];
    const major = initial >> 5;
    const info = initial & 0x1f;
    if(info < 24) {
      return [major, info];
    }
    if(info > 27) {
      throw new CborError(`CBOR additional information ${info} (indefinite length or reserved) is not allowed`);
    }
    const value = take(1 << (info - 24)).reduce((n, byte) => n * 256 + byte, 0);
    if(value < MINIMUM[info]) {
      throw new CborError('a CBOR length or integer is not in its shortest form');
    }
    return [major, value];
  };
  const item = depth => {
    items += 1;
    if(items > MAX_ITEMS) {
      throw new CborError(`the CBOR value has more than ${MAX_ITEMS} items`);
    }
    const [major, value] = head();
    if(major === 0) {
      return value;
    }
    if(major === 2) {
      return take(value);
    }
    if(major !== 4 && major !== 5 && major !== 6) {
      throw new CborError(`CBOR major type ${major} is not used in this proof value`);
    }
    if(depth >= MAX_DEPTH) {
      throw new CborError(`the CBOR value nests deeper than ${MAX_DEPTH} levels`);
    }
    if(major === 6) {
      return {tag: value, value: item(depth + 1)};
    }
    if(value > MAX_ITEMS) {
      throw new CborError(`a CBOR array or map of ${value} items is too large`);
    }
    if(major === 4) {
      return Array.from({length: value}, () => item(depth + 1));
    }
    const map = new Map();
    for(let i = 0; i < value; i++) {
      const key = item(depth + 1);
      if(typeof key !== 'number') {
        throw new CborError('a CBOR map key is not an unsigned integer');
      }
      if(map.has(key)) {
        throw new CborError(`the CBOR map key ${key} appears twice`);
      }
      map.set(key, item(depth + 1));
    }
    return map;
  };
  const value = item(0);
  if(pos !== data.length) {
    throw new CborError(`${data.length - pos} trailing bytes after the CBOR value`);
  }
  return value;
}
