// What was earned, as the badge page shows it (src/badgepress/site/badge.py, badge.html):
// issuer logo and name, the achievement image, recipient, achievement name and description,
// criteria (summary and "Full criteria"), skills, alignments by name, the narrative as
// Markdown, evidence by name, dates in words. Every value is from a hostile credential:
// text through textContent, names isolated in <bdi> without bidi controls, Markdown through
// markdown.js's allow-list, links only to http(s) addresses.
import {humanDate} from './checks.js';
import {markdownNodes} from './markdown.js';
import {withoutBidi} from './text.js';

const RASTER_OR_SVG = /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i;

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value) {
  const clean = typeof value === 'string' ? withoutBidi(value).trim() : '';
  return clean || null;
}

function href(value) {
  return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null;
}

function asList(value) {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/**
 * The address an image of the credential may be loaded from, or null. Loaded: a data: URI
 * of a raster image or SVG (an <img> runs no script of either), and an address on this
 * page's own site (after a local preview's rewriting). Not loaded: any other address, http
 * or https — fetching it would tell its host who looked at the credential, and the page's
 * Content-Security-Policy (img-src 'self' data:) refuses it anyway.
 *
 * @param {any} image the credential's image field (a URL or an Image object).
 * @param {string} pageUrl the page's own URL.
 * @param {(url: string) => string} [rewrite] a local preview's rewriting (preview.js).
 * @returns {string|null}
 */
export function imageSource(image, pageUrl, rewrite = url => url) {
  const url = isObject(image) ? image.id : image;
  if(typeof url !== 'string') {
    return null;
  }
  if(RASTER_OR_SVG.test(url)) {
    return url;
  }
  let target;
  try {
    target = new URL(rewrite(url), pageUrl);
  } catch {
    return null;
  }
  return /^https?:$/.test(target.protocol) && target.origin === new URL(pageUrl).origin &&
    !target.username && !target.password ? target.href : null;
}

function el(doc, tag, attrs = {}, children = []) {
  const node = doc.createElement(tag);
  for(const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  node.append(...children.map(c => typeof c === 'string' ? doc.createTextNode(c) : c));
  return node;
}

function bdi(doc, value, attrs = {}) {
  return el(doc, 'bdi', attrs, [value]);
}

function anchor(doc, url, children) {
  return el(doc, 'a', {href: url, rel: 'nofollow noopener', referrerpolicy: 'no-referrer'}, children);
}

function img(doc, src, attrs) {
  // referrerpolicy: even an address on this site is not told which page showed it.
  return el(doc, 'img', {src, referrerpolicy: 'no-referrer', ...attrs});
}

function summary(markdown) {
  return markdown.split('\n\n', 1)[0];
}

function criteriaSection(doc, achievement) {
  const criteria = isObject(achievement.criteria) ? achievement.criteria : {};
  const narrative = text(criteria.narrative);
  const full = href(criteria.id);
  const tags = [...new Set(asList(achievement.tag).map(text).filter(Boolean))].sort();
  const seen = new Set();
  const alignments = asList(achievement.alignment).filter(isObject)
    .map(a => ({name: text(a.targetName), href: href(a.targetUrl), framework: text(a.targetFramework), code: text(a.targetCode)}))
    .filter(a => a.name && !seen.has(JSON.stringify(a)) && seen.add(JSON.stringify(a)))
    .sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : (a.href || '') < (b.href || '') ? -1 : 1);
  if(!narrative && !tags.length && !alignments.length) {
    return null;
  }
  const section = el(doc, 'section', {class: 'bp-earned-for', 'aria-labelledby': 'bp-content-criteria'},
    [el(doc, 'h3', {id: 'bp-content-criteria'}, ['What it takes'])]);
  if(narrative) {
    section.append(el(doc, 'div', {class: 'bp-criteria'}, markdownNodes(doc, summary(narrative))));
  }
  if(full) {
    section.append(el(doc, 'p', {}, [anchor(doc, full, ['Full criteria'])]));
  }
  if(tags.length) {
    section.append(el(doc, 'p', {class: 'bp-tags'}, [el(doc, 'span', {class: 'bp-sr'}, ['Skills: ']),
      ...tags.flatMap(tag => [el(doc, 'span', {class: 'bp-tag'}, [bdi(doc, tag)]), ' '])]));
  }
  if(alignments.length) {
    section.append(el(doc, 'h4', {}, ['Aligned to']), el(doc, 'ul', {class: 'bp-alignments'},
      alignments.map(a => el(doc, 'li', {}, [a.href ? anchor(doc, a.href, [bdi(doc, a.name)]) : bdi(doc, a.name),
        ...(a.framework ? [` (${a.framework})`] : []), ...(a.code ? [` · ${a.code}`] : [])]))));
  }
  return section;
}

function evidenceSection(doc, credential) {
  const items = asList(credential.evidence).filter(isObject).map(item => {
    const url = href(item.id);
    return {label: text(item.name) || text(item.narrative) || url || 'Evidence', href: url};
  }).sort((a, b) => a.label < b.label ? -1 : a.label > b.label ? 1 : (a.href || '') < (b.href || '') ? -1 : 1);
  if(!items.length) {
    return null;
  }
  return el(doc, 'section', {class: 'bp-evidence-list', 'aria-labelledby': 'bp-content-evidence'}, [
    el(doc, 'h3', {id: 'bp-content-evidence'}, ['Evidence']),
    el(doc, 'ul', {class: 'bp-evidence'}, items.map(item =>
      el(doc, 'li', {}, [item.href ? anchor(doc, item.href, [item.label]) : item.label])))]);
}

/**
 * The rich part of an achievement credential's content, as the badge page shows it.
 *
 * @param {Document} doc
 * @param {object} credential an OpenBadgeCredential / AchievementCredential.
 * @param {{recipient: string, images: (image: any) => string|null, verified: boolean}} options
 *   the recipient in plain words (render.js recipientOf), which image addresses load
 *   (imageSource), and whether the credential verified (else the heading says it is a claim).
 * @returns {HTMLElement} an <article class="bp-verify-earned">.
 */
export function earnedContent(doc, credential, {recipient, images, verified}) {
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const issuer = isObject(credential.issuer) ? credential.issuer : {};
  const issuerName = text(issuer.name) || text(typeof credential.issuer === 'string' ? credential.issuer : issuer.id) || 'unknown issuer';
  const name = text(achievement.name) || text(credential.name) || 'unnamed achievement';
  const article = el(doc, 'article', {class: 'bp-verify-earned', 'aria-labelledby': 'bp-content-title'});
  article.append(el(doc, 'h2', {id: 'bp-content-title', class: 'bp-content-title'},
    [verified ? 'What was earned' : 'What it claims (not verified)']));
  const logo = images(issuer.image);
  article.append(el(doc, 'p', {class: 'bp-issuer-line'}, [
    ...(logo ? [img(doc, logo, {class: 'bp-issuer-logo', alt: '', width: '40', height: '40'})] : []),
    bdi(doc, issuerName, {class: 'bp-issuer-name'})]));
  const head = el(doc, 'div', {class: 'bp-badge-head'});
  const image = images(achievement.image);
  if(image) {
    head.append(img(doc, image, {class: 'bp-badge-image', alt: `${name} badge`, width: '200', height: '200'}));
  }
  const date = text(credential.awardedDate) || text(credential.validFrom) || text(credential.issuanceDate);
  const issued = date ? [' on ', el(doc, 'time', {datetime: date.slice(0, 10)}, [humanDate(date)])] : [];
  head.append(el(doc, 'div', {}, [
    el(doc, 'p', {class: 'bp-recipient-line'}, [bdi(doc, withoutBidi(recipient), {class: 'bp-recipient'})]),
    el(doc, 'p', {class: 'bp-earned'}, ['earned ', el(doc, 'strong', {class: 'bp-achievement'}, [bdi(doc, name)])]),
    el(doc, 'p', {class: 'bp-issued-by'}, ['issued by ', bdi(doc, issuerName), ...issued])]));
  article.append(head);
  const description = text(achievement.description);
  if(description) {
    article.append(el(doc, 'p', {class: 'bp-description'}, [description]));
  }
  const criteria = criteriaSection(doc, achievement);
  if(criteria) {
    article.append(criteria);
  }
  const narrative = text(subject.narrative);
  if(narrative) {
    article.append(el(doc, 'section', {class: 'bp-narrative', 'aria-labelledby': 'bp-content-narrative'},
      [el(doc, 'h3', {id: 'bp-content-narrative'}, ['About this award']), ...markdownNodes(doc, narrative)]));
  }
  const evidence = evidenceSection(doc, credential);
  if(evidence) {
    article.append(evidence);
  }
  return article;
}
