// Builds the browser bundles into src/badgepress/site/assets/ (or into the directory given
// as the first argument). Deterministic: same sources + same lock file -> same bytes.
//
//   node scripts/build.js [out-dir]
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';
import {CONTEXTS_MODULE, renderContextFile, renderContextsModule} from './gen-contexts.js';

export const JS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ASSETS_DIR = resolve(JS_ROOT, '../src/badgepress/site/assets');

const VERIFIER_BANNER = '/*! badgepress verifier, Apache-2.0; bundles jsonld.js, rdf-canonize (BSD-3-Clause), @noble/ed25519 (MIT) */';

// The contexts of the credentials badgepress issues (and of its status lists). The badge page
// bundle carries only these; the other contexts are in CONTEXT_FILE, which its loader reads
// (and checks against the SHA-256 built in) the first time a credential names one of them.
export const CORE_CONTEXTS = Object.freeze([
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
]);
export const CONTEXT_FILE = 'badgepress-contexts.json';

/** Bundle name -> entry module, licence banner, and (split) whether it carries CORE_CONTEXTS only. */
export const BUNDLES = Object.freeze({
  'badgepress-verifier.js': {entry: 'src/badge-page.js', banner: VERIFIER_BANNER, split: true},
  'badgepress-verify-page.js': {entry: 'src/verify-page.js', banner: VERIFIER_BANNER},
  'badgepress-share.js': {entry: 'src/share.js', banner: '/*! badgepress sharing, Apache-2.0 */'},
  // Loaded by badgepress-share.js only when a visitor asks for the certificate PDF.
  'badgepress-certificate.js': {entry: 'src/certificate.js', banner: '/*! badgepress certificate, Apache-2.0 */'},
});

// jsonld.js installs an XMLHttpRequest document loader in browsers. We always pass our own
// loader, so replace it with a stub: the bundle cannot fetch a context even by mistake.
const noRemoteContexts = {
  name: 'no-remote-contexts',
  setup(build) {
    build.onResolve({filter: /^\.\/documentLoaders\/xhr$/}, args =>
      args.importer.includes('jsonld') ? {path: 'xhr-stub', namespace: 'bp-stub'} : undefined);
    build.onLoad({filter: /^xhr-stub$/, namespace: 'bp-stub'}, () => ({
      contents: 'module.exports = () => async url => { throw new Error("context not bundled: " + url); };',
      loader: 'js',
    }));
  },
};

// jsonld.js and rdf-canonize load every algorithm they have; the verifier calls canonize
// (expansion, toRDF, the asynchronous RDFC-1.0) only. The others are left out of the bundle
// (less to download, parse and compile before the verdict): a call to one of them throws.
const UNUSED = {
  jsonld: ['./compact', './flatten', './frame', './fromRdf'],
  'rdf-canonize': ['./RDFC10Sync'],
};
const unusedAlgorithms = {
  name: 'unused-algorithms',
  setup(build) {
    build.onResolve({filter: /^\.\/[A-Za-z0-9]+$/}, args => {
      const library = Object.keys(UNUSED).find(name => args.importer.includes(`node_modules/${name}/`));
      return library && UNUSED[library].includes(args.path) ?
        {path: `${library}/${args.path.slice(2)}`, namespace: 'bp-unused'} : undefined;
    });
    build.onLoad({filter: /.*/, namespace: 'bp-unused'}, args => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not in the badgepress bundle`)}); };
module.exports = new Proxy(fail, {get: () => fail, construct: fail});`,
      loader: 'js',
    }));
  },
};

// rdf-canonize's browser platform module (WebCrypto, hex, a way to yield between batches of
// work) installs the setimmediate polyfill, a global fed by window messages, to yield. This
// one yields through a message channel of its own and installs nothing.
const PLATFORM = `exports.crypto = globalThis.crypto;
exports.bufferToHex = buffer => Array.from(new Uint8Array(buffer), byte => byte.toString(16).padStart(2, '0')).join('');
exports.setImmediate = typeof MessageChannel === 'function' ? fn => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { channel.port1.close(); fn(); };
  channel.port2.postMessage(null);
} : fn => setTimeout(fn, 0);`;
const ownPlatform = {
  name: 'own-platform',
  setup(build) {
    build.onResolve({filter: /^\.\/platform$/}, args =>
      args.importer.includes('node_modules/rdf-canonize/') ? {path: 'rdf-canonize-platform', namespace: 'bp-stub'} : undefined);
    build.onLoad({filter: /^rdf-canonize-platform$/, namespace: 'bp-stub'}, () => ({contents: PLATFORM, loader: 'js'}));
  },
};

// jsonld.js keeps its processed contexts in lru-cache (with yallist): it calls new LRU({max}),
// get and set only. A Map kept in order of use does the same in a few lines.
const LRU = `module.exports = class LRU {
  constructor({max}) { this.max = max; this.map = new Map(); }
  get(key) {
    if(!this.map.has(key)) { return undefined; }
    const value = this.map.get(key);
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
  set(key, value) {
    this.map.delete(key);
    this.map.set(key, value);
    if(this.map.size > this.max) { this.map.delete(this.map.keys().next().value); }
    return this;
  }
};`;
const ownLru = {
  name: 'own-lru',
  setup(build) {
    build.onResolve({filter: /^lru-cache$/}, args =>
      args.importer.includes('node_modules/jsonld/') ? {path: 'lru-cache', namespace: 'bp-stub'} : undefined);
    build.onLoad({filter: /^lru-cache$/, namespace: 'bp-stub'}, () => ({contents: LRU, loader: 'js'}));
  },
};

// The JSON Schemas (src/badgepress/schema/schemas/) enter the bundle compiled down to what
// validation reads: annotations (description, $comment, title, examples) are dropped.
const ANNOTATIONS = new Set(['description', '$comment', 'title', 'examples']);

/** A schema without its annotation keywords (property names are kept: under "properties"). */
export function stripSchema(node, inProperties = false) {
  if(Array.isArray(node)) {
    return node.map(item => stripSchema(item));
  }
  if(node === null || typeof node !== 'object') {
    return node;
  }
  const out = {};
  for(const [key, value] of Object.entries(node)) {
    if(!inProperties && ANNOTATIONS.has(key)) {
      continue;
    }
    const keyed = !inProperties && (key === 'properties' || key === '$defs' || key === 'definitions');
    out[key] = key === 'enum' && !inProperties ? value : stripSchema(value, keyed);
  }
  return out;
}

// JSON files (schemas, checks.json, contexts) enter the bundle as JSON.parse of a string
// (schemas compiled as above): V8 reads a JSON string faster than an object literal.
const SCHEMA = /[\\/]schema[\\/]schemas[\\/][^\\/]+\.json$/;
const parsedJson = {
  name: 'parsed-json',
  setup(build) {
    build.onLoad({filter: /\.json$/}, args => {
      const data = JSON.parse(readFileSync(args.path, 'utf8'));
      const text = JSON.stringify(SCHEMA.test(args.path) ? stripSchema(data) : data);
      return {contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js'};
    });
  },
};

// A split bundle's loader.js imports a contexts module with CORE_CONTEXTS and the
// description of the context file instead of src/contexts-bundled.js.
function splitContexts(file) {
  return {
    name: 'split-contexts',
    setup(build) {
      build.onResolve({filter: /^\.\/contexts-bundled\.js$/}, () => ({path: 'contexts-split.js', namespace: 'bp-contexts'}));
      build.onLoad({filter: /.*/, namespace: 'bp-contexts'}, () => ({
        contents: renderContextsModule(CONTEXTS_MODULE, {urls: CORE_CONTEXTS, file}),
        resolveDir: dirname(CONTEXTS_MODULE),
        loader: 'js',
      }));
    },
  };
}

/** Builds every bundle (and the context file) in memory; returns {fileName: Uint8Array}. */
export async function buildBundles() {
  const contextFile = renderContextFile(CORE_CONTEXTS);
  const file = {name: CONTEXT_FILE, urls: contextFile.urls,
    sha256: createHash('sha256').update(contextFile.bytes).digest('hex')};
  const out = {[CONTEXT_FILE]: new Uint8Array(contextFile.bytes)};
  for(const [name, {entry, banner, split = false}] of Object.entries(BUNDLES)) {
    const result = await esbuild.build({
      absWorkingDir: JS_ROOT,
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['es2020'],
      minify: true,
      legalComments: 'eof',
      charset: 'ascii',
      sourcemap: false,
      metafile: false,
      write: false,
      logLevel: 'warning',
      plugins: [noRemoteContexts, unusedAlgorithms, ownPlatform, ownLru, parsedJson, ...(split ? [splitContexts(file)] : [])],
      banner: {js: banner},
    });
    if(result.outputFiles.length !== 1) {
      throw new Error(`expected one output file for ${entry}`);
    }
    out[name] = result.outputFiles[0].contents;
  }
  return out;
}

/** Regenerates src/contexts-bundled.js and writes the bundles into outDir. */
export async function buildInto(outDir = ASSETS_DIR) {
  writeFileSync(CONTEXTS_MODULE, renderContextsModule(CONTEXTS_MODULE));
  const bundles = await buildBundles();
  mkdirSync(outDir, {recursive: true});
  for(const [name, bytes] of Object.entries(bundles)) {
    writeFileSync(resolve(outDir, name), bytes);
  }
  return bundles;
}

if(process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : ASSETS_DIR;
  const bundles = await buildInto(outDir);
  for(const [name, bytes] of Object.entries(bundles)) {
    console.log(`${name}: ${bytes.length} bytes`);
  }
}
