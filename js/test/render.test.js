// Plain-words recipient shown by the verify page (render.js, no DOM needed).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {recipientOf} from '../src/render.js';

const identifier = (identityType, identityHash, hashed = false) =>
  ({identifier: [{type: 'IdentityObject', identityType, identityHash, hashed}]});

test('recipient: a plain name identifier, then subject name, else kind and value', () => {
  // As on the badge page: a plain-text name identifier first, then credentialSubject.name.
  assert.equal(recipientOf({name: 'Alice Example', ...identifier('name', 'Someone Else')}), 'Someone Else');
  assert.equal(recipientOf({name: 'Alice Example'}), 'Alice Example');
  assert.equal(recipientOf(identifier('name', 'Ada Lovelace')), 'Ada Lovelace');
  assert.equal(recipientOf(identifier('emailAddress', 'ada@example.org')), 'emailAddress: ada@example.org');
  assert.equal(recipientOf(identifier('emailAddress', 'sha256$abc', true)),
    'a hashed emailAddress (only someone who knows it can confirm)');
  assert.equal(recipientOf(identifier('name', 'sha256$abc', true)),
    'a hashed name (only someone who knows it can confirm)');
  assert.equal(recipientOf({id: 'did:example:123'}), 'did:example:123');
  assert.equal(recipientOf(null), 'unknown');
});

test('recipient: identifiers are a set in the signed graph, so their JSON order changes nothing', () => {
  const ada = {type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Ada Lovelace'};
  const grace = {...ada, identityHash: 'Grace Hopper'};
  const email = {type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: 'sha256$ab'};
  assert.equal(recipientOf({identifier: [ada, grace]}), 'Ada Lovelace, Grace Hopper');
  assert.equal(recipientOf({identifier: [grace, ada]}), 'Ada Lovelace, Grace Hopper');
  const phone = {...email, identityType: 'phoneNumber', hashed: false, identityHash: '+1'};
  assert.equal(recipientOf({identifier: [email, phone]}), recipientOf({identifier: [phone, email]}));
});
