// The 1EdTech JSON Schemas the Python verifier applies, applied the same way in the browser:
// a small validator for exactly the keywords those schemas use (type, $ref, properties,
// required, additionalProperties, items, additionalItems, enum, minItems, contains, pattern,
// allOf, anyOf, oneOf; format is not enforced, as in Python), reporting violations in the
// order Python's jsonschema finds them, in the words of checks.json "schema".
// The bundle carries the schemas stripped of their annotations (scripts/build.js).
import TABLE from '../../src/badgepress/checks.json' with {type: 'json'};
import ACHIEVEMENT from '../../src/badgepress/schema/schemas/ob_v3p0_achievementcredential_schema.json' with {type: 'json'};
import ENDORSEMENT from '../../src/badgepress/schema/schemas/ob_v3p0_endorsementcredential_schema.json' with {type: 'json'};

/** Schema file name (as in Python's badgepress.schema) -> schema. */
export const SCHEMAS = Object.freeze({
  'ob_v3p0_achievementcredential_schema.json': ACHIEVEMENT,
  'ob_v3p0_endorsementcredential_schema.json': ENDORSEMENT,
});
const WORDS = TABLE.schema.words;
const MAX_ERRORS = 1000;

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeOf(value) {
  if(Array.isArray(value)) {
    return 'array';
  }
  if(value === null) {
    return 'null';
  }
  return typeof value === 'number' ? 'number' : typeof value;
}

function escapeToken(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => values[name]);
}

function listed(values) {
  return values.map(v => JSON.stringify(v)).join(', ');
}

/** The words for a failed keyword, from checks.json "schema.words" (one source with Python). */
export function schemaWords(keyword, value, instance) {
  switch(keyword) {
  case 'type':
    return fill(WORDS.type, {expected: WORDS.types[value] || value});
  case 'enum':
    return fill(WORDS.enum, {values: listed(value)});
  case 'minItems':
    return fill(WORDS.minItems, {limit: value});
  case 'contains':
    return isObject(value) && Array.isArray(value.enum) ? fill(WORDS.contains, {values: listed(value.enum)}) : WORDS.containsShape;
  case 'pattern':
    return fill(WORDS.pattern, {pattern: value});
  case 'oneOf':
    return instance ? WORDS.oneOfMany : WORDS.oneOf;
  default:
    return WORDS[keyword];
  }
}

function resolveRef(root, ref) {
  if(!ref.startsWith('#')) {
    throw new Error(`schema reference outside the schema: ${ref}`);
  }
  let node = root;
  for(const token of ref.slice(1).split('/').filter(Boolean)) {
    node = node[decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~')];
    if(node === undefined) {
      throw new Error(`schema reference not found: ${ref}`);
    }
  }
  return node;
}

/** Every violation of `schema` by `instance` as [pointer, keyword, value, extra], in order. */
function* violations(root, schema, instance, pointer) {
  if(!isObject(schema)) {
    return;
  }
  for(const [keyword, value] of Object.entries(schema)) {
    switch(keyword) {
    case '$ref':
      yield* violations(root, resolveRef(root, value), instance, pointer);
      break;
    case 'type':
      if(typeOf(instance) !== value) {
        yield [pointer, keyword, value];
      }
      break;
    case 'properties':
      if(isObject(instance)) {
        for(const [name, sub] of Object.entries(value)) {
          if(Object.hasOwn(instance, name)) {
            yield* violations(root, sub, instance[name], `${pointer}/${escapeToken(name)}`);
          }
        }
      }
      break;
    case 'required':
      if(isObject(instance)) {
        for(const name of value) {
          if(!Object.hasOwn(instance, name)) {
            yield [`${pointer}/${escapeToken(name)}`, keyword, value];
          }
        }
      }
      break;
    case 'additionalProperties':
      if(isObject(instance) && value === false) {
        const extra = Object.keys(instance).find(k => !Object.hasOwn(schema.properties || {}, k));
        if(extra !== undefined) {
          yield [`${pointer}/${escapeToken(extra)}`, keyword, value];
        }
      } else if(isObject(instance) && isObject(value)) {
        for(const name of Object.keys(instance).filter(k => !Object.hasOwn(schema.properties || {}, k))) {
          yield* violations(root, value, instance[name], `${pointer}/${escapeToken(name)}`);
        }
      }
      break;
    case 'items':
      if(Array.isArray(instance)) {
        const tuple = Array.isArray(value);
        const count = tuple ? Math.min(value.length, instance.length) : instance.length;
        for(let i = 0; i < count; i++) {
          yield* violations(root, tuple ? value[i] : value, instance[i], `${pointer}/${i}`);
        }
      }
      break;
    case 'additionalItems':
      if(Array.isArray(instance) && Array.isArray(schema.items)) {
        for(let i = schema.items.length; i < instance.length; i++) {
          yield* violations(root, value, instance[i], `${pointer}/${i}`);
        }
      }
      break;
    case 'enum':
      if(!value.some(v => JSON.stringify(v) === JSON.stringify(instance))) {
        yield [pointer, keyword, value];
      }
      break;
    case 'minItems':
      if(Array.isArray(instance) && instance.length < value) {
        yield [pointer, keyword, value];
      }
      break;
    case 'contains':
      if(Array.isArray(instance) && !instance.some(item => isValid(root, value, item))) {
        yield [pointer, keyword, value];
      }
      break;
    case 'pattern':
      if(typeof instance === 'string' && !new RegExp(value).test(instance)) {
        yield [pointer, keyword, value];
      }
      break;
    case 'allOf':
      for(const sub of value) {
        yield* violations(root, sub, instance, pointer);
      }
      break;
    case 'anyOf':
      if(!value.some(sub => isValid(root, sub, instance))) {
        yield [pointer, keyword, value];
      }
      break;
    case 'oneOf': {
      const matching = value.filter(sub => isValid(root, sub, instance)).length;
      if(matching !== 1) {
        yield [pointer, keyword, value, matching > 1];
      }
      break;
    }
    default:
      break;
    }
  }
}

function isValid(root, schema, instance) {
  return violations(root, schema, instance, '').next().done;
}

function depth(pointer) {
  return pointer.split('/').length - 1;
}

/**
 * Every violation of the named schema, deepest first (as Python's badgepress.schema orders
 * them), each as {pointer, words}.
 *
 * @param {any} document the credential as the schema reads it (see schemaView in format.js).
 * @param {string} name a key of SCHEMAS.
 * @returns {Array<{pointer: string, words: string}>}
 */
export function schemaErrors(document, name) {
  const schema = SCHEMAS[name];
  const found = [];
  for(const [pointer, keyword, value, extra] of violations(schema, schema, document, '')) {
    found.push({pointer, words: schemaWords(keyword, value, extra)});
    if(found.length >= MAX_ERRORS) {
      break;
    }
  }
  return found.map((error, i) => [error, i])
    .sort(([a, i], [b, j]) => depth(b.pointer) - depth(a.pointer) || i - j)
    .map(([{pointer, words}]) => ({pointer: pointer || '/', words}));
}

/** The sentence Python's badgepress.schema gives the first violation (checks.json "schema"). */
export function schemaMessage(name, errors) {
  const more = errors.length > 1 ? fill(TABLE.schema.more, {count: errors.length - 1}) : '';
  return fill(TABLE.schema.message, {title: TABLE.schema.titles[name], words: errors[0].words}) + more;
}
