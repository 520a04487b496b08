// The JWS reader and checks beyond the verdict table: the size limit, a credential object
// changed after it was read from its JWT, and the header rules.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {CredentialTextError, envelopeOf, MAX_JWS_LENGTH, parseCredentialText, parseJsonText} from '../src/parse.js';
import {verifyCredential} from '../src/verify.js';
import {caseFetchMap, fixtureFetch} from './helpers.js';

const CASES = new URL('../../tests/reference/verdicts/cases/', import.meta.url);
const genuine = JSON.parse(readFileSync(fileURLToPath(new URL('jwt-genuine-es256.json', CASES)), 'utf8'));
const token = genuine.credentialText.trim();

test('a JWT over 2 MiB is refused before it is decoded', () => {
  const [header, , signature] = token.split('.');
  const huge = `${header}.${'A'.repeat(MAX_JWS_LENGTH)}.${signature}`;
  assert.throws(() => parseCredentialText(huge), error =>
    error instanceof CredentialTextError && /at most 2 MiB/.test(error.message));
});

test('the envelope stays with the credential it secures; JSON has none', () => {
  const credential = parseCredentialText(`${token}\n`);
  assert.equal(envelopeOf(credential).form, 'vc');
  assert.equal(envelopeOf(credential).header.alg, 'ES256');
  assert.equal(envelopeOf(structuredClone(credential)), null);
  assert.equal(envelopeOf(parseCredentialText(JSON.stringify(credential))), null);
});

test('fetched JSON is never read as a JWT', () => {
  assert.throws(() => parseJsonText(token), /not valid JSON/);
});

test('a credential changed after it was read from its JWT is not verified', async () => {
  const credential = parseCredentialText(token);
  const options = {now: new Date(genuine.now), fetchJson: fixtureFetch(caseFetchMap(genuine))};
  assert.equal((await verifyCredential(credential, options)).verdict, 'verified');
  credential.name = 'Changed';
  const report = await verifyCredential(credential, options);
  assert.equal(report.verdict, 'not-verified');
  assert.match(report.checks.find(c => c.id === 'signature').message, /changed after it was read from its JWT/);
});
