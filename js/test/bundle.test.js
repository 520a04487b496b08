// Runs the committed badge-page bundle against a minimal fake DOM: the browser build
// (WebCrypto hashing, stubbed XHR loader) verifies and renders with textContent only.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readFileSync} from 'node:fs';
import vm from 'node:vm';
import {gzipSync} from 'node:zlib';
import {didDocument, readRefJson, signDocument, unsignedBadge, TEST_KEY} from './helpers.js';

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

function fakeDocument(credentialText, {location, meta = {}, scriptSrc = null} = {}) {
  const doc = {readyState: 'complete', location, currentScript: scriptSrc && {src: scriptSrc}};
  const section = new FakeNode(doc, 'section');
  const script = new FakeNode(doc, 'script');
  script.textContent = credentialText;
  doc.createElement = tag => new FakeNode(doc, tag);
  doc.createTextNode = text => ({textContent: text});
  doc.getElementById = id => ({'bp-verify': section, 'bp-credential': script}[id] || null);
  doc.querySelectorAll = () => [];  // no component list and no endorsements on these pages
  doc.querySelector = selector => {
    const name = /^meta\[name="([^"]+)"\]$/.exec(selector);
    return name && name[1] in meta ? {getAttribute: () => meta[name[1]]} : null;
  };
  return {doc, section};
}

async function runBundle(credential, fetchImpl, page) {
  const code = readFileSync(new URL('../../src/badgepress/site/assets/badgepress-verifier.js', import.meta.url), 'utf8');
  // The page escapes "<" as \u003c inside the JSON script element.
  const {doc, section} = fakeDocument(JSON.stringify(credential).replace(/</g, '\\u003c'), page);
  const context = vm.createContext({
    document: doc, performance, crypto, TextEncoder, TextDecoder, Blob, Response, DecompressionStream,
    URL, AbortSignal, atob, setTimeout, clearTimeout, queueMicrotask, console,
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
    ['format', 'pass'], ['signature', 'fail'], ['issuer_key', 'fail'], ['status', 'pass'], ['dates', 'pass'],
  ]);
  assert.match(section.textContent, /^Not verified/);
});

test('badge page bundle: untouched example -> Not verified (https key, signer not confirmed)', async () => {
  const section = await runBundle(readRefJson('examples/ob3-simple-openbadgecredential.signed.json'));
  assert.equal(section.getAttribute('data-verdict'), 'not-verified');
  assert.match(section.textContent, /^Not verified — the signer could not be confirmed as the issuer/);
  const signature = section.walk().find(n => n.getAttribute && n.getAttribute('data-check') === 'signature');
  assert.equal(signature.getAttribute('data-state'), 'pass');
  assert.match(signature.textContent, /says nothing about who made the badge/);
});

test('badge page bundle on a local preview: issuer files read from the preview server, with a note', async () => {
  const did = 'did:web:org.github.io:badges';
  const credential = await signDocument(unsignedBadge(did), `${did}#${TEST_KEY.publicKeyMultibase}`);
  const asked = [];
  const fetchImpl = async url => {
    asked.push(url);
    return url === 'http://localhost:8000/badges/did.json' ?
      new Response(JSON.stringify(didDocument(did))) : new Response('', {status: 404});
  };
  const meta = {'badgepress:site-url': 'https://org.github.io/badges/', 'badgepress:site-root': '../../'};
  const section = await runBundle(credential, fetchImpl,
    {location: {href: 'http://localhost:8000/badges/badges/abc/'}, meta});
  assert.equal(section.getAttribute('data-verdict'), 'verified');
  assert.deepEqual(asked, ['http://localhost:8000/badges/did.json']);
  const note = section.walk().find(n => n.getAttribute && n.getAttribute('data-note') === 'local-preview');
  assert.match(note.textContent, /^Local preview: the issuer's files were read from this preview server, not from org\.github\.io/);

  // The same page on the public host: nothing rewritten, no note.
  asked.length = 0;
  const publicSection = await runBundle(credential, fetchImpl,
    {location: {href: 'https://mirror.example/badges/badges/abc/'}, meta});
  assert.deepEqual(asked, ['https://org.github.io/badges/did.json']);
  assert.equal(publicSection.getAttribute('data-verdict'), 'not-verified');
  assert.ok(!publicSection.walk().some(n => n.getAttribute && n.getAttribute('data-note')));
});

// Issue 17: the badge page bundle is parsed and compiled before every verdict; it may not
// grow past its size after the verify-any-issuer work and its trimming (61,743 bytes gzip,
// level 9).
test('badge page bundle stays within its size budget', () => {
  const code = readFileSync(new URL('../../src/badgepress/site/assets/badgepress-verifier.js', import.meta.url));
  assert.ok(gzipSync(code, {level: 9}).length <= 61743, `${gzipSync(code, {level: 9}).length} bytes gzip`);
});

// The badge page bundle carries the contexts badgepress issues with; a credential naming
// another bundled context is canonicalised with it from the context file next to the script.
const SCRIPT = 'https://org.github.io/badges/assets/badgepress-verifier.js';
const CONTEXT_FILE = readFileSync(new URL('../../src/badgepress/site/assets/badgepress-contexts.json', import.meta.url));
const OB_302 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json';

async function otherContextBadge(did) {
  const unsigned = unsignedBadge(did);
  unsigned['@context'] = ['https://www.w3.org/ns/credentials/v2', OB_302];
  return signDocument(unsigned, `${did}#${TEST_KEY.publicKeyMultibase}`);
}

function issuerSite(did, contextFile) {
  const asked = [];
  const fetchImpl = async url => {
    asked.push(url);
    if(url === 'https://org.github.io/badges/did.json') {
      return new Response(JSON.stringify(didDocument(did)));
    }
    return url === 'https://org.github.io/badges/assets/badgepress-contexts.json' ?
      new Response(contextFile) : new Response('', {status: 404});
  };
  return {asked, fetchImpl};
}

test('badge page bundle: a credential with a context from the context file is verified', async () => {
  const did = 'did:web:org.github.io:badges';
  const {asked, fetchImpl} = issuerSite(did, CONTEXT_FILE);
  const section = await runBundle(await otherContextBadge(did), fetchImpl,
    {location: {href: 'https://org.github.io/badges/badges/abc/'}, scriptSrc: SCRIPT});
  assert.equal(section.getAttribute('data-verdict'), 'verified');
  assert.deepEqual(asked.filter(url => url.endsWith('badgepress-contexts.json')),
    ['https://org.github.io/badges/assets/badgepress-contexts.json']);
});

test('badge page bundle: the contexts badgepress issues with need no context file', async () => {
  const did = 'did:web:org.github.io:badges';
  const {asked, fetchImpl} = issuerSite(did, CONTEXT_FILE);
  const credential = await signDocument(unsignedBadge(did), `${did}#${TEST_KEY.publicKeyMultibase}`);
  const section = await runBundle(credential, fetchImpl,
    {location: {href: 'https://org.github.io/badges/badges/abc/'}, scriptSrc: SCRIPT});
  assert.equal(section.getAttribute('data-verdict'), 'verified');
  assert.deepEqual(asked, ['https://org.github.io/badges/did.json']);
});

test('attack: a changed context file is refused, so the signature is not checked with it', async () => {
  const did = 'did:web:org.github.io:badges';
  // A context file where OB 3.0.2 leaves out "name": a changed name would then go unsigned.
  const documents = JSON.parse(CONTEXT_FILE.toString('utf8'));
  delete documents[OB_302]['@context'].name;
  const {fetchImpl} = issuerSite(did, JSON.stringify(documents));
  const section = await runBundle(await otherContextBadge(did), fetchImpl,
    {location: {href: 'https://org.github.io/badges/badges/abc/'}, scriptSrc: SCRIPT});
  assert.equal(section.getAttribute('data-verdict'), 'not-verified');
  const signature = section.walk().find(n => n.getAttribute && n.getAttribute('data-check') === 'signature');
  assert.equal(signature.getAttribute('data-state'), 'fail');
  assert.match(signature.textContent, /context file https:\/\/org\.github\.io\/badges\/assets\/badgepress-contexts\.json could not be used: its content is not the one this verifier was built with/);
});
