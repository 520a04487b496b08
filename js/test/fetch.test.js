// The browser fetcher's limits (issue 12, class 7) against a real HTTP server on loopback:
// URL rules, a total deadline against a trickling server, a size cap.
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {test} from 'node:test';
import {boundedFetch, checkFetchUrl} from '../src/fetch.js';

const LOCAL_PAGE = 'http://localhost:8000/badges/verify/';
const SITE_PAGE = 'https://example.org/badges/verify/';

async function serve(handler, run) {
  const server = createServer(handler);
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    return await run(`http://127.0.0.1:${server.address().port}`);
  } finally {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
}

test('URL tricks to reach plain http are refused, even from a local page', () => {
  for(const url of ['http://localhost@evil.example/did.json', 'http://localhost.evil.example/did.json',
    'http://127.0.0.1.nip.io/did.json', 'http://evil.example/did.json', 'https://user@example.org/x',
    'ftp://localhost/did.json', 'file:///etc/passwd', 'javascript:alert(1)', 'http://[::1']) {
    assert.throws(() => checkFetchUrl(url, LOCAL_PAGE), /refusing to fetch/, url);
  }
});

test('plain http to loopback only from a page on loopback (a local preview)', () => {
  assert.equal(checkFetchUrl('http://localhost:9/did.json', LOCAL_PAGE), 'http://localhost:9/did.json');
  assert.equal(checkFetchUrl('http://[::1]:9/x', LOCAL_PAGE), 'http://[::1]:9/x');
  assert.throws(() => checkFetchUrl('http://localhost:9/did.json', SITE_PAGE), /only https URLs are fetched/);
  assert.equal(checkFetchUrl('credential.json', SITE_PAGE), 'https://example.org/badges/verify/credential.json');
});

test('a trickling server is cut at the total deadline', async () => {
  await serve((request, response) => {
    response.writeHead(200, {'content-type': 'application/json'});
    const timer = setInterval(() => response.write('x'), 20);
    response.on('close', () => clearInterval(timer));
  }, async origin => {
    const started = Date.now();
    await assert.rejects(boundedFetch(`${origin}/did.json`, 1024 * 1024, {deadline: 500, base: LOCAL_PAGE}),
      /no complete answer from .* within 0.5 s/);
    assert.ok(Date.now() - started < 2000);
  });
});

test('an answer over the cap is refused, declared or not', async () => {
  await serve((request, response) => {
    response.writeHead(200, request.url === '/declared' ? {'content-length': String(3 << 20)} : {});
    response.end(Buffer.alloc(3 << 20));
  }, async origin => {
    for(const path of ['/declared', '/chunked']) {
      await assert.rejects(boundedFetch(origin + path, 1 << 20, {base: LOCAL_PAGE}), /larger than 1048576 bytes/);
    }
    assert.equal((await boundedFetch(`${origin}/chunked`, 4 << 20, {base: LOCAL_PAGE})).length, 3 << 20);
  });
});
