// The DCC Learner Credential Wallet deep link, made in the browser from the page's
// credential: the same bytes as wallet_deep_link in src/badgepress/wallet.py, which cites
// the wallet's source files (app.config.js, app/lib/deepLinkConfig.ts,
// app/lib/walletRequestApi.ts, app/lib/exchanges.ts) and explains the "%" escape: the
// wallet decodes the parameter twice (query-string, then decodeURI).

export const DEEP_LINK = 'dccrequest://request';
const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/** Python's urllib.parse.quote(text, safe=''): encodeURIComponent plus !'()*. */
function quote(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The dccrequest:// link offering `credential` to the wallet (an unsigned presentation). */
export function walletDeepLink(credential) {
  const offer = {verifiablePresentation: {
    '@context': [VC_V2_CONTEXT],
    type: ['VerifiablePresentation'],
    verifiableCredential: [credential],
  }};
  const text = JSON.stringify(offer).replace(/%/g, '\\u0025');
  return `${DEEP_LINK}?request=${quote(text)}`;
}
