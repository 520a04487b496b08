// Which credential images /verify/ loads, and which addresses Markdown links keep.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {imageSource} from '../src/content.js';
import {markdownTree, unsafeAddress} from '../src/markdown.js';

const PAGE = 'https://badges.example.org/site/verify/';

test('images load from data: raster/SVG and this site only, never from another host', () => {
  assert.equal(imageSource({id: 'data:image/png;base64,AAAA'}, PAGE), 'data:image/png;base64,AAAA');
  assert.equal(imageSource('data:image/svg+xml;utf8,<svg/>', PAGE), 'data:image/svg+xml;utf8,<svg/>');
  assert.equal(imageSource('data:text/html,<script>x</script>', PAGE), null);
  assert.equal(imageSource('https://badges.example.org/site/a.png', PAGE), 'https://badges.example.org/site/a.png');
  assert.equal(imageSource('https://tracker.example/a.png', PAGE), null);
  assert.equal(imageSource('http://badges.example.org/a.png', PAGE), null);
  assert.equal(imageSource('https://user@badges.example.org/a.png', PAGE), null);
  assert.equal(imageSource('javascript:alert(1)', PAGE), null);
  assert.equal(imageSource({id: 42}, PAGE), null);
  // a local preview maps the public site to the preview server
  assert.equal(imageSource('https://public.example/a.png', 'http://localhost:8000/verify/',
    url => url.replace('https://public.example/', 'http://localhost:8000/')), 'http://localhost:8000/a.png');
});

test('link addresses: script schemes in every spelling are unsafe, http(s) and mailto are not', () => {
  for(const bad of ['javascript:x', 'JaVaScRiPt:x', ' javascript:x', 'java\tscript:x', '&#106;avascript:x',
    '&#x6a;avascript:x', 'javascript&colon;x', 'data:text/html,x', 'vbscript:x', 'a&unknown;b']) {
    assert.equal(unsafeAddress(bad), true, bad);
  }
  for(const good of ['https://example.org/', 'http://example.org/', 'mailto:a@example.org', '/relative', '#top']) {
    assert.equal(unsafeAddress(good), false, good);
  }
  const [p] = markdownTree('[x](javascript:alert(1)) <b>y</b>');
  assert.deepEqual(p, {tag: 'p', attrs: {}, children: [
    {tag: 'a', attrs: {href: '#', rel: 'nofollow noopener ugc'}, children: ['x']}, ' <b>y</b>']});
});
