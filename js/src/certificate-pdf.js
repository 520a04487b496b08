// The certificate as a PDF: one landscape page (A4 or Letter) in one of three designs.
// Pure: fonts, images and the QR code come in as data, so Node tests run it as the browser
// does. Text is real text (embedded, subset TrueType fonts with a ToUnicode map), so a
// reader can select, search and copy the recipient's name and the credential id.
import {PdfWriter, hexText, num} from './pdf.js';
import {visualRuns, withoutBidi} from './textrun.js';

export const PAPERS = Object.freeze({
  a4: {width: 841.89, height: 595.28, label: 'A4'},
  letter: {width: 792, height: 612, label: 'Letter'},
});
export const DESIGNS = Object.freeze(['classic', 'modern', 'minimal']);
const DEFAULT_COLOR = '#1f3a5f';
const DEFAULT_ACCENT = '#b08d3c';
const INK = [0.13, 0.13, 0.13];
const MUTED = [0.38, 0.38, 0.38];

/** ``#rrggbb`` -> ``[r, g, b]`` in 0..1; anything else gives ``fallback``. */
export function rgb(hex, fallback = DEFAULT_COLOR) {
  const match = /^#([0-9a-f]{6})$/i.exec(String(hex ?? ''));
  const value = parseInt((match ? match[1] : fallback.slice(1)), 16);
  return [(value >> 16) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255];
}

/** The fonts of one certificate: glyphs are looked up in the style's font, then in the
 * fallback (CJK), and every glyph used is remembered for the subset. */
class FontSet {
  constructor({regular, bold, fallback}) {
    this.entries = [regular, bold, fallback].filter(Boolean).map((font, i) => ({
      font, name: `F${i + 1}`, used: new Map(),
    }));
    this.regular = this.entries[0];
    this.bold = bold ? this.entries[1] : this.entries[0];
    this.fallback = fallback ? this.entries[this.entries.length - 1] : null;
  }

  /** Glyphs of a run of shaped characters: ``[{entry, glyph, text, width}]`` (width at
   * size 1000). */
  glyphs(shaped, bold) {
    const primary = bold ? this.bold : this.regular;
    return shaped.map(({cp, text}) => {
      let entry = primary;
      let glyph = primary.font.glyph(cp);
      if(!glyph && this.fallback && this.fallback.font.glyph(cp)) {
        entry = this.fallback;
        glyph = entry.font.glyph(cp);
      }
      return {entry, glyph, text, width: entry.font.advance(glyph)};
    });
  }
}

/** Lays out and draws text into a content stream. */
class Page {
  constructor(paper, fonts) {
    this.width = paper.width;
    this.height = paper.height;
    this.fonts = fonts;
    this.ops = [];
    this.images = [];
  }

  /** The runs of a line with their glyphs, and its width at ``size``. */
  measure(text, size, bold) {
    const runs = visualRuns(text).map(run => ({
      rtl: run.rtl, glyphs: this.fonts.glyphs(run.glyphs, bold),
    }));
    const units = runs.reduce((sum, run) =>
      sum + run.glyphs.reduce((s, g) => s + g.width, 0), 0);
    return {runs, width: units * size / 1000};
  }

  /** Draws one line. ``y`` from the top of the page; ``x`` is the left edge, the centre
   * or the right edge for ``align`` left, center, right. The size shrinks (down to
   * ``minSize``) until the line fits ``maxWidth``. Returns the size used. */
  line(text, {x, y, size, bold = false, color = INK, align = 'left', maxWidth = Infinity,
    minSize = size * 0.5}) {
    let used = size;
    let line = this.measure(text, used, bold);
    if(line.width > maxWidth) {
      used = Math.max(minSize, used * maxWidth / line.width);
      line = this.measure(text, used, bold);
    }
    let pen = align === 'center' ? x - line.width / 2 : align === 'right' ? x - line.width : x;
    const baseline = this.height - y;
    this.ops.push(`${color.map(num).join(' ')} rg`);
    for(const run of line.runs) {
      const runWidth = run.glyphs.reduce((s, g) => s + g.width, 0) * used / 1000;
      // A right-to-left run is drawn from its last character leftwards: glyphs go into
      // the stream in visual order, as PDF text extraction expects (it puts right-to-left
      // text back in logical order).
      let cursor = pen;
      for(const glyph of run.rtl ? [...run.glyphs].reverse() : run.glyphs) {
        glyph.entry.used.set(glyph.glyph, glyph.text);
        this.ops.push({entry: glyph.entry, glyph: glyph.glyph, size: used, x: cursor, y: baseline});
        cursor += glyph.width * used / 1000;
      }
      pen += runWidth;
    }
    return used;
  }

  /** Splits text into at most ``maxLines`` lines of ``maxWidth`` (words, or characters
   * for text without spaces); the last line ends in "…" when text is left over. */
  wrap(text, {size, bold = false, maxWidth, maxLines}) {
    const fits = candidate => this.measure(candidate, size, bold).width <= maxWidth;
    // Pieces with whether a space comes before them; a word too long for a line (or text
    // written without spaces) is cut between characters.
    const pieces = withoutBidi(text).split(/\s+/u).filter(Boolean).flatMap(word =>
      (fits(word) ? [{text: word, space: true}]
        : [...word].map((c, i) => ({text: c, space: i === 0}))));
    const lines = [];
    let current = '';
    for(const piece of pieces) {
      const joined = current && piece.space ? `${current} ${piece.text}` : current + piece.text;
      if(!current || fits(joined)) {
        current = joined;
        continue;
      }
      lines.push(current);
      current = piece.text;
    }
    if(current) {
      lines.push(current);
    }
    if(lines.length > maxLines) {
      let last = lines[maxLines - 1];
      while(last.length && !fits(`${last}…`)) {
        last = [...last].slice(0, -1).join('');
      }
      return [...lines.slice(0, maxLines - 1), `${last}…`];
    }
    return lines;
  }

  rect(x, y, w, h, color) {
    this.ops.push(`${color.map(num).join(' ')} rg ${num(x)} ${num(this.height - y - h)} ${num(w)} ${num(h)} re f`);
  }

  strokeRect(x, y, w, h, color, lineWidth) {
    this.ops.push(`${color.map(num).join(' ')} RG ${num(lineWidth)} w ${num(x)} ${num(this.height - y - h)} ${num(w)} ${num(h)} re S`);
  }

  /** Draws an image (``{width, height, rgb, alpha}``) inside a box, keeping its shape;
   * ``align`` places it in the box horizontally. */
  image(picture, {x, y, w, h, align = 'center'}) {
    if(!picture) {
      return;
    }
    const scale = Math.min(w / picture.width, h / picture.height);
    const dw = picture.width * scale;
    const dh = picture.height * scale;
    const left = align === 'left' ? x : align === 'right' ? x + w - dw : x + (w - dw) / 2;
    const name = `Im${this.images.length + 1}`;
    this.images.push({name, picture});
    this.ops.push(`q ${num(dw)} 0 0 ${num(dh)} ${num(left)} ${num(this.height - y - (h + dh) / 2)} cm /${name} Do Q`);
  }

  /** Draws the QR code (``{size, runs: [{x, y, w}]}`` in modules) as filled squares. */
  qr(code, {x, y, side}) {
    const module = side / (code.size + 8);
    const origin = [x + 4 * module, y + 4 * module];
    this.rect(x, y, side, side, [1, 1, 1]);
    const squares = code.runs.map(run => `${num(origin[0] + run.x * module)} ${num(this.height - origin[1] - (run.y + 1) * module)} ${num(run.w * module)} ${num(module)} re`);
    this.ops.push(`0 0 0 rg ${squares.join(' ')} f`);
  }

  /** The content stream, once every font's subset numbering is known. */
  content(newGlyphs) {
    let font = null;
    const out = [];
    let inText = false;
    for(const op of this.ops) {
      if(typeof op === 'string') {
        if(inText) {
          out.push('ET');
          inText = false;
          font = null;
        }
        out.push(op);
        continue;
      }
      if(!inText) {
        out.push('BT');
        inText = true;
      }
      const key = `${op.entry.name} ${num(op.size)}`;
      if(font !== key) {
        out.push(`/${key} Tf`);
        font = key;
      }
      const glyph = newGlyphs.get(op.entry).get(op.glyph);
      out.push(`1 0 0 1 ${num(op.x)} ${num(op.y)} Tm <${glyph.toString(16).padStart(4, '0')}> Tj`);
    }
    if(inText) {
      out.push('ET');
    }
    return out.join('\n');
  }
}

function dates(data) {
  return data.expires ? `Issued ${data.issued} · valid until ${data.expires}` : `Issued ${data.issued}`;
}

/** The parts every design shows, placed by ``layout`` (a design). */
function drawDesign(page, data, images, qr, design) {
  const W = page.width;
  const H = page.height;
  const color = rgb(data.color);
  const accent = rgb(data.accentColor, DEFAULT_ACCENT);
  const margin = 48;
  const centred = design !== 'modern';
  let left = margin;
  if(design === 'classic') {
    page.strokeRect(18, 18, W - 36, H - 36, color, 3);
    page.strokeRect(26, 26, W - 52, H - 52, accent, 1);
  } else if(design === 'modern') {
    page.rect(0, 0, W * 0.07, H, color);
    page.rect(W * 0.07, 0, 6, H, accent);
    left = W * 0.07 + 48;
  }
  const contentWidth = W - left - margin;
  const cx = centred ? W / 2 : left;
  const align = centred ? 'center' : 'left';
  const textWidth = centred ? W - 2 * margin - 40 : contentWidth;
  let y = 52;
  if(images.logo) {
    page.image(images.logo, {x: centred ? W / 2 - 90 : left, y, w: 180, h: 56, align: centred ? 'center' : 'left'});
    y += 68;
  }
  page.line(data.issuer, {x: cx, y: y + 14, size: 14, color: MUTED, align, maxWidth: textWidth});
  y += 44;
  page.line(data.kind.toUpperCase(), {x: cx, y: y + 20, size: 22, bold: true, color, align, maxWidth: textWidth});
  if(design === 'minimal') {
    page.rect(W / 2 - 40, y + 32, 80, 1.2, color);
  }
  y += 62;
  page.line('This certifies that', {x: cx, y, size: 13, color: MUTED, align});
  y += 46;
  page.line(data.recipient, {x: cx, y, size: 34, bold: true, align, maxWidth: textWidth, minSize: 12});
  y += 34;
  page.line('has earned', {x: cx, y, size: 13, color: MUTED, align});
  y += 34;
  page.line(data.achievement, {x: cx, y, size: 22, bold: true, color, align, maxWidth: textWidth, minSize: 11});
  y += 24;
  if(data.criteria) {
    for(const text of page.wrap(data.criteria, {size: 10.5, maxWidth: Math.min(textWidth, 560), maxLines: 2})) {
      page.line(text, {x: cx, y: y + 4, size: 10.5, color: MUTED, align});
      y += 15;
    }
  }
  page.line(dates(data), {x: cx, y: y + 22, size: 11, color: INK, align, maxWidth: textWidth});
  // Bottom band: signatory on the left, QR and the verification lines on the right.
  const qrSide = 104;
  const bottom = H - 50;
  const qrX = W - margin - qrSide - (design === 'classic' ? 8 : 0);
  page.qr(qr, {x: qrX, y: bottom - qrSide, side: qrSide});
  const proofX = qrX - 14;
  page.line(`Verify at ${data.verifyUrl}`, {x: proofX, y: bottom - 30, size: 9, color: INK, align: 'right', maxWidth: W / 2 - 40, minSize: 6});
  page.line(`Credential ID: ${data.credentialId}`, {x: proofX, y: bottom - 16, size: 7.5, color: MUTED, align: 'right', maxWidth: W / 2 - 40, minSize: 4});
  page.line('Scan the code to check this credential', {x: proofX, y: bottom - 2, size: 7.5, color: MUTED, align: 'right', maxWidth: W / 2 - 40});
  const signatory = data.signatory;
  if(signatory) {
    const sx = design === 'modern' ? left : margin + 20;
    if(images.signature) {
      page.image(images.signature, {x: sx, y: bottom - 88, w: 170, h: 48, align: 'left'});
    }
    page.rect(sx, bottom - 36, 190, 0.8, INK);
    page.line(signatory.name, {x: sx, y: bottom - 20, size: 11, bold: true, maxWidth: 240, minSize: 7});
    if(signatory.title) {
      page.line(signatory.title, {x: sx, y: bottom - 6, size: 9, color: MUTED, maxWidth: 240, minSize: 6});
    }
  }
}

function toUnicode(entries) {
  const lines = [...entries].map(([glyph, text]) =>
    `<${glyph.toString(16).padStart(4, '0')}> ${hexText(text).replace('<FEFF', '<')}`);
  const chunks = [];
  for(let i = 0; i < lines.length; i += 100) {
    const part = lines.slice(i, i + 100);
    chunks.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${chunks.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`;
}

async function writeFont(pdf, entry, index) {
  const {font, used} = entry;
  const {bytes, newGlyph} = font.subset([...used.keys()].sort((a, b) => a - b));
  const renumbered = new Map([...used].map(([glyph, text]) => [newGlyph.get(glyph), text]));
  const file = await pdf.addStream(bytes, `/Length1 ${bytes.length}`);
  const name = `/BPSUB${String.fromCharCode(65 + index)}+Font${index + 1}`;
  const scale = 1000 / font.unitsPerEm;
  const descriptor = pdf.add(`<< /Type /FontDescriptor /FontName ${name} /Flags 32 /FontBBox [-1000 ${Math.round(font.descent * scale)} 2000 ${Math.round(font.ascent * scale)}] /ItalicAngle 0 /Ascent ${Math.round(font.ascent * scale)} /Descent ${Math.round(font.descent * scale)} /CapHeight ${Math.round(font.ascent * scale * 0.7)} /StemV 80 /FontFile2 ${file} 0 R >>`);
  const widths = [...newGlyph].sort((a, b) => a[1] - b[1]).map(([old]) => font.advance(old));
  const cid = pdf.add(`<< /Type /Font /Subtype /CIDFontType2 /BaseFont ${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /CIDToGIDMap /Identity /W [0 [${widths.join(' ')}]] >>`);
  const unicode = await pdf.addStream(toUnicode(renumbered));
  const type0 = pdf.add(`<< /Type /Font /Subtype /Type0 /BaseFont ${name} /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${unicode} 0 R >>`);
  return {type0, newGlyph};
}

async function writeImage(pdf, picture) {
  const mask = picture.alpha
    ? await pdf.addStream(picture.alpha, `/Type /XObject /Subtype /Image /Width ${picture.width} /Height ${picture.height} /ColorSpace /DeviceGray /BitsPerComponent 8`)
    : null;
  return pdf.addStream(picture.rgb, `/Type /XObject /Subtype /Image /Width ${picture.width} /Height ${picture.height} /ColorSpace /DeviceRGB /BitsPerComponent 8${mask ? ` /SMask ${mask} 0 R` : ''}`);
}

/**
 * The certificate PDF.
 *
 * @param {object} data what the page's certificate data says (recipient, achievement,
 *   issuer, kind, issued, expires, criteria, signatory, credentialId, verifyUrl, design,
 *   color, accentColor)
 * @param {object} options ``paper`` ('a4' or 'letter'), ``fonts`` ({regular, bold,
 *   fallback} TrueTypeFont), ``images`` ({logo, signature} decoded pictures or null),
 *   ``qr`` ({size, runs})
 * @returns {Promise<Uint8Array>}
 */
export async function certificatePdf(data, {paper, fonts, images = {}, qr}) {
  const size = PAPERS[paper];
  if(!size) {
    throw new Error(`unknown paper size ${paper}`);
  }
  const design = DESIGNS.includes(data.design) ? data.design : DESIGNS[0];
  const fontSet = new FontSet(fonts);
  const page = new Page(size, fontSet);
  drawDesign(page, data, images, qr, design);
  const pdf = new PdfWriter();
  const fontRefs = [];
  const newGlyphs = new Map();
  for(const [index, entry] of fontSet.entries.entries()) {
    if(entry.used.size) {
      const {type0, newGlyph} = await writeFont(pdf, entry, index);
      fontRefs.push(`/${entry.name} ${type0} 0 R`);
      newGlyphs.set(entry, newGlyph);
    }
  }
  const imageRefs = [];
  for(const {name, picture} of page.images) {
    imageRefs.push(`/${name} ${await writeImage(pdf, picture)} 0 R`);
  }
  const content = await pdf.addStream(page.content(newGlyphs));
  const pages = pdf.reserve();
  const pageId = pdf.add(`<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 ${num(size.width)} ${num(size.height)}] /Resources << /Font << ${fontRefs.join(' ')} >> /XObject << ${imageRefs.join(' ')} >> >> /Contents ${content} 0 R >>`);
  pdf.set(pages, `<< /Type /Pages /Kids [${pageId} 0 R] /Count 1 >>`);
  const root = pdf.add(`<< /Type /Catalog /Pages ${pages} 0 R /Lang ${hexText(data.lang || 'en')} >>`);
  const title = `${withoutBidi(data.achievement)} — ${withoutBidi(data.recipient)}`;
  const info = pdf.add(`<< /Title ${hexText(title)} /Author ${hexText(withoutBidi(data.issuer))} /Subject ${hexText(`Certificate ${data.credentialId}`)} /Creator ${hexText('badgepress')} >>`);
  return pdf.bytes(root, info);
}
