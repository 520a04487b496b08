// TrueType (glyf) fonts for the certificate PDF: read what layout needs (glyph of a
// character, advance width, vertical metrics) and write a subset holding only the glyphs a
// certificate uses, renumbered from 1 (glyph 0 stays .notdef). Composite glyphs bring their
// components; their component indices are rewritten. The subset keeps the hinting tables
// (cvt, fpgm, prep) the glyph programs may call; it has no cmap, which a PDF CIDFontType2
// with an identity CIDToGIDMap does not read.
const KEPT_TABLES = ['cvt ', 'fpgm', 'prep'];
const ARG_WORDS = 0x0001;
const HAVE_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const HAVE_XY_SCALE = 0x0040;
const HAVE_TWO_BY_TWO = 0x0080;

function fail(message) {
  throw new Error(`font: ${message}`);
}

function tables(view) {
  const out = new Map();
  const count = view.getUint16(4);
  for(let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + at, 4));
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if(offset + length > view.byteLength) {
      fail(`table ${tag} lies outside the file`);
    }
    out.set(tag, {offset, length});
  }
  for(const tag of ['head', 'hhea', 'maxp', 'hmtx', 'loca', 'glyf', 'cmap']) {
    if(!out.has(tag)) {
      fail(`no ${tag} table (only TrueType outlines are supported)`);
    }
  }
  return out;
}

/** Character -> glyph lookup from a format 4 or format 12 Unicode cmap subtable. */
function readCmap(view, start) {
  const count = view.getUint16(start + 2);
  let best = null;
  for(let i = 0; i < count; i++) {
    const platform = view.getUint16(start + 4 + 8 * i);
    const encoding = view.getUint16(start + 6 + 8 * i);
    const at = start + view.getUint32(start + 8 + 8 * i);
    const format = view.getUint16(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if(unicode && (format === 12 || (format === 4 && !best))) {
      best = {format, at};
    }
  }
  if(!best) {
    fail('no Unicode cmap');
  }
  const map = new Map();
  const {format, at} = best;
  if(format === 12) {
    const groups = view.getUint32(at + 12);
    for(let g = 0; g < groups; g++) {
      const first = view.getUint32(at + 16 + 12 * g);
      const last = view.getUint32(at + 20 + 12 * g);
      const glyph = view.getUint32(at + 24 + 12 * g);
      for(let c = first; c <= last && c - first < 0x10000; c++) {
        map.set(c, glyph + c - first);
      }
    }
    return map;
  }
  const segments = view.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const ranges = deltas + 2 * segments;
  for(let s = 0; s < segments; s++) {
    const end = view.getUint16(ends + 2 * s);
    const first = view.getUint16(starts + 2 * s);
    const delta = view.getInt16(deltas + 2 * s);
    const range = view.getUint16(ranges + 2 * s);
    for(let c = first; c <= end && c !== 0xffff; c++) {
      let glyph;
      if(range === 0) {
        glyph = (c + delta) & 0xffff;
      } else {
        const index = ranges + 2 * s + range + 2 * (c - first);
        glyph = view.getUint16(index);
        glyph = glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      if(glyph) {
        map.set(c, glyph);
      }
    }
  }
  return map;
}

/** A parsed TrueType font: ``glyph(codePoint)``, ``advance(glyph)`` in 1/1000 em, and
 * ``subset(glyphs)``. */
export class TrueTypeFont {
  constructor(bytes) {
    // A plain Uint8Array view (a Node Buffer's slice() would share memory, not copy).
    const source = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    this.bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    if(view.byteLength < 12 || ![0x00010000, 0x74727565].includes(view.getUint32(0))) {
      fail('not a TrueType file');
    }
    this.view = view;
    this.tables = tables(view);
    const head = this.tables.get('head').offset;
    const hhea = this.tables.get('hhea').offset;
    this.unitsPerEm = view.getUint16(head + 18);
    this.longLoca = view.getInt16(head + 50) === 1;
    this.ascent = view.getInt16(hhea + 4);
    this.descent = view.getInt16(hhea + 6);
    this.metrics = view.getUint16(hhea + 34);
    this.glyphCount = view.getUint16(this.tables.get('maxp').offset + 4);
    this.cmap = readCmap(view, this.tables.get('cmap').offset);
  }

  /** The glyph of a code point, or 0 (.notdef) when the font has none. */
  glyph(codePoint) {
    return this.cmap.get(codePoint) || 0;
  }

  /** The advance width of a glyph in font units. */
  advanceUnits(glyph) {
    const hmtx = this.tables.get('hmtx').offset;
    return this.view.getUint16(hmtx + 4 * Math.min(glyph, this.metrics - 1));
  }

  /** The advance width of a glyph in thousandths of the font size (PDF glyph space). */
  advance(glyph) {
    return Math.round(this.advanceUnits(glyph) * 1000 / this.unitsPerEm);
  }

  glyphData(glyph) {
    const loca = this.tables.get('loca').offset;
    const glyf = this.tables.get('glyf').offset;
    const at = i => (this.longLoca ? this.view.getUint32(loca + 4 * i)
      : 2 * this.view.getUint16(loca + 2 * i));
    const start = at(glyph);
    const end = at(glyph + 1);
    if(end < start || glyf + end > this.view.byteLength) {
      fail(`glyph ${glyph} lies outside the file`);
    }
    return this.bytes.subarray(glyf + start, glyf + end);
  }

  /** Component glyphs of a composite glyph, with the offsets of their index fields. */
  components(data) {
    const out = [];
    if(data.length < 10 || new DataView(data.buffer, data.byteOffset).getInt16(0) >= 0) {
      return out;
    }
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let at = 10;
    for(;;) {
      const flags = view.getUint16(at);
      out.push({glyph: view.getUint16(at + 2), offset: at + 2});
      at += 4 + (flags & ARG_WORDS ? 4 : 2);
      at += flags & HAVE_SCALE ? 2 : flags & HAVE_XY_SCALE ? 4 : flags & HAVE_TWO_BY_TWO ? 8 : 0;
      if(!(flags & MORE_COMPONENTS)) {
        return out;
      }
    }
  }

  /**
   * A font file with glyph 0 and ``glyphs`` (and their components), renumbered.
   * Returns ``{bytes, newGlyph: Map(old -> new)}``.
   */
  subset(glyphs) {
    const order = [0];
    const newGlyph = new Map([[0, 0]]);
    const queue = [...glyphs];
    while(queue.length) {
      const glyph = queue.shift();
      if(newGlyph.has(glyph) || glyph >= this.glyphCount) {
        continue;
      }
      newGlyph.set(glyph, order.length);
      order.push(glyph);
      for(const part of this.components(this.glyphData(glyph))) {
        queue.push(part.glyph);
      }
    }
    const pieces = order.map(glyph => {
      const data = this.glyphData(glyph).slice();
      const view = new DataView(data.buffer);
      for(const part of this.components(data)) {
        view.setUint16(part.offset, newGlyph.get(part.glyph) ?? 0);
      }
      return data;
    });
    const padded = pieces.map(p => p.length + (4 - (p.length % 4)) % 4);
    const glyf = new Uint8Array(padded.reduce((a, b) => a + b, 0));
    const loca = new DataView(new ArrayBuffer(4 * (order.length + 1)));
    let offset = 0;
    pieces.forEach((piece, i) => {
      loca.setUint32(4 * i, offset);
      glyf.set(piece, offset);
      offset += padded[i];
    });
    loca.setUint32(4 * order.length, offset);
    const hmtx = new DataView(new ArrayBuffer(4 * order.length));
    const lsb = this.tables.get('hmtx').offset;
    order.forEach((glyph, i) => {
      hmtx.setUint16(4 * i, this.advanceUnits(glyph));
      const side = glyph < this.metrics ? lsb + 4 * glyph + 2
        : lsb + 4 * this.metrics + 2 * (glyph - this.metrics);
      hmtx.setInt16(4 * i + 2, this.view.getInt16(side));
    });
    const copy = tag => this.bytes.slice(this.tables.get(tag).offset,
      this.tables.get(tag).offset + this.tables.get(tag).length);
    const head = copy('head');
    new DataView(head.buffer).setUint32(8, 0); // checkSumAdjustment: set below
    new DataView(head.buffer).setInt16(50, 1); // long loca offsets
    const hhea = copy('hhea');
    new DataView(hhea.buffer).setUint16(34, order.length);
    const maxp = copy('maxp');
    new DataView(maxp.buffer).setUint16(4, order.length);
    const post = new Uint8Array(32);
    new DataView(post.buffer).setUint32(0, 0x00030000); // format 3: no glyph names
    const out = {head, hhea, maxp, hmtx: new Uint8Array(hmtx.buffer),
      loca: new Uint8Array(loca.buffer), glyf, post};
    for(const tag of KEPT_TABLES) {
      if(this.tables.has(tag)) {
        out[tag] = copy(tag);
      }
    }
    return {bytes: writeFont(out), newGlyph};
  }
}

function checksum(bytes) {
  const padded = new Uint8Array(bytes.length + (4 - (bytes.length % 4)) % 4);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for(let i = 0; i < padded.length; i += 4) {
    sum = (sum + view.getUint32(i)) >>> 0;
  }
  return sum;
}

function writeFont(tablesByTag) {
  const tags = Object.keys(tablesByTag).sort();
  const count = tags.length;
  const power = 2 ** Math.floor(Math.log2(count));
  let offset = 12 + 16 * count;
  const size = tags.reduce((total, tag) =>
    total + tablesByTag[tag].length + (4 - (tablesByTag[tag].length % 4)) % 4, offset);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, count);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, count * 16 - power * 16);
  let headAt = 0;
  tags.forEach((tag, i) => {
    const table = tablesByTag[tag];
    const at = 12 + 16 * i;
    for(let k = 0; k < 4; k++) {
      view.setUint8(at + k, tag.charCodeAt(k));
    }
    view.setUint32(at + 4, checksum(table));
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, table.length);
    bytes.set(table, offset);
    if(tag === 'head') {
      headAt = offset;
    }
    offset += table.length + (4 - (table.length % 4)) % 4;
  });
  view.setUint32(headAt + 8, (0xb1b0afba - checksum(bytes)) >>> 0);
  return bytes;
}
