// The shared verdict table (tests/reference/verdicts/cases/) through the JS verifier: every
// case's verdict, first failing check and its state as the table states them.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {CredentialTextError, unreadableReport} from '../src/parse.js';
import {verifyCredential} from '../src/verify.js';
import {badgePageLoader, caseCredential, caseFetchMap, fixtureFetch, signDocument, TEST_KEY, unsignedBadge} from './helpers.js';

const CASES = new URL('../../tests/reference/verdicts/cases/', import.meta.url);


function outcome(report) {
  const problem = report.checks.find(c => c.state !== 'pass');
  return {verdict: report.verdict, check: problem ? problem.id : null, state: problem ? problem.state : null};
}

const names = readdirSync(fileURLToPath(CASES)).filter(f => f.endsWith('.json')).sort();

test('the verdict table has the verifier cases', () => {
  assert.ok(names.length >= 30, `found ${names.length}`);
});

for(const file of names) {
  const testCase = JSON.parse(readFileSync(fileURLToPath(new URL(file, CASES)), 'utf8'));
  test(`verdict table: ${file.replace(/\.json$/, '')}`, async () => {
    let credential;
    let report;
    try {
      credential = caseCredential(testCase);
    } catch(error) {
      assert.ok(error instanceof CredentialTextError, String(error));
      report = unreadableReport(error);
    }
    report ||= await verifyCredential(credential, {
      now: new Date(testCase.now), fetchJson: fixtureFetch(caseFetchMap(testCase))});
    assert.deepEqual(outcome(report), testCase.expected,
      `${testCase.description}\n${report.checks.map(c => `${c.id} ${c.state}: ${c.message}`).join('\n')}`);
    if(credential !== undefined) {
      // The badge page bundle's loader (some contexts from its context file): the same report.
      const {loader} = await badgePageLoader();
      const onBadgePage = await verifyCredential(credential, {documentLoader: loader,
        now: new Date(testCase.now), fetchJson: fixtureFetch(caseFetchMap(testCase))});
      assert.deepEqual(onBadgePage, report);
    }
  });
}

// Every field the pages show (checks.json "shown") is covered by the signature at that place:
// changing any of them in a signed credential makes it Not verified.
const SHOWN = JSON.parse(readFileSync(fileURLToPath(new URL('../../src/badgepress/checks.json', import.meta.url)), 'utf8')).shown;

function everyShownField(did) {
  const badge = unsignedBadge(did, {
    validUntil: '2030-01-01T00:00:00Z', awardedDate: '2024-01-01T00:00:00Z',
    evidence: [{id: 'https://example.org/portfolio/1', type: ['Evidence'], name: 'Project', narrative: 'Built a thing.'},
      {type: ['Evidence'], name: 'Talk', narrative: 'Gave a talk.'}],
  });
  badge.credentialSubject.narrative = 'Did the work.';
  badge.credentialSubject.achievement.image = {id: 'https://badges.example.org/a.png', type: 'Image'};
  badge.credentialSubject.achievement.tag = ['teamwork', 'communication'];
  badge.credentialSubject.achievement.alignment = [{type: ['Alignment'], targetName: 'Teamwork',
    targetUrl: 'https://example.org/esco/1', targetFramework: 'ESCO', targetCode: 'S1.2'}];
  badge.issuer.image = {id: 'https://badges.example.org/logo.png', type: 'Image'};
  return badge;
}

function changed(value) {
  if(typeof value === 'string') {
    return `${value} (edited)`;
  }
  if(Array.isArray(value)) {
    return value.length > 1 ? value.slice(1) : [...value, structuredClone(value[0])];
  }
  const {name, id, ...rest} = value;
  return {...rest, name: 'Other'};
}

function shownPlaces(document) {
  const places = [];
  for(const [pattern, fields] of Object.entries(SHOWN)) {
    let nodes = [['', document]];
    for(const part of pattern.split('/').filter(Boolean)) {
      nodes = nodes.flatMap(([p, node]) => part === '*' ?
        (Array.isArray(node) ? node.map((item, i) => [`${p}/${i}`, item]) : []) :
        (node && node[part] !== undefined ? [[`${p}/${part}`, node[part]]] : []));
    }
    for(const [p, node] of nodes) {
      for(const field of fields) {
        if(node && typeof node === 'object' && field in node) {
          places.push([`${p}/${field}`, node, field]);
        }
      }
    }
  }
  return places;
}

test('every field a page shows is covered by the signature at that place', async () => {
  const did = `did:key:${TEST_KEY.publicKeyMultibase}`;
  const signed = await signDocument(everyShownField(did), `${did}#${TEST_KEY.publicKeyMultibase}`);
  const now = new Date('2025-06-01T00:00:00Z');
  assert.equal((await verifyCredential(signed, {now})).verdict, 'verified');
  const places = shownPlaces(signed);
  assert.ok(places.length >= Object.values(SHOWN).flat().length, `found ${places.length}`);
  for(const [pointer, node, field] of places) {
    const original = node[field];
    node[field] = changed(original);
    const report = await verifyCredential(structuredClone(signed), {now});
    node[field] = original;
    assert.equal(report.verdict, 'not-verified', pointer);
    assert.ok(['format', 'signature'].includes(report.checks.find(c => c.state !== 'pass').id), pointer);
  }
});
