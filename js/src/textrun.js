// Text for the certificate PDF, from logical order (as stored) to what is drawn: bidi
// controls dropped, Arabic letters joined (Unicode presentation forms, which the font
// draws), and the line cut into runs in visual order, right-to-left runs marked.
// A simplified Unicode bidi algorithm, enough for a name or a title on one line: the
// paragraph takes the direction of its first strong letter, digits and Latin letters keep
// their order inside right-to-left text, and neutrals between two runs of one direction
// take it (else the paragraph's). Each glyph keeps the characters it stands for, so the
// PDF's text layer (ToUnicode) gives the name back as it was written.

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]|\ud802[\udc00-\udfff]|\ud803[\udc00-\ude7f]/u;
const STRONG_LTR = /[\p{L}\p{N}]/u;
const MIRRORED = {'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
  '«': '»', '»': '«'};

// Arabic letters U+0621-063A and U+0641-064A: how many presentation forms each has
// (1 isolated only, 2 isolated+final: joins on its right only, 4: joins on both sides),
// laid out one after the other from U+FE80.
const FORM_COUNTS = '122224242444442222444444444444444224';
const FORMS = new Map();
{
  let next = 0xfe80;
  [...FORM_COUNTS].forEach((count, i) => {
    const base = i < 26 ? 0x621 + i : 0x641 + i - 26;
    FORMS.set(base, {first: next, count: Number(count)});
    next += Number(count);
  });
}
const LAM = 0x644;
const LAM_ALEF = new Map([[0x622, 0xfef5], [0x623, 0xfef7], [0x625, 0xfef9], [0x627, 0xfefb]]);
const TRANSPARENT = /[\u064b-\u065f\u0670]/u;
const TATWEEL = 0x640;

/** The text without bidirectional control characters, composed (NFC: "e" + U+0301 is
 * drawn as the font's "é"). */
export function withoutBidi(text) {
  return String(text).replace(BIDI_CONTROLS, '').normalize('NFC');
}

function joinsLeft(cp) { // a letter that connects to the next letter (in logical order)
  return cp === TATWEEL || (FORMS.get(cp)?.count ?? 0) === 4;
}

function joinsRight(cp) { // a letter that connects to the previous letter
  return cp === TATWEEL || (FORMS.get(cp)?.count ?? 0) >= 2;
}

/**
 * Arabic shaping on logical-order text: a list of ``{cp, text}`` where ``cp`` is the code
 * point to draw and ``text`` what it stands for.
 */
export function shape(text) {
  const chars = [...text];
  const cps = chars.map(c => c.codePointAt(0));
  const out = [];
  const neighbour = (from, step) => {
    for(let j = from + step; j >= 0 && j < cps.length; j += step) {
      if(!TRANSPARENT.test(chars[j])) {
        return cps[j];
      }
    }
    return null;
  };
  for(let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    const forms = FORMS.get(cp);
    if(!forms) {
      out.push({cp, text: chars[i]});
      continue;
    }
    const before = neighbour(i, -1);
    const joinedBefore = before !== null && joinsLeft(before) && joinsRight(cp);
    const after = neighbour(i, 1);
    if(cp === LAM && after !== null && LAM_ALEF.has(after) && cps[i + 1] === after) {
      out.push({cp: LAM_ALEF.get(after) + (joinedBefore ? 1 : 0), text: chars[i] + chars[i + 1]});
      i++;
      continue;
    }
    const joinedAfter = after !== null && joinsLeft(cp) && joinsRight(after);
    // Presentation forms in order: isolated, final, initial, medial.
    const form = joinedBefore ? (joinedAfter ? 3 : 1) : (joinedAfter ? 2 : 0);
    out.push({cp: forms.first + (form < forms.count ? form : 0), text: chars[i]});
  }
  return out;
}

function direction(text) {
  return RTL.test(text) ? 'R' : STRONG_LTR.test(text) ? 'L' : 'N';
}

/**
 * The runs of one line in visual (left-to-right drawing) order: ``[{rtl, glyphs}]`` where
 * ``glyphs`` is a ``shape()`` list in logical order; a right-to-left run is drawn from its
 * right end leftwards.
 */
export function visualRuns(text) {
  const glyphs = shape(withoutBidi(text));
  const kinds = glyphs.map(g => direction(g.text));
  const paragraph = kinds.find(k => k !== 'N') ?? 'L';
  const resolved = kinds.map((kind, i) => {
    if(kind !== 'N') {
      return kind;
    }
    const before = kinds.slice(0, i).reverse().find(k => k !== 'N') ?? paragraph;
    const after = kinds.slice(i + 1).find(k => k !== 'N') ?? paragraph;
    return before === after ? before : paragraph;
  });
  const runs = [];
  glyphs.forEach((glyph, i) => {
    const rtl = resolved[i] === 'R';
    const last = runs[runs.length - 1];
    const drawn = rtl && MIRRORED[glyph.text]
      ? {cp: MIRRORED[glyph.text].codePointAt(0), text: glyph.text} : glyph;
    if(last && last.rtl === rtl) {
      last.glyphs.push(drawn);
    } else {
      runs.push({rtl, glyphs: [drawn]});
    }
  });
  return paragraph === 'R' ? runs.reverse() : runs;
}
