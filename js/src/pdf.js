// A small PDF 1.7 writer for the certificate: numbered objects, Flate streams, a
// cross-reference table. Text is never written as a PDF literal string: glyphs are hex
// glyph ids and document metadata is hex UTF-16, so no character of a name can end a
// string, start an operator or forge a trailer ("(", ")", "\", "%%EOF" are only data).
const encoder = new TextEncoder();

/** Deflate (zlib format, as PDF's FlateDecode reads it). */
export async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A PDF text string of any Unicode text: hex UTF-16BE with a byte order mark. */
export function hexText(text) {
  let hex = 'FEFF';
  for(let i = 0; i < text.length; i++) {
    hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  }
  return `<${hex}>`;
}

/** A number as PDF writes it: at most three decimals, no exponent. */
export function num(value) {
  if(!Number.isFinite(value)) {
    throw new Error(`pdf: not a number: ${value}`);
  }
  return String(Math.round(value * 1000) / 1000);
}

export class PdfWriter {
  constructor() {
    this.bodies = [null]; // object 0 is the free list head
  }

  /** Reserves an object number (for objects that refer to each other). */
  reserve() {
    this.bodies.push(null);
    return this.bodies.length - 1;
  }

  /** Sets object ``id`` to a dictionary or other PDF value written as text. */
  set(id, text) {
    this.bodies[id] = encoder.encode(text);
    return id;
  }

  /** Adds an object; returns its number. */
  add(text) {
    return this.set(this.reserve(), text);
  }

  /** Adds a Flate stream with the extra dictionary entries ``entries`` (text). */
  async addStream(bytes, entries = '', id = this.reserve()) {
    const data = await deflate(typeof bytes === 'string' ? encoder.encode(bytes) : bytes);
    const head = encoder.encode(`<< ${entries} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`);
    const tail = encoder.encode('\nendstream');
    const body = new Uint8Array(head.length + data.length + tail.length);
    body.set(head);
    body.set(data, head.length);
    body.set(tail, head.length + data.length);
    this.bodies[id] = body;
    return id;
  }

  /** The file, with ``root`` as the catalog and ``info`` as the document information. */
  bytes(root, info) {
    const parts = [encoder.encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
    let length = parts[0].length;
    const offsets = [];
    this.bodies.forEach((body, id) => {
      if(id === 0) {
        return;
      }
      if(body === null) {
        throw new Error(`pdf: object ${id} was reserved but never written`);
      }
      offsets[id] = length;
      const head = encoder.encode(`${id} 0 obj\n`);
      const tail = encoder.encode('\nendobj\n');
      parts.push(head, body, tail);
      length += head.length + body.length + tail.length;
    });
    let xref = `xref\n0 ${this.bodies.length}\n0000000000 65535 f \n`;
    for(let id = 1; id < this.bodies.length; id++) {
      xref += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
    }
    xref += `trailer\n<< /Size ${this.bodies.length} /Root ${root} 0 R /Info ${info} 0 R >>\n`;
    xref += `startxref\n${length}\n%%EOF\n`;
    parts.push(encoder.encode(xref));
    const out = new Uint8Array(length + parts[parts.length - 1].length);
    let at = 0;
    for(const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}
