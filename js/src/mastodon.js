// "Post on Mastodon": the address of the post form on the visitor's own server. The server
// name is what the visitor typed, so it is checked as a host name and nothing else: no
// scheme but https, no user, port, path, query or fragment, no IP address, no single-label
// name. The address is made with URL, so no typed text can become a javascript: URL or
// leave the host part. Nothing is stored: the visitor types the server again next time.

const LABEL = '(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)';
const HOST = new RegExp(`^(?=.{4,253}$)(?:${LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`);

/** The host name in what a visitor typed ("mastodon.social", "https://mastodon.social/",
 * "@me@mastodon.social"), lower case and in its ASCII (punycode) form; null when it is
 * not one. */
export function mastodonHost(typed) {
  let text = String(typed).trim();
  const handle = /^@?[\p{L}\p{N}_.-]+@([^@\s]+)$/u.exec(text);
  if(handle) {
    text = handle[1];
  }
  text = text.replace(/^https:\/\//iu, '').replace(/\/$/u, '');
  if(!text || /[^\p{L}\p{M}\p{N}.-]/u.test(text)) {
    return null;  // a scheme other than https, a port, a path, a user, spaces, markup…
  }
  let url;
  try {
    url = new URL(`https://${text}/`);
  } catch {
    return null;
  }
  const host = url.hostname;
  if(url.protocol !== 'https:' || url.port || url.username || url.password
     || url.pathname !== '/' || url.search || url.hash || !HOST.test(host)) {
    return null;
  }
  return host;
}

/** The address of the post form on ``host`` (from mastodonHost) with ``text``. */
export function mastodonShareUrl(host, text) {
  const url = new URL(`https://${host}/share`);
  url.searchParams.set('text', text);
  if(url.protocol !== 'https:' || url.hostname !== host) {
    throw new Error('not a Mastodon server address');
  }
  return url.href;
}
