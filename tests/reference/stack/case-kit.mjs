// What the verdict-case generators share: where the cases live, the issuer and signing
// moment of the table's other cases, the published W3C vc-di-eddsa test key as an
// Ed25519 Multikey of any controller, and writing one case file.
import {readFileSync, writeFileSync} from 'node:fs';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

export const REF = new URL('../', import.meta.url);
export const CASES = new URL('verdicts/cases/', REF);
export const readJson = url => JSON.parse(readFileSync(url, 'utf8'));
export const clone = value => JSON.parse(JSON.stringify(value));

export const SIGNED = new Date('2026-01-02T03:04:05Z');
export const ISSUER = 'did:web:example-academy.github.io:badges';
export const W3C_KEY = readJson(new URL('test-vectors/keyPair.json', REF));

/** The published W3C test key as the Multikey `controller#<public key>`. */
export const w3cKeyOf = controller => Ed25519Multikey.from({
  '@context': 'https://w3id.org/security/multikey/v1', type: 'Multikey',
  id: `${controller}#${W3C_KEY.publicKeyMultibase}`, controller,
  publicKeyMultibase: W3C_KEY.publicKeyMultibase, secretKeyMultibase: W3C_KEY.privateKeyMultibase,
});

/** Write the case `name` into tests/reference/verdicts/cases/. */
export const writeCase = (name, value) =>
  writeFileSync(new URL(`${name}.json`, CASES), JSON.stringify(value, null, 2) + '\n');
