// A stacked badge's components (the "Earned with" list its page carries, made at build
// from the credential's evidence): each component credential is fetched from this site
// and verified with the same verifier, its verdict shown beside it; the badge's headline
// counts the verified ones. Only links to this page's own origin are followed.
import {MESSAGES, result, verdictOf} from './checks.js';
import {achievementLine} from './records.js';

const SELECTOR = '[data-bp-component]';

function unreadable(message) {
  const checks = [result('format', 'fail', message)];
  return {...verdictOf(checks), checks, notes: [], about: []};
}

async function checkOne(item, {fetchJson, verify, origin}) {
  const expected = item.getAttribute('data-bp-component');
  const link = item.querySelector('a[href]');
  const page = link ? new URL(link.getAttribute('href'), item.ownerDocument.baseURI) : null;
  if(!page || page.origin !== origin) {
    return unreadable(MESSAGES.componentUnavailable.replace('{reason}', 'its address is not on this site'));
  }
  let credential;
  try {
    credential = await fetchJson(new URL('credential.json', page).href);
  } catch(error) {
    return unreadable(MESSAGES.componentUnavailable.replace('{reason}', String(error && error.message)));
  }
  const found = credential !== null && typeof credential === 'object' ? credential.id : undefined;
  if(found !== expected) {
    return unreadable(MESSAGES.componentMismatch.replace('{found}', typeof found === 'string' ? found : 'no id'));
  }
  const report = await verify(credential, {expand: false});
  return {...report, about: [achievementLine(credential), ...report.about]};
}

/**
 * Verifies every component listed on `doc`, marks each list item with its verdict and
 * headline, and returns `report` with the components as its children and their count in
 * its headline (unchanged when the page lists none, or the credential is not well-formed).
 *
 * @param {Document} doc the badge page.
 * @param {object} report the stacked credential's own report (verifyCredential()).
 * @param {{fetchJson: (url: string) => Promise<any>,
 *   verify: (credential: any, options: object) => Promise<object>}} options
 */
export async function withComponents(doc, report, {fetchJson, verify}) {
  const items = [...doc.querySelectorAll(SELECTOR)];
  if(!items.length || report.checks[0].state !== 'pass') {
    return report;  // as Python's components.py: only a well-formed credential names components
  }
  const origin = new URL(doc.baseURI).origin;
  const children = [];
  for(const item of items) {
    const child = {...await checkOne(item, {fetchJson, verify, origin}), pointer: item.getAttribute('data-bp-component')};
    item.setAttribute('data-verdict', child.verdict);
    const verdict = item.querySelector('.bp-component-verdict');
    if(verdict) {
      verdict.textContent = child.headline;
    }
    children.push(child);
  }
  const good = children.filter(c => c.verdict === 'verified').length;
  return {...report, children,
    headline: report.headline + MESSAGES.componentCount.replace('{verified}', good).replace('{total}', children.length)};
}
