// Runs the committed badge-page bundle against a minimal fake DOM: the browser build
// (WebCrypto hashing, stubbed XHR loader) verifies and renders with textContent only.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readFileSync} from 'node:fs';
import vm from 'node:vm';
import {readRefJson} from './helpers.js';

class FakeNode {
  constructor(doc, tag) {
    this.ownerDocument = doc;
    this.tagName = tag;
    this.attributes = new Map();
    this.children = [];
    this.text = '';
  }
  setAttribute(name, value) { this.attributes.set(name, String(value)); }
  getAttribute(name) { return this.attributes.has(name) ? this.attributes.get(name) : null; }
  removeAttribute(name) { this.attributes.delete(name); }
  appendChild(child) { this.children.push(child); return child; }
  append(...nodes) { nodes.forEach(n => this.appendChild(n)); }
  replaceChildren(...nodes) { this.children = []; this.text = ''; this.append(...nodes); }
  set textContent(value) { this.children = []; this.text = String(value); }
  get textContent() { return this.text + this.children.map(c => c.textContent).join(''); }
  set innerHTML(_) { throw new Error('innerHTML must not be used'); }
  walk() { return [this, ...this.children.flatMap(c => (c.walk ? c.walk() : []))]; }
}

function fakeDocument(credentialText) {
  const doc = {readyState: 'complete'};
  const section = new FakeNode(doc, 'section');
  const script = new FakeNode(doc, 'script');
  script.textContent = credentialText;
  doc.createElement = tag => new FakeNode(doc, tag);
  doc.createTextNode = text => ({textContent: text});
  doc.getElementById = id => ({'bp-verify': section, 'bp-credential': script}[id] || null);
  return {doc, section};
}

async function runBundle(credential, fetchImpl) {
  const code = readFileSync(new URL('../../src/badgepress/site/assets/badgepress-verifier.js', import.meta.url), 'utf8');
  // The page escapes "<" as \u003c inside the JSON script element.
  const {doc, section} = fakeDocument(JSON.stringify(credential).replace(/</g, '\\u003c'));
  const context = vm.createContext({
    document: doc, performance, crypto, TextEncoder, TextDecoder, Blob, Response, DecompressionStream,
    URL, atob, setTimeout, clearTimeout, queueMicrotask, console,
    fetch: fetchImpl || (async url => { throw new Error(`unexpected fetch ${url}`); }),
  });
  context.globalThis = context;
  context.window = context;
  context.self = context;
  vm.runInContext(code, context);
  for(let i = 0; i < 200 && section.getAttribute('data-verify-ms') === null; i++) {
    await new Promise(r => setTimeout(r, 10));
  }
  return section;
}

test('badge page bundle: renders verdict, issuer and one <li> per check', async () => {
  const credential = readRefJson('examples/ob3-simple-openbadgecredential.signed.json');
  credential.name = 'Teamwork <img src=x onerror=alert(1)>';
  const section = await runBundle(credential);
  assert.ok(Number(section.getAttribute('data-verify-ms')) >= 0);
  // Changed name -> signature fails; the hostile text is kept as text.
  assert.equal(section.getAttribute('data-verdict'), 'not-verified');
  const items = section.walk().filter(n => n.tagName === 'li');
  assert.deepEqual(items.map(li => [li.getAttribute('data-check'), li.getAttribute('data-state')]), [
    ['format', 'pass'], ['signature', 'fail'], ['issuer_key', 'warn'], ['status', 'pass'], ['dates', 'pass'],
  ]);
  assert.match(section.textContent, /^Not verified/);
});

test('badge page bundle: untouched example -> Warning (https key not confirmed)', async () => {
  const section = await runBundle(readRefJson('examples/ob3-simple-openbadgecredential.signed.json'));
  assert.equal(section.getAttribute('data-verdict'), 'warning');
  const signature = section.walk().find(n => n.getAttribute && n.getAttribute('data-check') === 'signature');
  assert.equal(signature.getAttribute('data-state'), 'pass');
});
