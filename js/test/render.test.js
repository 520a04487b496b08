// Plain-words recipient shown by the verify page (render.js, no DOM needed).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {recipientOf} from '../src/render.js';

const identifier = (identityType, identityHash, hashed = false) =>
  ({identifier: [{type: 'IdentityObject', identityType, identityHash, hashed}]});

test('recipient: subject name, then a plain name identifier as it is, else kind and value', () => {
  assert.equal(recipientOf({name: 'Alice Example', ...identifier('name', 'Someone Else')}), 'Alice Example');
  assert.equal(recipientOf(identifier('name', 'Ada Lovelace')), 'Ada Lovelace');
  assert.equal(recipientOf(identifier('emailAddress', 'ada@example.org')), 'emailAddress: ada@example.org');
  assert.equal(recipientOf(identifier('emailAddress', 'sha256$abc', true)),
    'a hashed emailAddress (only someone who knows it can confirm)');
  assert.equal(recipientOf(identifier('name', 'sha256$abc', true)),
    'a hashed name (only someone who knows it can confirm)');
  assert.equal(recipientOf({id: 'did:example:123'}), 'did:example:123');
  assert.equal(recipientOf(null), 'unknown');
});
