// Self-made VC-JWT fixtures, signed with panva's `jose` (pinned in package.json), never
// with badgepress: the field fixtures `selfmade-jwt-*` (tests/reference/field/cases/) and
// the JWT attack cases `jwt-*` of the verdict table (tests/reference/verdicts/cases/).
//
//   node tests/reference/stack/generate-jwt.mjs [OUT_DIR]
//
// Writes into the two case folders, or into OUT_DIR/field and OUT_DIR/verdicts (the test
// that checks a re-run reproduces the committed files). Deterministic: the keys come from
// the fixed TEST seeds below (nothing here is a real key), iat is fixed, and ECDSA
// signatures (randomised) are kept in ecdsa-signatures.json by SHA-256 of key and signing input, so a re-run
// writes the same bytes; only a new signing input gets a new signature.
import {createECDH, createHash, createPrivateKey, checkPrimeSync, createPublicKey} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {deflateSync, crc32} from 'node:zlib';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {CompactSign, UnsecuredJWT, base64url, compactVerify, importJWK} from 'jose';

const HERE = dirname(fileURLToPath(import.meta.url));
const JOSE_VERSION = JSON.parse(readFileSync(join(HERE, 'node_modules/jose/package.json'), 'utf8')).version;
const SCRIPT = 'tests/reference/stack/generate-jwt.mjs';
const SIGNATURES = join(HERE, 'ecdsa-signatures.json');
const out = process.argv[2];
const FIELD = out ? join(out, 'field') : join(HERE, '../field/cases');
const VERDICTS = out ? join(out, 'verdicts') : join(HERE, '../verdicts/cases');

const NOW = '2026-06-01T00:00:00Z';
const IAT = Date.parse('2026-01-02T03:04:05Z') / 1000;
const ISSUER = 'did:web:jwt.example';
const MALLORY = 'did:web:mallory.example';
const SUBJECT = 'did:example:ebfeb1f712ebc6f1c276e12ec21';
// TEST SEEDS (published here on purpose; they make the fixtures' keys, nothing else).
const SEEDS = {issuer: 'badgepress jwt fixtures: issuer key', mallory: 'badgepress jwt fixtures: another key'};

const sha256 = data => createHash('sha256').update(data).digest();
const b64 = bytes => Buffer.from(bytes).toString('base64url');
const big = bytes => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
const unbig = (n, size) => Buffer.from(n.toString(16).padStart(size * 2, '0'), 'hex');

/** A byte stream from a seed: SHA-256(seed ‖ label ‖ counter), concatenated. */
function stream(seed, label) {
  let counter = 0;
  return size => {
    const chunks = [];
    for(let n = 0; n < size; n += 32) {
      chunks.push(sha256(`${seed}/${label}/${counter++}`));
    }
    return Buffer.concat(chunks).subarray(0, size);
  };
}

function ed25519Jwk(seed) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), sha256(`${seed}/ed25519`)]);
  return createPrivateKey({key: der, format: 'der', type: 'pkcs8'}).export({format: 'jwk'});
}

function p256Jwk(seed) {
  const d = sha256(`${seed}/p256`);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  return {kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)), d: b64(d)};
}

function modInverse(a, m) {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while(r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

function prime(next) {
  let candidate = big(next(128)) | (3n << 1022n) | 1n;
  while(!checkPrimeSync(candidate, {checks: 64}) || (candidate - 1n) % 65537n === 0n) {
    candidate += 2n;
  }
  return candidate;
}

function rsaJwk(seed) {
  const next = stream(seed, 'rsa');
  const p = prime(next);
  const q = prime(next);
  const e = 65537n;
  const d = modInverse(e, (p - 1n) * (q - 1n));
  const size = n => Math.ceil(n.toString(16).length / 2);
  const enc = n => b64(unbig(n, size(n)));
  return {kty: 'RSA', n: enc(p * q), e: enc(e), d: enc(d), p: enc(p), q: enc(q),
    dp: enc(d % (p - 1n)), dq: enc(d % (q - 1n)), qi: enc(modInverse(q, p))};
}

const publicJwk = ({d, p, q, dp, dq, qi, ...rest}) => rest;

function keySet(seed) {
  return {RS256: rsaJwk(seed), ES256: p256Jwk(seed), EdDSA: ed25519Jwk(seed)};
}
const KEYS = keySet(SEEDS.issuer);
const OTHER = keySet(SEEDS.mallory);
const FRAGMENT = {RS256: 'rsa-key', ES256: 'p256-key', EdDSA: 'ed25519-key'};

function didDocument(did, keys) {
  const methods = Object.entries(keys).map(([alg, jwk]) => ({
    id: `${did}#${FRAGMENT[alg]}`, type: 'JsonWebKey', controller: did, publicKeyJwk: publicJwk(jwk)}));
  return {'@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: did, verificationMethod: methods, assertionMethod: methods.map(m => m.id)};
}
const DID_DOCUMENTS = {[ISSUER]: didDocument(ISSUER, KEYS)};

function credential(changes = {}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:6f1c6b8e-2f59-4d3a-9a57-0c6b0e3c1d2a',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {id: ISSUER, type: ['Profile'], name: 'JWT Example Issuer'},
    validFrom: '2026-01-02T03:04:05Z',
    name: 'JOSE Fundamentals',
    credentialSubject: {
      id: SUBJECT, type: ['AchievementSubject'],
      achievement: {id: 'https://jwt.example/achievements/jose', type: ['Achievement'],
        name: 'JOSE Fundamentals', description: 'Signs and verifies compact JWS.',
        criteria: {narrative: 'Passed the final project.'}},
    },
    ...changes,
  };
}

/** OB 3.0 §8.2.4.2: the registered claims represent the credential's properties. */
function vcClaims(vc, changes = {}) {
  const claims = {iss: vc.issuer.id, jti: vc.id, sub: vc.credentialSubject.id,
    nbf: Date.parse(vc.validFrom) / 1000, iat: IAT};
  if(vc.validUntil) {
    claims.exp = Date.parse(vc.validUntil) / 1000;
  }
  return {...claims, ...changes, vc};
}

const saved = existsSync(SIGNATURES) ? JSON.parse(readFileSync(SIGNATURES, 'utf8')) : {};
const used = {};

/** jose's compact JWS of `payload` (an object, serialised as JSON) under `header`. */
async function sign(header, payload, jwk, options = {}) {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  const input = `${b64(JSON.stringify(header))}.${b64(bytes)}`;
  const key = await importJWK(jwk, header.alg.startsWith('HS') ? 'HS256' : header.alg);
  const digest = sha256(`${jwk.x}.${input}`).toString('hex');
  const previous = used[digest] || saved[digest];
  if(previous && header.alg === 'ES256') {
    const token = `${input}.${previous}`;
    await compactVerify(token, await importJWK(publicJwk(jwk), 'ES256'));
    used[digest] = previous;
    return token;
  }
  const token = await new CompactSign(bytes).setProtectedHeader(header).sign(key, options);
  if(header.alg === 'ES256') {
    used[digest] = token.split('.')[2];
  }
  return token;
}

const header = (alg, extra = {}) => ({alg, kid: `${ISSUER}#${FRAGMENT[alg]}`, typ: 'JWT', ...extra});
const vcJwtHeader = alg => ({alg, kid: `${ISSUER}#${FRAGMENT[alg]}`, typ: 'vc+jwt', cty: 'vc'});

/** A minimal 1×1 PNG with the token in an OB 3.0 iTXt chunk (keyword openbadgecredential). */
function bakedPng(token) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const itxt = Buffer.concat([Buffer.from('openbadgecredential\0\0\0\0\0', 'latin1'), Buffer.from(token, 'utf8')]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 0x1f, 0x6f, 0xb4, 0xff]))),
    chunk('iTXt', itxt), chunk('IEND', Buffer.alloc(0))]);
}

/** An SVG baked as OB 3.0 §5.3 says for a VC-JWT: <openbadges:credential verify="JWS"/>. */
function bakedSvg(token) {
  return '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="64" height="64">' +
    `<openbadges:credential verify="${token}"/>` +
    '<circle cx="32" cy="32" r="30" fill="#1f6fb4"/></svg>\n';
}

function tampered(token) {
  const [h, p, s] = token.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  const target = payload.vc || payload;
  target.name = 'JOSE Mastery';
  return `${h}.${b64(JSON.stringify(payload))}.${s}`;
}

function write(folder, name, value) {
  mkdirSync(folder, {recursive: true});
  writeFileSync(join(folder, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}

function field(name, description, verdict, input, didDocuments = DID_DOCUMENTS, keySets = null) {
  write(FIELD, `selfmade-jwt-${name}`, {
    description,
    source: {repo: 'badgepress self-made', path: SCRIPT, library: `jose ${JOSE_VERSION}`,
      licence: 'Apache-2.0', expects: `${verdict} (by construction)`},
    expected: {verdict},
    now: NOW,
    ...input,
    didDocuments,
    ...(keySets ? {keySets} : {}),
    resources: {},
    badgepress: {python: verdict, browser: verdict},
  });
}

function verdictCase(name, description, expected, input, didDocuments = DID_DOCUMENTS, keySets = null) {
  write(VERDICTS, `jwt-${name}`, {description, expected, now: NOW, ...input, didDocuments, ...(keySets ? {keySets} : {})});
}

// An https issuer that publishes its keys as a JWK set (RFC 7517 §5) on its own site: under
// its id, and at the origin's /.well-known/jwks.json (OB 3.0 Implementation Guide).
const SITE_ISSUER = 'https://jwt.example/issuers/1';
const SITE_JWKS = `${SITE_ISSUER}/jwks.json`;
const WELL_KNOWN = 'https://jwt.example/.well-known/jwks.json';
const MALLORY_JWKS = 'https://keys.mallory.example/jwks.json';
const jwks = keys => ({keys: Object.entries(keys).map(([alg, jwk]) => ({...publicJwk(jwk), kid: FRAGMENT[alg], use: 'sig', alg}))});
const SITE_SETS = {[SITE_JWKS]: jwks(KEYS), [WELL_KNOWN]: jwks(KEYS)};
const siteCredential = () => credential({issuer: {id: SITE_ISSUER, type: ['Profile'], name: 'JWT Example Issuer'}});

async function keySetFieldCases() {
  const vc = siteCredential();
  const rs256 = await sign({alg: 'RS256', kid: `${SITE_JWKS}#rsa-key`, typ: 'JWT'}, vcClaims(vc), KEYS.RS256);
  field('rs256-jwks-genuine', 'RS256 VC-JWT of an https issuer whose kid names a key (#rsa-key) of the JWK set under the issuer id', 'verified', text(rs256), {}, SITE_SETS);
  field('es256-jwks-genuine', 'ES256 VC-JWT of an https issuer whose jku is its origin\'s /.well-known/jwks.json and kid the key\'s own kid', 'verified',
    text(await sign({alg: 'ES256', jku: WELL_KNOWN, kid: 'p256-key', typ: 'JWT'}, vcClaims(vc), KEYS.ES256)), {}, SITE_SETS);
  field('eddsa-jwks-genuine', 'EdDSA VC-JWT of an https issuer whose kid names a key (#ed25519-key) of the JWK set at its origin\'s /.well-known/jwks.json', 'verified',
    text(await sign({alg: 'EdDSA', kid: `${WELL_KNOWN}#ed25519-key`, typ: 'JWT'}, vcClaims(vc), KEYS.EdDSA)), {}, SITE_SETS);
  field('es256-jwks-cross-origin', 'ES256 VC-JWT of an https issuer whose kid names a key in a JWK set on another origin (signed with that key): the set does not speak for the issuer', 'not-verified',
    text(await sign({alg: 'ES256', kid: `${MALLORY_JWKS}#p256-key`, typ: 'JWT'}, vcClaims(vc), OTHER.ES256)), {}, {...SITE_SETS, [MALLORY_JWKS]: jwks(OTHER)});
  field('rs256-jwks-tampered', 'RS256 VC-JWT whose key is in the issuer\'s JWK set, its credential name changed after signing', 'not-verified', text(tampered(rs256)), {}, SITE_SETS);
}

const text = token => ({credentialText: `${token}\n`});
const file = bytes => ({credentialBase64: Buffer.from(bytes).toString('base64')});
const notVerified = (check, state = 'fail') => ({verdict: 'not-verified', check, state});

async function fieldCases() {
  for(const alg of ['RS256', 'ES256', 'EdDSA']) {
    const slug = alg.toLowerCase();
    const vc = credential();
    const genuine = await sign(header(alg), vcClaims(vc), KEYS[alg]);
    field(`${slug}-genuine`, `${alg} VC-JWT (OB 3.0 §8.2, vc claim), signed by the issuer's key named in kid`, 'verified', text(genuine));
    field(`${slug}-vc-jwt-genuine`, `${alg} application/vc+jwt (VC-JOSE-COSE: the payload is the credential)`, 'verified',
      text(await sign(vcJwtHeader(alg), vc, KEYS[alg])));
    field(`${slug}-tampered`, `${alg} VC-JWT whose credential name was changed after signing`, 'not-verified', text(tampered(genuine)));
    field(`${slug}-wrong-key`, `${alg} VC-JWT signed by another key than the one its kid names`, 'not-verified',
      text(await sign(header(alg), vcClaims(vc), OTHER[alg])));
    field(`${slug}-alg-none`, `unsecured JWT (alg none) carrying the credential that ${alg} signs elsewhere`, 'not-verified',
      text(new UnsecuredJWT(vcClaims(vc)).encode()));
    const pem = createPublicKey({key: publicJwk(KEYS[alg]), format: 'jwk'}).export({format: 'pem', type: 'spki'});
    field(`${slug}-hs256-public-key-secret`, `HS256 JWT whose MAC secret is the issuer's public ${alg} key (PEM): algorithm confusion`, 'not-verified',
      text(await sign({...header(alg), alg: 'HS256'}, vcClaims(vc), {kty: 'oct', k: b64(Buffer.from(pem))})));
    field(`${slug}-expired-exp`, `${alg} VC-JWT whose exp claim (2026-03-01) is before now; the credential itself sets no validUntil`, 'not-verified',
      text(await sign(header(alg), vcClaims(vc, {exp: Date.parse('2026-03-01T00:00:00Z') / 1000}), KEYS[alg])));
    field(`${slug}-iss-not-issuer`, `${alg} VC-JWT whose iss claim names another issuer than the credential's issuer.id`, 'not-verified',
      text(await sign(header(alg), vcClaims(vc, {iss: MALLORY}), KEYS[alg])));
    field(`${slug}-baked-png`, `${alg} VC-JWT baked into a PNG (iTXt openbadgecredential, OB 3.0 §5.3)`, 'verified', file(bakedPng(genuine)));
    field(`${slug}-baked-svg`, `${alg} VC-JWT baked into an SVG (<openbadges:credential verify="…"/>, OB 3.0 §5.3)`, 'verified', file(bakedSvg(genuine)));
  }
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(bytes) {
  let n = big(bytes);
  let text = '';
  while(n > 0n) {
    text = ALPHABET[Number(n % 58n)] + text;
    n /= 58n;
  }
  return '1'.repeat(bytes.findIndex(b => b !== 0)) + text;
}

/** did:key of an Ed25519 JWK (multicodec 0xed01, base58btc). */
const didKey = jwk => `did:key:z${base58(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(jwk.x, 'base64url')]))}`;

async function attackCases() {
  const vc = credential();
  const genuine = await sign(header('ES256'), vcClaims(vc), KEYS.ES256);
  const [h, p, s] = genuine.split('.');
  verdictCase('genuine-es256', 'ES256 VC-JWT signed by the issuer\'s did:web key named in kid', {verdict: 'verified', check: null, state: null}, text(genuine));
  verdictCase('kid-relative-fragment', 'EdDSA VC-JWT whose kid is a fragment (#ed25519-key) of the issuer\'s DID document', {verdict: 'verified', check: null, state: null},
    text(await sign({...header('EdDSA'), kid: '#ed25519-key'}, vcClaims(vc), KEYS.EdDSA)));
  const holder = didKey(OTHER.EdDSA);
  const keyVc = credential({issuer: {id: holder, type: ['Profile'], name: 'did:key Issuer'}});
  verdictCase('did-key-issuer-header-jwk', 'EdDSA VC-JWT of a did:key issuer whose header carries that very key (jwk, no kid): the identifier is the key', {verdict: 'verified', check: null, state: null},
    text(await sign({alg: 'EdDSA', typ: 'JWT', jwk: publicJwk(OTHER.EdDSA)}, vcClaims(keyVc), OTHER.EdDSA)), {});
  const site = 'https://jwt.example/issuer';
  const siteVc = credential({issuer: {id: site, type: ['Profile'], name: 'JWT Example Issuer'}});
  verdictCase('https-issuer-controller-document', 'ES256 VC-JWT of an https issuer whose kid names a key in the controller document published at the issuer URL', {verdict: 'verified', check: null, state: null},
    text(await sign({...header('ES256'), kid: `${site}#p256-key`}, vcClaims(siteVc), KEYS.ES256)), {[site]: didDocument(site, KEYS)});
  verdictCase('baked-svg-beside-other-credential-text', 'SVG whose <openbadges:credential> holds a genuine VC-JWT in verify and, as its text, the JSON of another credential (name changed): the JWT is what is verified and shown', {verdict: 'verified', check: null, state: null},
    file(bakedSvg(genuine).replace('"/>', `"><![CDATA[${JSON.stringify(credential({name: 'Forged Name'}))}]]></openbadges:credential>`)));
  verdictCase('alg-none', 'unsecured JWT (alg none, kid of the issuer\'s key): there is no signature', notVerified('signature'),
    text(`${b64(JSON.stringify({...header('ES256'), alg: 'none'}))}.${p}.`));
  const pem = createPublicKey({key: publicJwk(KEYS.RS256), format: 'jwk'}).export({format: 'pem', type: 'spki'});
  verdictCase('hs256-with-rsa-public-key', 'HS256 JWT MACed with the issuer\'s RSA public key (PEM) as secret, kid naming that RSA key: algorithm confusion', notVerified('signature'),
    text(await sign({...header('RS256'), alg: 'HS256'}, vcClaims(vc), {kty: 'oct', k: b64(Buffer.from(pem))})));
  verdictCase('es256-alg-with-ed25519-kid', 'JWT whose alg ES256 does not fit the Ed25519 key its kid names', notVerified('signature'),
    text(await sign({...header('ES256'), kid: `${ISSUER}#ed25519-key`}, vcClaims(vc), KEYS.ES256)));
  const {kid, ...noKid} = header('EdDSA');
  verdictCase('header-jwk-self-asserted-did-web', 'VC-JWT signed by a key that only its own header (jwk) carries, for a did:web issuer: the signature matches, the signer is nobody in particular', notVerified('issuer_key'),
    text(await sign({...noKid, jwk: publicJwk(OTHER.EdDSA)}, vcClaims(vc), OTHER.EdDSA)));
  verdictCase('header-jwk-private', 'JWT header whose jwk holds the private key (d)', notVerified('signature'),
    text(await sign({...noKid, jwk: OTHER.EdDSA}, vcClaims(vc), OTHER.EdDSA)));
  verdictCase('crit-header', 'JWT with a critical header extension (crit) the verifier does not understand', notVerified('signature'),
    text(await sign({...header('EdDSA'), crit: ['exp'], exp: 1}, vcClaims(vc), KEYS.EdDSA, {crit: {exp: true}})));
  const malloryDocs = {...DID_DOCUMENTS, [MALLORY]: didDocument(MALLORY, OTHER)};
  verdictCase('kid-of-another-did', 'VC-JWT for the did:web issuer signed with a key of another DID (its kid names that DID\'s key)', notVerified('issuer_key'),
    text(await sign({...header('EdDSA'), kid: `${MALLORY}#ed25519-key`}, vcClaims(vc), OTHER.EdDSA)), malloryDocs);
  verdictCase('iss-claim-mismatch', 'VC-JWT whose iss claim is another DID than the credential\'s issuer.id', notVerified('format'),
    text(await sign(header('EdDSA'), vcClaims(vc, {iss: MALLORY}), KEYS.EdDSA)));
  verdictCase('jti-claim-mismatch', 'VC-JWT whose jti claim is another id than the credential\'s id', notVerified('format'),
    text(await sign(header('EdDSA'), vcClaims(vc, {jti: 'urn:uuid:00000000-0000-4000-8000-000000000000'}), KEYS.EdDSA)));
  verdictCase('sub-claim-mismatch', 'VC-JWT whose sub claim is another subject than credentialSubject.id', notVerified('format'),
    text(await sign(header('EdDSA'), vcClaims(vc, {sub: 'did:example:someone-else'}), KEYS.EdDSA)));
  verdictCase('nbf-in-the-future', 'VC-JWT whose nbf claim (2026-09-01) is after now, although validFrom has passed', notVerified('dates'),
    text(await sign(header('EdDSA'), vcClaims(vc, {nbf: Date.parse('2026-09-01T00:00:00Z') / 1000}), KEYS.EdDSA)));
  verdictCase('trailing-data', 'a genuine JWS followed by a fourth part (.e30): not a compact JWS', notVerified('format'), text(`${genuine}.e30`));
  verdictCase('padded-base64', 'a genuine JWS whose signature part carries base64 padding (=)', notVerified('format'), text(`${h}.${p}.${s}==`));
  verdictCase('header-not-json', 'a JWS whose header part decodes to text that is not JSON', notVerified('format'),
    text(`${b64('alg: ES256')}.${p}.${s}`));
  verdictCase('header-duplicate-alg', 'a JWS header naming alg twice (none, then ES256): parsers disagree on which counts', notVerified('format'),
    text(`${b64('{"alg":"none","alg":"ES256"}')}.${p}.${s}`));
  // did:jwk (DIF did:jwk): the identifier is base64url(JSON of the public JWK); its key is "#0".
  const didJwk = jwk => `did:jwk:${b64(JSON.stringify(jwk))}`;
  const jwkIssuer = didJwk(publicJwk(OTHER.EdDSA));
  const jwkVc = credential({issuer: {id: jwkIssuer, type: ['Profile'], name: 'did:jwk Issuer'}});
  verdictCase('did-jwk-issuer', 'EdDSA VC-JWT of a did:jwk issuer whose kid names its one key (#0), read from the identifier itself: the identifier is the key', {verdict: 'verified', check: null, state: null},
    text(await sign({alg: 'EdDSA', typ: 'JWT', kid: `${jwkIssuer}#0`}, vcClaims(jwkVc), OTHER.EdDSA)), {});
  const privateIssuer = didJwk(OTHER.EdDSA);
  const privateVc = credential({issuer: {id: privateIssuer, type: ['Profile'], name: 'did:jwk Issuer'}});
  verdictCase('did-jwk-with-private-key', 'VC-JWT of a did:jwk issuer whose identifier holds the private key (d): did:jwk must hold a public key, so the key is not used', notVerified('signature'),
    text(await sign({alg: 'EdDSA', typ: 'JWT', kid: `${privateIssuer}#0`}, vcClaims(privateVc), OTHER.EdDSA)), {});
  verdictCase('did-jwk-not-the-issuer', 'VC-JWT for the did:web issuer signed by a did:jwk key (kid did:jwk:…#0): a valid signature by someone who is not the issuer', notVerified('issuer_key'),
    text(await sign({alg: 'EdDSA', typ: 'JWT', kid: `${jwkIssuer}#0`}, vcClaims(vc), OTHER.EdDSA)));
  verdictCase('rsa-key-too-small', 'RS256 VC-JWT whose kid names a 1024-bit RSA key', notVerified('signature'),
    text(await sign(header('RS256'), vcClaims(vc), KEYS.RS256)), {[ISSUER]: {...DID_DOCUMENTS[ISSUER], verificationMethod: DID_DOCUMENTS[ISSUER].verificationMethod.map(m =>
      m.id.endsWith('#rsa-key') ? {...m, publicKeyJwk: {...m.publicKeyJwk, n: m.publicKeyJwk.n.slice(0, 171)}} : m)}});
}

async function keySetAttackCases() {
  const vc = siteCredential();
  const claims = vcClaims(vc);
  const bareKey = `${SITE_ISSUER}/keys/p256`;
  verdictCase('jwks-kid-url-of-one-jwk', 'ES256 VC-JWT whose kid URL (under the issuer id) answers one public JWK, as the 1EdTech validator reads kid', {verdict: 'verified', check: null, state: null},
    text(await sign({alg: 'ES256', kid: bareKey, typ: 'JWT'}, claims, KEYS.ES256)), {}, {[bareKey]: publicJwk(KEYS.ES256)});
  const outside = 'https://jwt.example/issuers/2/jwks.json';
  verdictCase('jwks-outside-issuer-path', 'ES256 VC-JWT whose kid names a key in a JWK set on the issuer\'s origin but outside its path (another issuer of the same host)', notVerified('issuer_key'),
    text(await sign({alg: 'ES256', kid: `${outside}#p256-key`, typ: 'JWT'}, claims, OTHER.ES256)), {}, {[outside]: jwks(OTHER)});
  const escape = `${SITE_ISSUER}/../2/jwks.json`;
  verdictCase('jwks-dot-segment-escape', 'ES256 VC-JWT whose kid URL climbs out of the issuer\'s path with ../ (a server would serve /issuers/2/jwks.json): never fetched', notVerified('signature'),
    text(await sign({alg: 'ES256', kid: `${escape}#p256-key`, typ: 'JWT'}, claims, OTHER.ES256)), {}, {[escape]: jwks(OTHER)});
  verdictCase('jwks-cross-origin-jku', 'ES256 VC-JWT whose jku is a JWK set on another origin', notVerified('issuer_key'),
    text(await sign({alg: 'ES256', jku: MALLORY_JWKS, kid: 'p256-key', typ: 'JWT'}, claims, OTHER.ES256)), {}, {[MALLORY_JWKS]: jwks(OTHER)});
  // The placeholder private part of the verdict case jwk-with-private-key (a real one would
  // make badgepress refuse to run in this repository, as it should).
  const leaky = {keys: [...jwks(KEYS).keys, {...publicJwk(OTHER.EdDSA), d: 'A'.repeat(43), kid: 'leaked'}]};
  verdictCase('jwks-holding-a-private-key', 'ES256 VC-JWT whose key is in the issuer\'s JWK set, which also publishes a private key (d)', notVerified('signature'),
    text(await sign({alg: 'ES256', kid: `${SITE_JWKS}#p256-key`, typ: 'JWT'}, claims, KEYS.ES256)), {}, {[SITE_JWKS]: leaky});
  verdictCase('jwks-kid-absent-from-set', 'ES256 VC-JWT whose kid names a key the issuer\'s JWK set does not hold', notVerified('signature'),
    text(await sign({alg: 'ES256', kid: `${SITE_JWKS}#retired-key`, typ: 'JWT'}, claims, KEYS.ES256)), {}, SITE_SETS);
  const bound = {keys: jwks(KEYS).keys.map(k => ({...k, iss: 'https://jwt.example/issuers/2'}))};
  verdictCase('jwks-key-bound-to-another-issuer', 'ES256 VC-JWT whose key is in a JWK set at the origin\'s /.well-known/jwks.json, bound (iss member) to another issuer of the platform', notVerified('issuer_key'),
    text(await sign({alg: 'ES256', kid: `${WELL_KNOWN}#p256-key`, typ: 'JWT'}, claims, KEYS.ES256)), {}, {[WELL_KNOWN]: bound});
  verdictCase('jwks-did-web-issuer', 'ES256 VC-JWT of a did:web issuer whose kid names a key in a JWK set: a set vouches only for an https issuer at its own site', notVerified('issuer_key'),
    text(await sign({alg: 'ES256', kid: `https://jwt.example/.well-known/jwks.json#p256-key`, typ: 'JWT'}, vcClaims(credential()), KEYS.ES256)), DID_DOCUMENTS, SITE_SETS);
}

await fieldCases();
await keySetFieldCases();
await attackCases();
await keySetAttackCases();
if(!out) {
  writeFileSync(SIGNATURES, `${JSON.stringify(Object.fromEntries(Object.entries(used).sort()), null, 2)}\n`);
}
