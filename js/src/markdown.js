// Markdown taken from a credential (a narrative, a criteria text) to DOM nodes, the way the
// badge page's Python renders it (src/badgepress/site/markdown_safe.py): no raw HTML (shown
// as text), no images (their alt text instead), headings demoted below the page's own, and
// links only to http(s) or mailto addresses (any other scheme becomes "#"). The text is
// hostile: it is parsed into a tree of allowed tags and attributes, and the DOM is built
// from that tree with createElement and textContent, never innerHTML.

/** The tags and attributes this renderer may produce; nothing else reaches the DOM. */
export const ALLOWED = Object.freeze({
  p: [], br: [], strong: [], em: [], code: [], pre: [], blockquote: [], ul: [], ol: [],
  li: [], h4: [], h5: [], h6: [], hr: [], span: [], a: ['href', 'title', 'rel'],
});
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);
const ENTITIES = {amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', nbsp: '\u00a0', colon: ':',
  Tab: '\t', NewLine: '\n', copy: '\u00a9', reg: '\u00ae', hellip: '\u2026', mdash: '\u2014',
  ndash: '\u2013'};
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]*));/g;
const ESCAPABLE = '\\`*_{}[]()>#+-.!';

/** `text` with character references decoded as a browser decodes them (a known subset). */
export function decodeEntities(text) {
  return String(text).replace(ENTITY, (whole, dec, hex, name) => {
    if(name !== undefined) {
      return Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : whole;
    }
    const code = dec !== undefined ? Number(dec) : parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ?
      String.fromCodePoint(code) : '\ufffd';
  });
}

/**
 * Whether a browser would read `value` (an address as written) as one with a scheme other
 * than http(s) or mailto: references decoded, C0 controls and spaces dropped (the rule of
 * markdown_safe.unsafe_address). A named reference this module does not know makes the
 * address unsafe, since a browser might know it.
 */
export function unsafeAddress(value) {
  const decoded = decodeEntities(value);
  if(/&[A-Za-z][A-Za-z0-9]*;/.test(decoded)) {
    return true;
  }
  // eslint-disable-next-line no-control-regex
  const text = decoded.replace(/[\u0000-\u0020\u007f]/g, '');
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  return match !== null && !SAFE_SCHEMES.has(match[1].toLowerCase());
}

function node(tag, attrs, children) {
  return {tag, attrs: attrs || {}, children: children || []};
}

function link(href, title, children) {
  const attrs = {href: unsafeAddress(href) ? '#' : decodeEntities(href)};
  if(title) {
    attrs.title = decodeEntities(title);
  }
  attrs.rel = 'nofollow noopener ugc';
  return node('a', attrs, children);
}

/** The closing index of the bracket opened just before `start`, or -1. */
function closing(text, start, open, close) {
  let depth = 1;
  for(let i = start; i < text.length; i++) {
    if(text[i] === '\\') {
      i++;
    } else if(text[i] === open) {
      depth++;
    } else if(text[i] === close && --depth === 0) {
      return i;
    }
  }
  return -1;
}

function destination(inner) {
  const match = /^\s*<?([^\s>]*)>?(?:\s+(["'])([\s\S]*)\2)?\s*$/.exec(inner);
  return match ? {href: match[1], title: match[3]} : {href: inner.trim(), title: undefined};
}

const EMPHASIS = [
  [/^\*\*(?=\S)([\s\S]*?\S)\*\*/, 'strong'], [/^__(?=\S)([\s\S]*?\S)__(?!\w)/, 'strong'],
  [/^\*(?=[^\s*])([\s\S]*?[^\s*])\*/, 'em'], [/^_(?=[^\s_])([\s\S]*?[^\s_])_(?!\w)/, 'em'],
];

/** Inline Markdown to tree children: code, escapes, links, images (alt text), autolinks, breaks, emphasis. */
function inline(text, refs) {
  const out = [];
  let plain = '';
  const push = item => {
    if(plain) {
      out.push(decodeEntities(plain));
      plain = '';
    }
    out.push(item);
  };
  for(let i = 0; i < text.length;) {
    const rest = text.slice(i);
    const c = text[i];
    let m;
    if(c === '\\' && ESCAPABLE.includes(text[i + 1] || '\u0000')) {
      plain += text[i + 1];
      i += 2;
    } else if(c === '`' && (m = /^(`+)([\s\S]+?)(?<!`)\1(?!`)/.exec(rest))) {
      push(node('code', {}, [m[2].trim()]));
      i += m[0].length;
    } else if((c === '[' || (c === '!' && text[i + 1] === '[')) && (m = bracketed(text, i, refs))) {
      push(m.item);
      i = m.end;
    } else if(c === '<' && (m = /^<([A-Za-z][A-Za-z0-9+.-]*:\/\/[^<>\s]*)>/.exec(rest))) {
      push(link(m[1], undefined, [m[1]]));
      i += m[0].length;
    } else if(c === '<' && (m = /^<([^<> !]+@[^@<> ]+)>/.exec(rest))) {
      const address = m[1].replace(/^mailto:/, '');
      push(link(`mailto:${address}`, undefined, [address]));
      i += m[0].length;
    } else if(c === ' ' && (m = /^ {2,}\n/.exec(rest))) {
      push(node('br'));
      i += m[0].length;
    } else if((c === '*' || c === '_') && !(c === '_' && /\w/.test(text[i - 1] || '')) &&
        (m = EMPHASIS.map(([re, tag]) => [re.exec(rest), tag]).find(([found]) => found))) {
      push(node(m[1], {}, inline(m[0][1], refs)));
      i += m[0][0].length;
    } else {
      plain += c;
      i++;
    }
  }
  if(plain) {
    out.push(decodeEntities(plain));
  }
  return out;
}

/** `[text](dest)`, `[text][ref]`, `[ref]`, or the same with `!` (an image: its alt text). */
function bracketed(text, start, refs) {
  const image = text[start] === '!';
  const open = start + (image ? 2 : 1);
  const close = closing(text, open, '[', ']');
  if(close < 0) {
    return null;
  }
  const label = text.slice(open, close);
  let target = null;
  let end = close + 1;
  if(text[end] === '(') {
    const paren = closing(text, end + 1, '(', ')');
    if(paren >= 0) {
      target = destination(text.slice(end + 1, paren));
      end = paren + 1;
    }
  } else {
    const ref = /^\s?\[([^\]]*)\]/.exec(text.slice(end));
    const id = (ref && ref[1] ? ref[1] : label).toLowerCase().replace(/\s+/g, ' ').trim();
    if(refs.has(id)) {
      target = refs.get(id);
      end += ref ? ref[0].length : 0;
    }
  }
  if(!target) {
    return null;
  }
  return {item: image ? node('span', {}, [label]) : link(target.href, target.title, inline(label, refs)), end};
}

const HEADING = /^(#{1,6})(.*?)#*\s*$/;
const SETEXT = /^[=-]+\s*$/;
const RULE = /^ {0,3}((-+ {0,2}){3,}|(_+ {0,2}){3,}|(\*+ {0,2}){3,}) *$/;
const ITEM = /^ {0,3}(\d+\.|[*+-])[ ]+(.*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const REFERENCE = /^ {0,3}\[([^[\]]+)\]:[ ]*<?(\S+?)>?(?:[ ]+(["'(])(.*)["')])?[ ]*$/;
const DEMOTED = {1: 'h4', 2: 'h5', 3: 'h6', 4: 'h4', 5: 'h5', 6: 'h6'};

function listOf(lines, refs, loose) {
  const items = [];
  for(const line of lines) {
    const item = ITEM.exec(line);
    if(item) {
      items.push({kind: /\d/.test(item[1]) ? 'ol' : 'ul', lines: [item[2]]});
    } else {
      items[items.length - 1].lines.push(line.replace(/^ {1,4}/, ''));
    }
  }
  const list = node(items[0].kind);
  for(const item of items) {
    const nested = item.lines.findIndex((line, i) => i > 0 && ITEM.test(line));
    const own = nested < 0 ? item.lines : item.lines.slice(0, nested);
    const children = inline(own.join('\n').trim(), refs);
    const li = node('li', {}, loose ? [node('p', {}, children)] : children);
    if(nested >= 0) {
      li.children.push(listOf(item.lines.slice(nested), refs, false));
    }
    list.children.push(li);
  }
  return list;
}

function blocks(text, refs) {
  const out = [];
  const chunks = text.split(/\n{2,}/).filter(chunk => chunk.trim());
  for(let k = 0; k < chunks.length; k++) {
    const lines = chunks[k].split('\n');
    if(lines.every(line => /^ {4}/.test(line) || line === '')) {
      out.push(node('pre', {}, [node('code', {}, [`${lines.map(l => l.slice(4)).join('\n')}\n`])]));
    } else if(ITEM.test(lines[0]) && !RULE.test(lines[0])) {
      const loose = k + 1 < chunks.length && ITEM.test(chunks[k + 1].split('\n')[0]);
      out.push(listOf(lines, refs, loose));
    } else if(QUOTE.test(lines[0])) {
      out.push(node('blockquote', {}, blocks(lines.map(l => (QUOTE.exec(l) || [l, l])[1]).join('\n'), refs)));
    } else {
      let paragraph = [];
      const flush = () => {
        if(paragraph.length) {
          out.push(node('p', {}, inline(paragraph.join('\n').trim(), refs)));
          paragraph = [];
        }
      };
      for(let i = 0; i < lines.length; i++) {
        const heading = HEADING.exec(lines[i]);
        if(heading) {
          flush();
          out.push(node(DEMOTED[heading[1].length], {}, inline(heading[2].trim(), refs)));
        } else if(i === 1 && paragraph.length === 1 && SETEXT.test(lines[i])) {
          out.push(node(lines[i][0] === '=' ? 'h4' : 'h5', {}, inline(paragraph[0].trim(), refs)));
          paragraph = [];
        } else if(RULE.test(lines[i])) {
          flush();
          out.push(node('hr'));
        } else {
          paragraph.push(lines[i]);
        }
      }
      flush();
    }
  }
  return out;
}

/**
 * The tree of a Markdown text: [{tag, attrs, children}|string]; tags and attributes only
 * from ALLOWED.
 *
 * @param {string} source Markdown from a credential.
 * @returns {Array<object|string>}
 */
export function markdownTree(source) {
  const refs = new Map();
  const text = String(source).replace(/\r\n?/g, '\n').replace(/\t/g, '    ')
    .replace(/^[ ]+$/gm, '').split('\n').filter(line => {
      const ref = REFERENCE.exec(line);
      if(ref) {
        refs.set(ref[1].toLowerCase().replace(/\s+/g, ' ').trim(), {href: ref[2], title: ref[4]});
      }
      return !ref;
    }).join('\n');
  return blocks(text, refs);
}

function build(doc, item) {
  if(typeof item === 'string') {
    return doc.createTextNode(item);
  }
  const allowed = Object.hasOwn(ALLOWED, item.tag) ? ALLOWED[item.tag] : null;
  if(!allowed) {
    return doc.createTextNode('');  // unreachable: the parser makes only allowed tags
  }
  const element = doc.createElement(item.tag);
  for(const name of allowed) {
    if(item.attrs[name] !== undefined) {
      element.setAttribute(name, item.attrs[name]);
    }
  }
  element.append(...item.children.map(child => build(doc, child)));
  return element;
}

/** DOM nodes of Markdown `source`, for `doc`. */
export function markdownNodes(doc, source) {
  return markdownTree(source).map(item => build(doc, item));
}
