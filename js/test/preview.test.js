// Local preview: on localhost, the issuer's files below the declared public site URL are read
// from the preview server's site root instead; on any other host nothing is rewritten.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isLocalHostname, localPreview, previewFetch, previewNote, previewUrl} from '../src/preview.js';
import {verifyCredential} from '../src/verify.js';
import {checkOf, didDocument, fixtureFetch, signDocument, unsignedBadge, TEST_KEY} from './helpers.js';

const SITE = 'https://org.github.io/badges/';
const PAGE = 'http://localhost:8000/badges/badges/abc123/';
const NOW = new Date('2025-06-01T00:00:00Z');

function preview(overrides = {}) {
  return localPreview({pageUrl: PAGE, siteUrl: SITE, siteRoot: '../../', ...overrides});
}

test('localhost page of a public site: preview with the public URL and the local site root', () => {
  assert.deepEqual(preview(), {
    siteUrl: SITE, localRoot: 'http://localhost:8000/badges/', domain: 'org.github.io'});
  assert.equal(preview({pageUrl: 'http://127.0.0.1:8000/badges/', siteRoot: './'}).localRoot,
    'http://127.0.0.1:8000/badges/');
  assert.equal(preview({pageUrl: 'http://[::1]:8000/badges/verify/', siteRoot: '../'}).localRoot,
    'http://[::1]:8000/badges/');
  assert.equal(preview({pageUrl: 'http://LOCALHOST:8000/badges/x/', siteRoot: '../'}).localRoot,
    'http://localhost:8000/badges/');
});

test('the rewrite keeps the path below the site URL and moves it under the local root', () => {
  const p = preview();
  assert.equal(previewUrl('https://org.github.io/badges/did.json', p), 'http://localhost:8000/badges/did.json');
  assert.equal(previewUrl('https://org.github.io/badges/status/revocation-1.json', p),
    'http://localhost:8000/badges/status/revocation-1.json');
  assert.equal(previewUrl('https://org.github.io/badges/status/log.json?v=2', p),
    'http://localhost:8000/badges/status/log.json?v=2');
  assert.equal(previewUrl('https://ORG.github.io:443/badges/did.json', p), 'http://localhost:8000/badges/did.json');
});

test('URLs outside the declared site URL are left alone', () => {
  const p = preview();
  for(const url of [
    'https://org.github.io/other/did.json', // same host, other project
    'https://org.github.io/badgesx/did.json', // prefix without the slash
    'https://org.github.io/did.json',
    'http://org.github.io/badges/did.json', // other scheme = other origin
    'https://org.github.io:8443/badges/did.json',
    'https://evil.example/badges/did.json',
    'https://org.github.io.evil.example/badges/did.json',
    'https://user@org.github.io/badges/did.json',
    'not a url',
  ]) {
    assert.equal(previewUrl(url, p), url, url);
  }
  assert.equal(previewUrl('https://org.github.io/badges/did.json', null), 'https://org.github.io/badges/did.json');
});

test('never on any other host, nor when the site URL is itself local or the meta tags are missing', () => {
  for(const pageUrl of [
    'https://org.github.io/badges/badges/abc123/', 'https://mirror.example/badges/badges/abc123/',
    'http://localhost.evil.example/badges/badges/abc123/', 'http://127.0.0.2/badges/badges/abc123/',
    'http://192.168.1.10:8000/badges/badges/abc123/', 'file:///home/me/site/badges/abc123/index.html',
    'not a url',
  ]) {
    assert.equal(preview({pageUrl}), null, pageUrl);
  }
  assert.equal(preview({siteUrl: 'http://localhost:8000/badges/'}), null);
  assert.equal(preview({siteUrl: 'http://127.0.0.1:9000/'}), null);
  assert.equal(preview({siteUrl: null}), null);
  assert.equal(preview({siteUrl: ''}), null);
  assert.equal(preview({siteUrl: 'ftp://org.github.io/badges/'}), null);
  assert.equal(preview({siteRoot: null}), null);
  assert.equal(preview({siteRoot: 'https://evil.example/'}), null); // root on another origin
});

test('a site URL without a trailing slash still matches only below its path', () => {
  const p = preview({siteUrl: 'https://org.github.io/badges'});
  assert.equal(p.siteUrl, SITE);
  assert.equal(previewUrl('https://org.github.io/badges/did.json', p), 'http://localhost:8000/badges/did.json');
  assert.equal(previewUrl('https://org.github.io/badgesx/did.json', p), 'https://org.github.io/badgesx/did.json');
});

test('a domain site (no path) served by the preview at the server root', () => {
  const p = localPreview({pageUrl: 'http://127.0.0.1:8000/badges/abc/', siteUrl: 'https://badges.example.org/', siteRoot: '../../'});
  assert.equal(p.domain, 'badges.example.org');
  assert.equal(previewUrl('https://badges.example.org/.well-known/did.json', p), 'http://127.0.0.1:8000/.well-known/did.json');
});

test('previewFetch records the rewritten URLs; the note names the public domain', async () => {
  const p = preview();
  const fetchJson = fixtureFetch({'http://localhost:8000/badges/did.json': {ok: 1}, 'https://other.example/x.json': {ok: 2}});
  const wrapped = previewFetch(fetchJson, p);
  assert.deepEqual(await wrapped('https://org.github.io/badges/did.json'), {ok: 1});
  assert.deepEqual(await wrapped('https://other.example/x.json'), {ok: 2});
  assert.deepEqual(wrapped.rewritten, ['https://org.github.io/badges/did.json']);
  assert.deepEqual(fetchJson.calls, ['http://localhost:8000/badges/did.json', 'https://other.example/x.json']);
  assert.equal(previewNote(p), 'Local preview: the issuer\'s files were read from this preview server, not from org.github.io.');
  assert.deepEqual(previewFetch(fetchJson, null).rewritten, []);
});

test('a credential of the public site verifies on the preview with the DID document read locally', async () => {
  const did = 'did:web:org.github.io:badges';
  const vm = `${did}#${TEST_KEY.publicKeyMultibase}`;
  const credential = await signDocument(unsignedBadge(did), vm);
  const fetchJson = previewFetch(fixtureFetch({'http://localhost:8000/badges/did.json': didDocument(did)}), preview());
  const report = await verifyCredential(credential, {fetchJson, now: NOW});
  assert.equal(report.verdict, 'verified');
  assert.equal(checkOf(report, 'issuer_key').state, 'pass');
  assert.equal(report.issuerDomain, 'org.github.io/badges');
  assert.deepEqual(fetchJson.rewritten, ['https://org.github.io/badges/did.json']);
});

test('isLocalHostname', () => {
  assert.ok(isLocalHostname('localhost') && isLocalHostname('127.0.0.1') && isLocalHostname('[::1]'));
  assert.ok(!isLocalHostname('localhost.example') && !isLocalHostname('127.0.0.2') && !isLocalHostname('::1'));
});
