// DOM rendering of a verification report and of a credential's content. Every value comes
// from an untrusted credential or network response: text goes in through textContent only.
import {VC_V2_CONTEXT, dataModelOf, kindOf} from './format.js';
import {earnedContent} from './content.js';
import {aboutOf} from './records.js';

function el(doc, tag, attrs = {}, text) {
  const node = doc.createElement(tag);
  for(const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  if(text !== undefined) {
    node.textContent = String(text);
  }
  return node;
}

const STATE_WORDS = {pass: 'Passed', warn: 'Warning', fail: 'Failed'};
const DATE_ROWS = {
  validFrom: ['valid-from', 'Valid from'], issuanceDate: ['issued', 'Issued'],
  validUntil: ['valid-until', 'Valid until'], expirationDate: ['expires', 'Expires'],
};

function issuerLine(doc, report) {
  const line = el(doc, 'p', {class: 'bp-issuer'});
  const name = report.issuerName ? el(doc, 'bdi', {class: 'bp-issuer-claimed'}, report.issuerName) : null;
  const selfAsserted = report.checks.some(c => c.id === 'issuer_key' && c.state === 'pass' && c.code === 'self-asserted');
  if(report.issuerDomain) {
    line.append(el(doc, 'span', {class: 'bp-issuer-label'}, 'Issued by '),
      name || el(doc, 'bdi', {}, report.issuerId || ''), doc.createTextNode(' — confirmed by '),
      el(doc, 'strong', {class: 'bp-issuer-domain', 'data-issuer-domain': report.issuerDomain}, report.issuerDomain));
  } else if(selfAsserted) {
    line.append(el(doc, 'span', {class: 'bp-issuer-label'}, 'Signed by the key '),
      el(doc, 'code', {class: 'bp-issuer-key'}, report.issuerId));
    if(name) {
      line.append(doc.createTextNode('. It calls itself “'), name,
        doc.createTextNode('”; no web domain confirms that name.'));
    } else {
      line.append(doc.createTextNode('; no web domain confirms who holds it.'));
    }
  } else if(report.issuerId) {
    line.append(el(doc, 'span', {class: 'bp-issuer-label'}, 'Claims to come from '),
      name || doc.createTextNode(''), doc.createTextNode(name ? ` (${report.issuerId})` : report.issuerId),
      doc.createTextNode(' — not confirmed.'));
  } else {
    line.append(el(doc, 'span', {class: 'bp-issuer-label'}, 'Issuer unknown'));
  }
  const kind = report.issuerDomain ? 'confirmed' : selfAsserted ? 'self-asserted' : 'unconfirmed';
  return {line, kind};
}

/**
 * Replaces the content of `section` with the report: the one-line headline (focusable),
 * the issuer line led by what is proven, the checks folded under a details control, then
 * any notes (`report.notes`: [{id, text}]). Sets data-verdict and data-issuer on the
 * section.
 *
 * @param {HTMLElement} section the #bp-verify element.
 * @param {object} report the result of verifyCredential().
 */
export function renderReport(section, report) {
  const doc = section.ownerDocument;
  section.replaceChildren();
  section.setAttribute('data-verdict', report.verdict);
  section.removeAttribute('aria-busy');
  section.appendChild(el(doc, 'h2', {class: 'bp-verdict', tabindex: '-1'}, report.headline));
  const {line, kind} = issuerLine(doc, report);
  section.setAttribute('data-issuer', kind);
  section.appendChild(line);

  const details = el(doc, 'details', {class: 'bp-checks-details'});
  details.appendChild(el(doc, 'summary', {}, 'How this was checked'));
  details.appendChild(checkList(doc, report.checks));
  section.appendChild(details);

  for(const note of report.notes || []) {
    section.appendChild(el(doc, 'p', {class: 'bp-note', 'data-note': note.id}, note.text));
  }
  if(report.children && report.children.length) {
    section.appendChild(embeddedList(doc, report.children));
  }
}

function checkList(doc, checks) {
  const list = el(doc, 'ul', {class: 'bp-checks'});
  for(const check of checks) {
    const item = el(doc, 'li', {'data-check': check.id, 'data-state': check.state});
    item.appendChild(el(doc, 'span', {class: 'bp-state'}, STATE_WORDS[check.state] || check.state));
    item.appendChild(doc.createTextNode(' '));
    item.appendChild(el(doc, 'strong', {class: 'bp-label'}, check.label));
    item.appendChild(el(doc, 'span', {class: 'bp-message'}, check.message));
    list.appendChild(item);
  }
  return list;
}

function lines(doc, rows) {
  const dl = el(doc, 'dl', {class: 'bp-content'});
  for(const [key, label, value] of rows) {
    dl.appendChild(el(doc, 'dt', {'data-field': key}, label));
    dl.appendChild(el(doc, 'dd', {'data-field': key}, value));
  }
  return dl;
}

function aboutRows(about) {
  return about.map(([label, text]) => [label.toLowerCase().replace(/\s+/g, '-'), label, text]);
}

/** A CLR's embedded credentials: one item each, with its own headline, lines and checks. */
function embeddedList(doc, children) {
  const list = el(doc, 'ol', {class: 'bp-embedded'});
  for(const child of children) {
    const item = el(doc, 'li', {'data-verdict': child.verdict, 'data-pointer': child.pointer});
    item.appendChild(el(doc, 'h3', {class: 'bp-verdict'}, child.headline));
    item.appendChild(lines(doc, aboutRows(child.about || [])));
    item.appendChild(checkList(doc, child.checks));
    list.appendChild(item);
  }
  return list;
}

/**
 * Puts the rendered result's one sentence (the headline, or the error), and nothing else,
 * into `announce` (a role=status live region) and returns its element, to focus.
 */
export function announceResult(section, announce) {
  const target = section.querySelector('[tabindex="-1"]');
  announce.textContent = target ? target.textContent : '';
  return target;
}

/** Shows a message (e.g. "could not read the file") in the report container. */
export function renderError(section, message) {
  const doc = section.ownerDocument;
  section.replaceChildren(el(doc, 'p', {class: 'bp-error', role: 'alert', tabindex: '-1'}, message));
  section.setAttribute('data-verdict', 'not-verified');
  section.removeAttribute('aria-busy');
}

function textOf(value) {
  return typeof value === 'string' ? value : undefined;
}

function identifierWords(identifier) {
  const kind = textOf(identifier.identityType) || 'identifier';
  if(identifier.hashed === true) {
    return `a hashed ${kind} (only someone who knows it can confirm)`;
  }
  const value = textOf(identifier.identityHash) || '?';
  return `${kind}: ${value}`;
}

/**
 * Plain-words recipient, as the badge page names it: every plain-text name identifier, else
 * credentialSubject.name, else the other identifiers, else its id. Identifiers are a set in
 * the signed graph (their JSON order is not signed), so they are sorted.
 */
export function recipientOf(subject) {
  if(!subject || typeof subject !== 'object') {
    return 'unknown';
  }
  const identifiers = (Array.isArray(subject.identifier) ? subject.identifier : [])
    .filter(i => i && typeof i === 'object');
  const names = [...new Set(identifiers
    .filter(i => i.identityType === 'name' && i.hashed === false && textOf(i.identityHash))
    .map(i => i.identityHash.trim()))].sort();
  if(names.length) {
    return names.join(', ');
  }
  if(textOf(subject.name)) {
    return subject.name;
  }
  if(identifiers.length) {
    return [...new Set(identifiers.map(identifierWords))].sort().join('; ');
  }
  return textOf(subject.id) || 'unknown';
}

/**
 * Fills `container` with the credential's content: for an achievement, what was earned as
 * the badge page shows it (content.js), then the lines as written: recipient, achievement,
 * issuer, dates (for an endorsement or a CLR: what it says, as records.js reads it).
 *
 * @param {HTMLElement} container the #bp-content element.
 * @param {object} credential
 * @param {{images?: (image: any) => string|null, verified?: boolean}} [options] which image
 *   addresses load (content.js imageSource; none by default) and whether it verified.
 */
export function renderContent(container, credential, {images = () => null, verified = false} = {}) {
  const doc = container.ownerDocument;
  container.replaceChildren();
  if(!credential || typeof credential !== 'object') {
    return;
  }
  const subject = credential.credentialSubject || {};
  const achievement = subject && typeof subject === 'object' ? subject.achievement || {} : {};
  const issuer = credential.issuer;
  const issuerName = issuer && typeof issuer === 'object' ? textOf(issuer.name) : undefined;
  const issuerId = typeof issuer === 'string' ? issuer : issuer && textOf(issuer.id);
  // An endorsement or a CLR says what it holds in lines of its own (records.js).
  const rows = kindOf(credential) === 'achievement' ? [
    ['recipient', 'Awarded to', recipientOf(subject)],
    ['achievement', 'Achievement', textOf(achievement.name) || textOf(credential.name) || 'unnamed'],
    ['issuer', 'Issuer', [issuerName, issuerId].filter(Boolean).join(' — ') || 'unknown'],
  ] : aboutRows(aboutOf(credential));
  // Every date field of the credential's data model, as written (VC 2.0: validFrom and
  // validUntil; VC 1.1: issuanceDate and expirationDate, and the 2.0 names if present).
  const model = dataModelOf(credential) || dataModelOf({'@context': [VC_V2_CONTEXT]});
  for(const field of [...model.from, ...model.until]) {
    if(field === model.required || credential[field] !== undefined) {
      rows.push([DATE_ROWS[field][0], DATE_ROWS[field][1], textOf(credential[field]) || '—']);
    }
  }
  if(kindOf(credential) === 'achievement') {
    container.appendChild(earnedContent(doc, credential, {recipient: recipientOf(subject), images, verified}));
  }
  container.appendChild(lines(doc, rows));
}
