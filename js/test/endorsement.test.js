// Endorsements verified in place on an achievement page (endorsement-page.js): each listed
// item's verdict comes from the same checks as a badge, and the item must endorse what the
// page says it does.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {verifyEndorsements} from '../src/endorsement-page.js';
import {signDocument, TEST_KEY} from './helpers.js';

const DID = `did:key:${TEST_KEY.publicKeyMultibase}`;
const ACHIEVEMENT = 'https://example-academy.github.io/badges/achievements/python/';

function endorsement(subjectId = ACHIEVEMENT) {
  return signDocument({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:6f1b1c8e-1d2f-4c1a-9a53-0d3c2f6f2b10',
    type: ['VerifiableCredential', 'EndorsementCredential'],
    issuer: {id: DID, type: ['Profile'], name: 'Data Guild'},
    validFrom: '2026-02-01T12:00:00Z',
    name: 'Endorsement by Data Guild',
    credentialSubject: {id: subjectId, type: ['EndorsementSubject'], endorsementComment: 'Rigorous.'},
  }, `${DID}#${TEST_KEY.publicKeyMultibase}`);
}

function item(url, subject = ACHIEVEMENT) {
  const verdict = {textContent: 'Checking…'};
  return {dataset: {bpEndorsement: url, bpSubject: subject}, querySelector: () => verdict, verdict};
}

async function shown(documents, items) {
  const doc = {querySelectorAll: () => items};
  await verifyEndorsements(doc, {fetchJson: async url => {
    if(!(url in documents)) {
      throw new Error(`404 ${url}`);
    }
    return structuredClone(documents[url]);
  }, now: '2026-08-29T00:00:00Z'});
  return items.map(i => [i.dataset.verdict, i.verdict.textContent]);
}

test('endorsements: a genuine one is verified in place; its headline says the name is self-asserted', async () => {
  const genuine = await endorsement();
  const tampered = structuredClone(genuine);
  tampered.credentialSubject.endorsementComment = 'The best in the country.';
  assert.deepEqual(await shown({'e/a.json': genuine, 'e/b.json': tampered}, [item('e/a.json'), item('e/b.json')]), [
    ['verified', "Genuine signature — the issuer's name is self-asserted"],
    ['not-verified', 'Not verified — the content does not match its signature'],
  ]);
});

test('endorsements: one of another achievement, a badge, or a missing file is not verified', async () => {
  const other = await endorsement('https://example-academy.github.io/badges/achievements/rust/');
  const badge = {...(await endorsement()), type: ['VerifiableCredential', 'OpenBadgeCredential']};
  const [[v1, t1], [v2, t2], [v3, t3]] = await shown({'o.json': other, 'b.json': badge},
    [item('o.json'), item('b.json'), item('gone.json')]);
  assert.deepEqual([v1, v2, v3], ['not-verified', 'not-verified', 'not-verified']);
  assert.match(t1, /it endorses https:\/\/example-academy\.github\.io\/badges\/achievements\/rust\/, not /);
  assert.equal(t2, 'Not verified — the file is not an EndorsementCredential');
  assert.match(t3, /the endorsement could not be read \(404 gone\.json\)/);
});
