// Interoperability: every credential the Python side signed (the repository's demo
// credentials, and their status lists) verifies with this independent stack
// (jsonld.js + rdf-canonize + Ed25519), using the DID document built from issuer_keys/.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parse} from 'node:path';
import {verifyCredential} from '../src/verify.js';
import {fixtureFetch} from './helpers.js';

const REPO = new URL('../../', import.meta.url);
const read = relative => JSON.parse(readFileSync(fileURLToPath(new URL(relative, REPO)), 'utf8'));
const list = relative => readdirSync(fileURLToPath(new URL(relative, REPO)))
  .filter(name => name.endsWith('.json')).sort();

function siteUrl() {
  const config = readFileSync(fileURLToPath(new URL('mkdocs.yml', REPO)), 'utf8');
  return config.match(/^site_url:\s*(\S+)/m)[1].replace(/\/?$/, '/');
}

function didFromSite(url) {
  const {host, pathname} = new URL(url);
  return ['did:web', host.replace(':', '%3A'), ...pathname.split('/').filter(Boolean)].join(':');
}

function didDocument(did) {
  const keys = list('issuer_keys/').map(name => read(`issuer_keys/${name}`));
  const signing = keys.filter(key => key.status !== 'compromised');
  const method = key => `${did}#${key.publicKeyMultibase}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: keys.map(key => ({id: method(key), type: 'Multikey', controller: did,
      publicKeyMultibase: key.publicKeyMultibase})),
    assertionMethod: signing.map(method),
  };
}

test('every credential signed by badgepress verifies in the JavaScript stack', async () => {
  const site = siteUrl();
  const did = didFromSite(site);
  const files = {[`${site}did.json`]: didDocument(did)};
  for(const name of list('status/lists/')) {
    const statusList = read(`status/lists/${name}`);
    files[statusList.id] = statusList;
  }
  const credentials = list('credentials/');
  assert.ok(credentials.length >= 10, 'the demo credentials are there');
  for(const name of credentials) {
    const credential = read(`credentials/${name}`);
    const report = await verifyCredential(credential, {fetchJson: fixtureFetch(files),
      now: new Date('2026-01-01T00:00:00Z')});
    const states = Object.fromEntries(report.checks.map(check => [check.id, check.state]));
    assert.equal(states.signature, 'pass', `${parse(name).name}: ${JSON.stringify(report.checks)}`);
    assert.equal(states.issuer_key, 'pass', `${parse(name).name}: ${JSON.stringify(report.checks)}`);
    assert.notEqual(states.status, 'warn', `${parse(name).name}: status list verified`);
  }
});
