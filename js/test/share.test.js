// "Post on Mastodon": what a visitor types is taken as a server's host name or refused, and
// the post address is always https on that host (attack cases: script URLs, other schemes,
// users, ports, paths, markup, IP addresses).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {mastodonHost, mastodonShareUrl} from '../src/mastodon.js';

test('a server name, its address or a handle gives the host name', () => {
  for(const typed of ['mastodon.social', ' Mastodon.Social ', 'https://mastodon.social/',
    'https://mastodon.social', '@ada@mastodon.social', 'ada@mastodon.social']) {
    assert.equal(mastodonHost(typed), 'mastodon.social', typed);
  }
  assert.equal(mastodonHost('social.example.co.uk'), 'social.example.co.uk');
  assert.equal(mastodonHost('mastodon.bücher.de'), 'mastodon.xn--bcher-kva.de');
});

test('test_mastodon_instance_prompt_refuses_anything_but_a_host_name', () => {
  for(const typed of ['', '   ', 'javascript:alert(1)', 'JavaScript:alert(document.cookie)//.org',
    'data:text/html,<script>alert(1)</script>', 'http://mastodon.social', 'ftp://mastodon.social',
    '//evil.example', 'mastodon.social/share?text=x', 'mastodon.social:8443',
    'user:pass@mastodon.social', 'evil.example#@mastodon.social', 'evil.example?.social',
    'mastodon.social\\evil.example', '"><img src=x onerror=alert(1)>.org', 'localhost',
    '127.0.0.1', '[::1]', '10.0.0.1', 'mastodon', 'a..b.org', '-bad.org', 'bad-.org',
    'mastodon.social\u0000.evil', 'mastodon.social%2f.evil', 'x'.repeat(300) + '.org',
    'mastodon.social\nhttps://evil.example']) {
    assert.equal(mastodonHost(typed), null, JSON.stringify(typed));
  }
});

test('test_mastodon_post_address_is_https_on_the_typed_host_with_the_text_encoded', () => {
  const text = 'I earned the <b>"Python & Co"</b> badge from Example Academy. '
    + 'https://org.github.io/badges/badges/abc/#x';
  const href = mastodonShareUrl(mastodonHost('mastodon.social'), text);
  const url = new URL(href);
  assert.equal(url.protocol, 'https:');
  assert.equal(url.host, 'mastodon.social');
  assert.equal(url.pathname, '/share');
  assert.equal(url.searchParams.get('text'), text);
  assert.deepEqual([...url.searchParams.keys()], ['text']);
  assert.ok(!/[<>"\s]/u.test(href), href);
  assert.throws(() => mastodonShareUrl('evil.example/x?', 'hi'));
});
