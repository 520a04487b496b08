// The `format` check: the shape an Open Badges 3.0 credential must have before anything else
// is worth checking, and that its JSON is one plain tree of the graph its proof signs.
import TABLE from '../../src/badgepress/checks.json' with {type: 'json'};
import {bundledContextUrls} from './loader.js';
import {schemaErrors, schemaMessage} from './schema.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** By first @context: the required date field and the from/until fields (checks.json). */
export const DATA_MODELS = Object.freeze(TABLE.dataModels);
export const OB3_CONTEXT_PATTERN = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$/;
const DATE_TIME_STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TEXT_FIELDS = new Set(['name', 'description', 'narrative', 'validFrom', 'validUntil', 'issuanceDate', 'expirationDate', 'awardedDate']);
const LIST_FIELDS = new Set(['identifier', 'evidence']);
const BUNDLED = new Set(bundledContextUrls());
const OB_TYPES = ['OpenBadgeCredential', 'AchievementCredential'];
/** Credential type -> its JSON Schema (as Python's model.credential.SCHEMAS; null: none). */
const SCHEMA_OF_TYPE = Object.freeze({
  EndorsementCredential: 'ob_v3p0_endorsementcredential_schema.json',
  ClrCredential: null,
});
const ACHIEVEMENT_SCHEMA = 'ob_v3p0_achievementcredential_schema.json';
export const EMBEDDED = 'verifiableCredential';
/** The most credentials a CLR may embed (Python's verify.MAX_EMBEDDED). */
export const MAX_EMBEDDED = 1000;

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asArray(value) {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Milliseconds since the epoch of an XSD dateTimeStamp ("2024-01-01T00:00:00Z", with a
 * time zone), or NaN for anything else (no time zone, "yesterday", 30 February...).
 */
export function parseDateTimeStamp(value) {
  const m = typeof value === 'string' ? DATE_TIME_STAMP.exec(value) : null;
  if(!m) {
    return NaN;
  }
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if(day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d ||
     day.getUTCHours() !== h || day.getUTCMinutes() !== mi || day.getUTCSeconds() !== s) {
    return NaN;
  }
  return Date.parse(value);
}

/** The data model (checks.json "dataModels") named by the first @context, or undefined. */
export function dataModelOf(credential) {
  const context = isObject(credential) ? credential['@context'] : undefined;
  const first = Array.isArray(context) ? context[0] : undefined;
  return typeof first === 'string' && Object.hasOwn(DATA_MODELS, first) ? DATA_MODELS[first] : undefined;
}

function bound(credential, fields, pick) {
  const present = fields.filter(f => credential[f] !== undefined)
    .map(field => ({field, value: credential[field], ms: parseDateTimeStamp(credential[field])}));
  return present.length ? present.reduce((a, b) => pick(b.ms, a.ms) ? b : a) : null;
}

/**
 * The validity window as Python's Credential reads it: the latest of the data model's
 * "from" dates and the earliest of its "until" dates present, each {field, value, ms}.
 */
export function validityOf(credential) {
  const model = dataModelOf(credential);
  if(!model) {
    return {from: null, until: null};
  }
  return {from: bound(credential, model.from, (a, b) => a > b), until: bound(credential, model.until, (a, b) => a < b)};
}

/** The credential's type names (text values of `type`). */
export function typeNames(credential) {
  return isObject(credential) ? asArray(credential.type).filter(t => typeof t === 'string') : [];
}

/** The kind of credential: 'endorsement', 'clr' or 'achievement'. */
export function kindOf(credential) {
  const types = typeNames(credential);
  return types.includes('EndorsementCredential') ? 'endorsement' : types.includes('ClrCredential') ? 'clr' : 'achievement';
}

/** The JSON Schema (a key of schema.js SCHEMAS) the credential's type must match, or null. */
export function schemaOf(credential) {
  const type = typeNames(credential).find(t => Object.hasOwn(SCHEMA_OF_TYPE, t));
  return type ? SCHEMA_OF_TYPE[type] : ACHIEVEMENT_SCHEMA;
}

/** OB 3.0 Serialization §Compacted document form: classes whose type may be one value, and
 * members of a credential that may be one object instead of a list (checks.json). */
const COMPACTED_TYPES = new Set(TABLE.schema.compacted.types);
const COMPACTED_LISTS = TABLE.schema.compacted.lists;
/** Classes whose image the schema wants as an Image object and OB 3.0 lets be written as
 * the image's id alone (checks.json schema.images; each class's schema requires its name in
 * type, so a node is known by it). */
const IMAGE_CLASSES = new Set(TABLE.schema.images);

const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/** VC 2.0 date field -> its VC 1.1 name, as the schema reads a VC 1.1 credential. */
const VC_V1_NAMES = Object.freeze({validFrom: 'issuanceDate', validUntil: 'expirationDate'});
/** A node whose type names one of these is a credential, read by its own first context. */
const CREDENTIAL_TYPES = ['VerifiableCredential', 'EndorsementCredential'];

/** The JSON pointer of a path: [parent's path, key or index], null for the credential. */
function pointerOf(path) {
  const keys = [];
  for(let at = path; at !== null; at = at[0]) {
    keys.push(`/${escapeToken(at[1])}`);
  }
  return keys.reverse().join('');
}

/**
 * `node` (at `path`, see pointerOf: a pointer is spelt out only for a renamed field) as the
 * schema reads it (the same object if unchanged), adding the pointers it renames to
 * `renamed` (Python's model.credential._viewed).
 */
function viewed(node, path, renamed, top = false) {
  if(Array.isArray(node)) {
    const items = node.map((item, i) => viewed(item, [path, i], renamed));
    return items.every((item, i) => item === node[i]) ? node : items;
  }
  if(!isObject(node)) {
    return node;
  }
  const changed = {};
  for(const [key, value] of Object.entries(node)) {
    const item = viewed(value, [path, key], renamed);
    if(item !== value) {
      changed[key] = item;
    }
  }
  if(typeof node.type === 'string' && COMPACTED_TYPES.has(node.type)) {
    changed.type = [node.type];
  }
  if(typeof node.image === 'string' && asArray(node.type).some(t => IMAGE_CLASSES.has(t))) {
    changed.image = {id: node.image, type: 'Image'};
  }
  if(top || asArray(node.type).some(t => CREDENTIAL_TYPES.includes(t))) {
    for(const key of COMPACTED_LISTS) {
      if(isObject(node[key])) {
        changed[key] = [key in changed ? changed[key] : node[key]];
      }
    }
    const contexts = node['@context'];
    if(Array.isArray(contexts) && contexts[0] === VC_V1_CONTEXT) {
      changed['@context'] = [VC_V2_CONTEXT, ...('@context' in changed ? changed['@context'] : contexts).slice(1)];
      const at = pointerOf(path);
      for(const [v2, v1] of Object.entries(VC_V1_NAMES)) {
        if(!Object.hasOwn(node, v2)) { // what is missing or wrong there is the VC 1.1 field
          renamed[`${at}/${v2}`] = `${at}/${v1}`;
          if(Object.hasOwn(node, v1)) {
            changed[v2] = v1 in changed ? changed[v1] : node[v1];
          }
        }
      }
    }
  }
  return Object.keys(changed).length ? {...node, ...changed} : node;
}

/**
 * The credential as the OB 3.0 JSON Schema (written for VC 2.0, in uncompacted form) reads
 * it, and the pointers renamed to get there (view's pointer -> the stored field's; Python's
 * model.credential.schema_view): each credential in it (the credential and every embedded
 * one: an endorsement, a CLR's credentials) whose own first context is VC 1.1's is read with
 * that context as VC 2.0's and its issuanceDate/expirationDate as validFrom/validUntil; what
 * the compacted form writes as one value ("type": "Profile", one proof object) as a list of
 * one; an image written as its id alone, where the schema wants an Image (IMAGE_CLASSES), as
 * {"id": that text, "type": "Image"} (such an Image always passes, so no error names a field
 * the view adds). The credential itself is never changed.
 */
export function schemaView(credential) {
  const renamed = {};
  const view = viewed(credential, null, renamed, true);
  return {view, renamed};
}

/** The schema problem (one sentence, as Python words it), or null when the schema passes. */
export function schemaProblem(credential) {
  const name = schemaOf(credential);
  if(!name) {
    return null;
  }
  const {view, renamed} = schemaView(credential);
  const errors = schemaErrors(view, name);
  if(!errors.length) {
    return null;
  }
  const pointer = renamed[errors[0].pointer] || errors[0].pointer;
  return `${pointer}: ${schemaMessage(name, errors)}`;
}

/** What is wrong with a CLR's shape (Python's verify._check_record_shape), or null. */
export function recordProblem(credential) {
  const embedded = isObject(credential.credentialSubject) ? credential.credentialSubject[EMBEDDED] : undefined;
  const pointer = `/credentialSubject/${EMBEDDED}`;
  if(!Array.isArray(embedded) || !embedded.length) {
    return `${pointer}: a ClrCredential must embed at least one credential`;
  }
  if(embedded.length > MAX_EMBEDDED) {
    return `${pointer}: embeds ${embedded.length.toLocaleString('en')} credentials; this verifier checks at most ${MAX_EMBEDDED.toLocaleString('en')}`;
  }
  return null;
}

/** The issuer's id (issuer may be a string or a Profile object), or undefined. */
export function issuerIdOf(credential) {
  const issuer = isObject(credential) ? credential.issuer : undefined;
  if(typeof issuer === 'string') {
    return issuer;
  }
  return isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

function escapeToken(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Every [pointer, key, value] below `value`, like Python's jsonld.canon.walk. */
function* walk(value, pointer = '') {
  if(Array.isArray(value)) {
    for(let i = 0; i < value.length; i++) {
      yield [`${pointer}/${i}`, i, value[i]];
      yield* walk(value[i], `${pointer}/${i}`);
    }
  } else if(isObject(value)) {
    for(const [key, item] of Object.entries(value)) {
      const child = `${pointer}/${escapeToken(key)}`;
      yield [child, key, item];
      yield* walk(item, child);
    }
  }
}

function shownAt(pointer) {
  const pattern = pointer.replace(/\/\d+(?=\/|$)/g, '/*');
  // A CLR's embedded credentials are shown as credentials of their own (checks.json).
  const own = pattern.startsWith(TABLE.shownEmbedded) ? pattern.slice(TABLE.shownEmbedded.length) : null;
  return TABLE.shown[pattern || '/'] || (own !== null && TABLE.shown[own || '/']) || [];
}

/**
 * What makes the JSON something other than one plain tree of the signed graph (the same
 * rules as Python's check_plain_tree): an embedded @context, any other JSON-LD keyword, a
 * property spelt as an IRI, a context that is not bundled, a shown field of a node written in another object with its id,
 * or a shown field that is not plain text / a list.
 *
 * @returns {string[]} plain-words problems naming the JSON pointer.
 */
export function treeProblems(credential) {
  const problems = [];
  const groups = new Map();
  if(typeof credential.id === 'string') {
    groups.set(credential.id, [['', credential]]);
  }
  for(const [pointer, key, value] of walk(credential)) {
    if(key === '@context') {
      const urls = asArray(value);
      if(urls.some(c => typeof c !== 'string')) {
        problems.push(`${pointer}: an embedded @context could redefine what the credential's terms mean`);
      }
      const unknown = urls.find(c => typeof c === 'string' && !BUNDLED.has(c));
      if(unknown) {
        problems.push(`${pointer}: context not bundled: ${unknown} (this verifier never fetches a context)`);
      }
    } else if(typeof key === 'string' && key.startsWith('@')) {
      problems.push(`${pointer}: the JSON-LD keyword ${key} re-shapes what is signed`);
    } else if(typeof key === 'string' && key.includes(':')) {
      problems.push(`${pointer}: the property "${key}" is spelt as an IRI`);
    }
    const parent = pointer.slice(0, pointer.lastIndexOf('/'));
    if(shownAt(parent).includes(key)) {
      if(TEXT_FIELDS.has(key) && typeof value !== 'string') {
        problems.push(`${pointer} must be a text`);
      } else if(LIST_FIELDS.has(key) && !Array.isArray(value)) {
        problems.push(`${pointer} must be a list`);
      }
    }
    // A node a page reads where the JSON holds only its id ("issuer": "did:…") counts as
    // an object without fields.
    const node = isObject(value) && typeof value.id === 'string' ? [value.id, value] :
      typeof value === 'string' && shownAt(pointer).length ? [value, {}] : null;
    if(node) {
      if(!groups.has(node[0])) {
        groups.set(node[0], []);
      }
      groups.get(node[0]).push([pointer, node[1]]);
    }
  }
  for(const [id, objects] of groups) {
    if(objects.length < 2) {
      continue;
    }
    const fields = new Set(objects.flatMap(([pointer]) => shownAt(pointer)));
    for(const [pointer, value] of objects) {
      const own = shownAt(pointer);
      const moved = Object.keys(value).filter(k => fields.has(k) && !own.includes(k)).sort();
      if(moved.length) {
        problems.push(`${pointer}/${escapeToken(moved[0])}: ${id} is described in more than one JSON object and its "${moved[0]}" sits where no page shows it`);
      }
    }
  }
  return problems;
}

/**
 * Lists what is wrong with a credential's shape (empty list = well-formed).
 *
 * @param {any} credential parsed JSON.
 * @returns {string[]} one plain-words problem per item, naming the field.
 */
export function formatProblems(credential) {
  if(!isObject(credential)) {
    return ['the credential is not a JSON object'];
  }
  const problems = [];
  const context = credential['@context'];
  const model = dataModelOf(credential);
  if(!model) {
    problems.push(`@context must start with one of ${Object.keys(DATA_MODELS).join(', ')}`);
  } else if(kindOf(credential) !== 'clr' && (typeof context[1] !== 'string' || !OB3_CONTEXT_PATTERN.test(context[1]))) {
    problems.push('the second @context entry must be an Open Badges 3.0 context URL');
  }
  const types = asArray(credential.type);
  if(types.some(t => typeof t !== 'string')) {
    problems.push('type must hold only text values');
  }
  if(!types.includes('VerifiableCredential')) {
    problems.push('type must include VerifiableCredential');
  }
  const kind = kindOf(credential);
  if(kind === 'achievement' && !OB_TYPES.some(t => types.includes(t))) {
    problems.push('type must include OpenBadgeCredential (or AchievementCredential, EndorsementCredential, ClrCredential)');
  }
  if(typeof credential.id !== 'string' || credential.id === '') {
    problems.push('id is missing');
  }
  if(issuerIdOf(credential) === undefined) {
    problems.push('issuer (or issuer.id) is missing');
  }
  if(model && Number.isNaN(parseDateTimeStamp(credential[model.required]))) {
    problems.push(`${model.required} is missing or not a date-time with a time zone`);
  }
  for(const field of model ? [...model.from, ...model.until] : []) {
    if(field !== model.required && credential[field] !== undefined && Number.isNaN(parseDateTimeStamp(credential[field]))) {
      problems.push(`${field} is not a date-time with a time zone`);
    }
  }
  if(credential.awardedDate !== undefined && Number.isNaN(parseDateTimeStamp(credential.awardedDate))) {
    problems.push('awardedDate is not a date-time with a time zone');
  }
  if(!isObject(credential.credentialSubject)) {
    problems.push('credentialSubject is missing');
  } else if(kind === 'achievement' && !isObject(credential.credentialSubject.achievement)) {
    problems.push('credentialSubject.achievement is missing');
  } else if(kind === 'clr' && recordProblem(credential)) {
    problems.push(recordProblem(credential));
  }
  const schema = problems.length ? null : schemaProblem(credential);
  if(schema) {
    problems.push(schema);
  }
  return problems.length ? problems : treeProblems(credential);
}
