// The bundled contexts come from the Python package's manifest, and nothing else is loaded.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {bundledContextUrls, createDocumentLoader} from '../src/loader.js';
import {canonize} from '../src/canonize.js';
import {renderContextsModule, CONTEXTS_MODULE} from '../scripts/gen-contexts.js';
import {badgePageLoader} from './helpers.js';

const CONTEXT_DIR = new URL('../../src/badgepress/jsonld/contexts/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', CONTEXT_DIR), 'utf8'));

test('loader serves exactly the manifest URLs, with the manifest files', async () => {
  assert.deepEqual(bundledContextUrls(), manifest.map(e => e.url).sort());
  const loader = createDocumentLoader();
  for(const {url, file, sha256} of manifest) {
    const bytes = readFileSync(new URL(file, CONTEXT_DIR));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), sha256, file);
    const {document} = await loader(url);
    assert.deepEqual(document, JSON.parse(bytes.toString('utf8')), url);
  }
});

test('any other context URL is an error "context not bundled: URL"', async () => {
  const loader = createDocumentLoader();
  await assert.rejects(loader('https://example.org/ctx'), {message: 'context not bundled: https://example.org/ctx'});
  await assert.rejects(
    canonize({'@context': 'https://example.org/ctx', 'name': 'x'}),
    {message: 'context not bundled: https://example.org/ctx'});
});

test('js/src/contexts-bundled.js is current with the manifest', () => {
  assert.equal(readFileSync(CONTEXTS_MODULE, 'utf8'), renderContextsModule(CONTEXTS_MODULE));
});

// The badge page bundle's split (scripts/build.js): CORE_CONTEXTS in the bundle, the others
// in its context file, read once per loader and only with the SHA-256 built in.
test('split loader: every manifest context, the file fetched once from beside the script', async () => {
  const {loader, asked} = await badgePageLoader();
  for(const {url, file} of manifest) {
    const {document} = await loader(url);
    assert.deepEqual(document, JSON.parse(readFileSync(new URL(file, CONTEXT_DIR), 'utf8')), url);
  }
  assert.deepEqual(asked, ['https://org.example/badges/assets/badgepress-contexts.json']);
  await assert.rejects(loader('https://example.org/ctx'), {name: 'ContextNotBundledError'});
});

test('attack: a context file other than the one built is refused', async () => {
  const {bytes} = await badgePageLoader();
  const documents = JSON.parse(bytes.toString('utf8'));
  documents['https://www.w3.org/2018/credentials/v1'] = {'@context': {'@vocab': 'https://evil.example/#'}};
  const {loader} = await badgePageLoader(Buffer.from(JSON.stringify(documents)));
  await assert.rejects(loader('https://www.w3.org/2018/credentials/v1'), {name: 'ContextFileError',
    message: /badgepress-contexts\.json could not be used: its content is not the one this verifier was built with/});
  // The bundle's own contexts need no file.
  assert.ok((await loader('https://www.w3.org/ns/credentials/v2')).document);
});
