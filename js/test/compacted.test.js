// OB 3.0 Serialization §Compacted document form: one value where the JSON Schema wants a list
// ("type": "Profile", one proof object) is read as a list of one, as Python's
// model.credential.schema_view reads it; the credential itself is never changed.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {schemaProblem, schemaView} from '../src/format.js';

const FIELD = new URL('../../tests/reference/field/cases/', import.meta.url);
// verifier-core's v1WithValidStatus: issuer {"type": "Profile"}, one proof object.
const compacted = JSON.parse(readFileSync(fileURLToPath(new URL('dcc-v1WithValidStatus.json', FIELD)), 'utf8')).credential;

test('compacted single types and a single proof pass the schema as lists of one', () => {
  const before = structuredClone(compacted);
  assert.equal(compacted.issuer.type, 'Profile');
  assert.equal(schemaProblem(compacted), null);
  const {view} = schemaView(compacted);
  assert.deepEqual(view.issuer.type, ['Profile']);
  assert.deepEqual(view.proof, [compacted.proof]);
  assert.deepEqual(compacted, before);
});

test('a single type naming another class is still refused', () => {
  const wrong = {...compacted, issuer: {...compacted.issuer, type: 'Achievement'}};
  assert.match(schemaProblem(wrong), /^\/issuer: /);
});

test('a text type the schema wants as a text is left alone', () => {
  const subject = {...compacted.credentialSubject, identifier: [{type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Ada'}]};
  const {view} = schemaView({...compacted, credentialSubject: subject});
  assert.equal(view.credentialSubject.identifier[0].type, 'IdentityObject');
});

// The Image description: an image "can typically be represented as just the id string"; the
// OB 3.0 context types image as @id. Where the schema wants an Image, a text is read as one.
// DCC's vc-test-fixtures: the issuer's image is a plain URL.
const textImage = JSON.parse(readFileSync(fileURLToPath(new URL('dccfix-v1-ed25519-didkey-oidf-noStatus-noExpiry.json', FIELD)), 'utf8')).credential;

test('a text image where the schema wants an Image is read as the image id', () => {
  const before = structuredClone(textImage);
  assert.equal(typeof textImage.issuer.image, 'string');
  assert.equal(schemaProblem(textImage), null);
  const {view, renamed} = schemaView(textImage);
  assert.deepEqual(view.issuer.image, {id: textImage.issuer.image, type: 'Image'});
  assert.deepEqual(renamed, {'/validFrom': '/issuanceDate', '/validUntil': '/expirationDate'});
  assert.deepEqual(textImage, before);
});

test('a text image of a class without an Image, and an Image object, are left as written', () => {
  const evidence = [{type: ['Evidence'], name: 'Talk', image: textImage.issuer.image}];
  const {view} = schemaView({...textImage, evidence});
  assert.equal(view.evidence[0].image, textImage.issuer.image);
  const achievement = {...textImage.credentialSubject.achievement, image: {id: textImage.issuer.image}};
  const untyped = {...textImage, credentialSubject: {...textImage.credentialSubject, achievement}};
  assert.match(schemaProblem(untyped), /^\/credentialSubject\/achievement\/image\/type: /);
});
