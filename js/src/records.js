// Other credential types, as Python's badgepress.model.summary and verify.check_embedded
// read them: what an EndorsementCredential or a CLR 2.0 ClrCredential says, in
// (label, text) lines, and a CLR's embedded credentials, each checked on its own.
// Every value is untrusted: these are texts for textContent, never markup.
import {kindOf} from './format.js';

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value) {
  return typeof value === 'string' && value ? value : null;
}

function who(node) {
  if(typeof node === 'string') {
    return node;
  }
  if(!isObject(node)) {
    return 'unknown';
  }
  const name = text(node.name);
  const id = text(node.id);
  return name && id ? `${name} (${id})` : name || id || 'unknown';
}

function learner(subject) {
  for(const identifier of Array.isArray(subject.identifier) ? subject.identifier : []) {
    if(isObject(identifier) && identifier.hashed === false && text(identifier.identityHash)) {
      return identifier.identityHash;
    }
  }
  return who(subject);
}

/** What one credential embedded in a CLR awards: ['Achievement', 'name — issued by … on …']. */
export function achievementLine(credential) {
  if(!isObject(credential)) {
    return ['Achievement', 'an embedded credential this verifier cannot read'];
  }
  const subject = credential.credentialSubject;
  const achievement = isObject(subject) ? subject.achievement : null;
  const name = isObject(achievement) ? text(achievement.name) : null;
  const date = text(credential.validFrom) || text(credential.issuanceDate);
  return ['Achievement', `${name || text(credential.name) || 'unnamed'} — issued by ${who(credential.issuer)}` +
    (date ? ` on ${date.slice(0, 10)}` : '')];
}

/** The [label, text] lines an endorsement or a CLR holds; [] for any other credential. */
export function aboutOf(credential) {
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const kind = kindOf(credential);
  if(kind === 'endorsement') {
    const lines = [['Endorsed by', who(credential.issuer)], ['Endorses', text(subject.id) || 'nothing named']];
    const comment = text(subject.endorsementComment);
    return comment ? [...lines, ['Comment', comment]] : lines;
  }
  if(kind !== 'clr') {
    return [];
  }
  const lines = [['Learner', learner(subject)], ['Issuer', who(credential.issuer)]];
  for(const association of Array.isArray(subject.association) ? subject.association : []) {
    if(isObject(association)) {
      lines.push(['Association', ['sourceId', 'associationType', 'targetId'].map(k => text(association[k]) || '?').join(' ')]);
    }
  }
  return lines;
}
