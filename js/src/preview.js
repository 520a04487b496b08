// Local preview (`badgepress serve`, `mkdocs serve`): the pages declare the public site URL
// (<meta name="badgepress:site-url">) and their relative way to the site root
// (<meta name="badgepress:site-root">). When such a page is opened on localhost and the
// public site is elsewhere, the issuer's files (did.json, status lists, log.json) are not
// published yet, or are an older version; they are read from the preview server instead.
// Never on any other host: a public page always reads the issuer's files from the issuer.

/** Host names that mean "this computer" (URL.hostname spelling). */
export const LOCAL_HOSTNAMES = Object.freeze(['localhost', '127.0.0.1', '[::1]']);

/** True when `hostname` (as in URL.hostname) is this computer. */
export function isLocalHostname(hostname) {
  return LOCAL_HOSTNAMES.includes(String(hostname).toLowerCase());
}

function parseUrl(text, base) {
  try {
    return base === undefined ? new URL(text) : new URL(text, base);
  } catch {
    return null;
  }
}

function withTrailingSlash(url) {
  const copy = new URL(url.href);
  copy.search = '';
  copy.hash = '';
  if(!copy.pathname.endsWith('/')) {
    copy.pathname += '/';
  }
  return copy;
}

/**
 * Decides whether a page is a local preview of a public site.
 *
 * @param {{pageUrl: string, siteUrl?: string|null, siteRoot?: string|null}} page the page's
 *   own URL and the content of its two meta tags.
 * @returns {{siteUrl: string, localRoot: string, domain: string}|null} the public site URL
 *   and the preview server's site root (both ending in "/"), or null: no rewriting.
 */
export function localPreview({pageUrl, siteUrl, siteRoot}) {
  const pageParsed = parseUrl(pageUrl);
  if(!pageParsed || !/^https?:$/.test(pageParsed.protocol) || !isLocalHostname(pageParsed.hostname)) {
    return null;
  }
  if(typeof siteUrl !== 'string' || typeof siteRoot !== 'string' || siteUrl.trim() === '') {
    return null;
  }
  const site = parseUrl(siteUrl.trim());
  if(!site || !/^https?:$/.test(site.protocol) || isLocalHostname(site.hostname) ||
      site.username || site.password) {
    return null;
  }
  const root = parseUrl(siteRoot.trim(), pageParsed.href);
  if(!root || root.origin !== pageParsed.origin) {
    return null;
  }
  const publicSite = withTrailingSlash(site);
  return {siteUrl: publicSite.href, localRoot: withTrailingSlash(root).href, domain: publicSite.host};
}

/**
 * The URL to fetch instead of `url` during a local preview: the same path below the
 * preview's site root when `url` lies below the public site URL, else `url` unchanged.
 *
 * @param {string} url the URL the verifier wants (DID document, status list, log).
 * @param {{siteUrl: string, localRoot: string}|null} preview from localPreview().
 * @returns {string}
 */
export function previewUrl(url, preview) {
  if(!preview) {
    return url;
  }
  const target = parseUrl(url);
  const site = new URL(preview.siteUrl);
  if(!target || target.origin !== site.origin || target.username || target.password ||
      !target.pathname.startsWith(site.pathname)) {
    return url;
  }
  const rest = target.pathname.slice(site.pathname.length) + target.search;
  const local = new URL(preview.localRoot);
  const rewritten = new URL(local.href + rest);
  if(rewritten.origin !== local.origin || !rewritten.pathname.startsWith(local.pathname)) {
    return url;
  }
  return rewritten.href;
}

/**
 * Wraps a fetch function (url -> Promise) so that, during a local preview, URLs below the
 * public site URL are read from the preview server. `wrapped.rewritten` lists the original
 * URLs that were redirected this way.
 */
export function previewFetch(fetchFn, preview) {
  const rewritten = [];
  const wrapped = (url, options) => {
    const local = previewUrl(url, preview);
    if(local === url) {
      return options ? fetchFn(url, options) : fetchFn(url);
    }
    rewritten.push(url);
    if(!options || !options.final) {
      return fetchFn(local);
    }
    // Where the answer came from, in the public site's terms (a JWK set's place is checked).
    return fetchFn(local, options).then(answer => ({...answer, url: answer.url === local ? url : answer.url}));
  };
  wrapped.rewritten = rewritten;
  return wrapped;
}

/** The note shown in the report when the issuer's files came from the preview server. */
export function previewNote(preview) {
  return `Local preview: the issuer's files were read from this preview server, not from ${preview.domain}.`;
}

/**
 * localPreview() for the current document (its location and the two meta tags); null when
 * they are missing or unreadable: a preview problem never stops verification.
 */
export function pagePreview(doc = document) {
  try {
    const meta = name => {
      const node = doc.querySelector(`meta[name="${name}"]`);
      return node ? node.getAttribute('content') : null;
    };
    return localPreview({
      pageUrl: doc.location ? String(doc.location.href) : '',
      siteUrl: meta('badgepress:site-url'),
      siteRoot: meta('badgepress:site-root'),
    });
  } catch {
    return null;
  }
}
