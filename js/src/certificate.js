// Entry point of the certificate bundle, loaded by the badge page's sharing script only
// when the visitor asks for the PDF (nothing of it is fetched before). It reads the page's
// certificate data, fetches the fonts it needs (the CJK one only for text the others
// lack), draws the logo and signature through a canvas, takes the QR code from the page's
// own (people's) QR, and saves the PDF.
import {certificatePdf} from './certificate-pdf.js';
import {TrueTypeFont} from './ttf.js';
import {saveFile} from './save.js';

const MAX_IMAGE_SIDE = 1200;
const fontCache = new Map();

function loadFont(url) {
  if(!fontCache.has(url)) {
    fontCache.set(url, fetch(url, {credentials: 'same-origin'}).then(response => {
      if(!response.ok) {
        throw new Error(`font ${url}: HTTP ${response.status}`);
      }
      return response.arrayBuffer();
    }).then(bytes => new TrueTypeFont(bytes)));
  }
  return fontCache.get(url);
}

/** The QR code modules from the page's QR SVG (one stroke per run of dark modules, as
 * site/qr.py draws it): ``{size, runs: [{x, y, w}]}``. */
export function qrFromSvg(svg) {
  const box = (svg.getAttribute('viewBox') || '').split(/\s+/u).map(Number);
  const d = svg.querySelector('path')?.getAttribute('d') || '';
  const runs = [];
  let pen = 0;
  for(const [, command, dx, dy, width] of d.matchAll(/([Mm])(-?\d+) (-?[\d.]+)h(\d+)/gu)) {
    const x = command === 'M' ? Number(dx) : pen + Number(dx);
    runs.push({x, y: command === 'M' ? Math.floor(Number(dy)) : runs[runs.length - 1].y,
      w: Number(width)});
    pen = x + Number(width);
  }
  if(box.length !== 4 || !runs.length) {
    throw new Error('this page has no QR code to copy');
  }
  return {size: box[2] + 2 * box[0], runs};
}

/** An image of this site as ``{width, height, rgb, alpha}`` (null when there is none). */
async function loadImage(url) {
  if(!url) {
    return null;
  }
  const image = new Image();
  image.src = url;
  await image.decode();
  const natural = [image.naturalWidth || 300, image.naturalHeight || 300];
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(...natural));
  const [width, height] = natural.map(side => Math.max(1, Math.round(side * scale)));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  const alpha = new Uint8Array(width * height);
  let opaque = true;
  for(let i = 0; i < width * height; i++) {
    rgb.set(pixels.subarray(4 * i, 4 * i + 3), 3 * i);
    alpha[i] = pixels[4 * i + 3];
    opaque &&= alpha[i] === 255;
  }
  return {width, height, rgb, alpha: opaque ? null : alpha};
}

/** Makes and saves the certificate on ``paper`` ('a4' or 'letter'). */
export async function downloadCertificate(data, paper) {
  const [regular, bold] = await Promise.all([loadFont(data.fonts.regular),
    loadFont(data.fonts.bold)]);
  const texts = [data.recipient, data.achievement, data.issuer, data.criteria,
    data.signatory?.name, data.signatory?.title].filter(Boolean).join('');
  const missing = [...texts].some(c => !regular.glyph(c.codePointAt(0)) && c.trim());
  const fallback = missing ? await loadFont(data.fonts.fallback) : null;
  const [logo, signature] = await Promise.all([loadImage(data.logo),
    loadImage(data.signatory?.image)]);
  const qr = qrFromSvg(document.querySelector('.bp-qr:not(.bp-wallet-qr) svg.bp-qr-code'));
  const bytes = await certificatePdf(data, {paper, fonts: {regular, bold, fallback},
    images: {logo, signature}, qr});
  saveFile(bytes, `${data.saveAs}-${paper}.pdf`, 'application/pdf');
}

window.badgepressCertificate = {downloadCertificate};
