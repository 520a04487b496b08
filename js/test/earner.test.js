// recipient.js and wallet.js against values made by the Python side
// (badgepress.model.recipient.email_hash, badgepress.wallet.wallet_deep_link).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {checkRecipient, identityHash, normaliseEmail} from '../src/recipient.js';
import {walletDeepLink} from '../src/wallet.js';

const PY_HASH = 'sha256$ede64539b1be82f9a8d09d042b43dffb90a483609d76199dc291ada6511f2ac2';
const credential = {credentialSubject: {identifier: [
  {type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Ada'},
  {type: 'IdentityObject', identityType: 'emailAddress', hashed: true,
    identityHash: PY_HASH, salt: 's4lt'},
]}};

test('identityHash is the hash Python writes at issue', async () => {
  assert.equal(await identityHash('ada@example.com', 's4lt'), PY_HASH);
});

test('normalisation strips Python white space and lower-cases the whole address', () => {
  assert.equal(normaliseEmail('\u3000 Ada@Example.COM\u0085\t'), 'ada@example.com');
  assert.equal(normaliseEmail('\ufeffa@b.c'), '\ufeffa@b.c'); // not white space in Python
});

test('the right, a differently-cased and space-padded, and a wrong address', async () => {
  assert.equal(await checkRecipient(credential, 'ada@example.com'), 'match');
  assert.equal(await checkRecipient(credential, '  ADA@Example.com '), 'match');
  assert.equal(await checkRecipient(credential, 'eve@example.com'), 'mismatch');
});

test('no e-mail identifier, or only an md5 one, is said so', async () => {
  assert.equal(await checkRecipient({credentialSubject: {}}, 'a@b.c'), 'none');
  const md5 = {credentialSubject: {identifier: [{identityType: 'emailAddress', hashed: true,
    identityHash: 'md5$0cc175b9c0f1b6a831c399e269772661', salt: ''}]}};
  assert.equal(await checkRecipient(md5, 'a@b.c'), 'unsupported');
});

test('the deep link is the bytes wallet_deep_link makes, % escaped', () => {
  const link = walletDeepLink({id: 'https://x.example/b/1/', name: "100% it's (ok)* \u00e9"});
  assert.equal(link, 'dccrequest://request?request=%7B%22verifiablePresentation%22%3A%7B%22%40context%22%3A%5B%22https%3A%2F%2Fwww.w3.org%2Fns%2Fcredentials%2Fv2%22%5D%2C%22type%22%3A%5B%22VerifiablePresentation%22%5D%2C%22verifiableCredential%22%3A%5B%7B%22id%22%3A%22https%3A%2F%2Fx.example%2Fb%2F1%2F%22%2C%22name%22%3A%22100%5Cu0025%20it%27s%20%28ok%29%2A%20%C3%A9%22%7D%5D%7D%7D');
  const request = decodeURI(decodeURIComponent(link.split('request=')[1]));
  assert.equal(JSON.parse(request).verifiablePresentation.verifiableCredential[0].name,
    "100% it's (ok)* \u00e9");
});
