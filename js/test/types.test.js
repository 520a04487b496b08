// Other credential types through the JS verifier: each embedded credential of a CLR case in
// the verdict table gets the verdict the table states ("expectedEmbedded"), and what an
// endorsement or a record says is read as Python reads it.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {verifyCredential} from '../src/verify.js';
import {caseFetchMap, fixtureFetch} from './helpers.js';

const CASES = new URL('../../tests/reference/verdicts/cases/', import.meta.url);

function outcome(report) {
  const problem = report.checks.find(c => c.state !== 'pass');
  return {verdict: report.verdict, check: problem ? problem.id : null, state: problem ? problem.state : null};
}

function load(name) {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`${name}.json`, CASES)), 'utf8'));
}

function run(testCase, credential = testCase.credential) {
  return verifyCredential(credential, {now: new Date(testCase.now), fetchJson: fixtureFetch(caseFetchMap(testCase))});
}

const records = readdirSync(fileURLToPath(CASES)).filter(f => f.endsWith('.json')).map(f => f.slice(0, -5))
  .filter(name => 'expectedEmbedded' in load(name)).sort();

test('the table has CLR cases with embedded verdicts', () => {
  assert.ok(records.length >= 4, records.join(', '));
});

for(const name of records) {
  test(`embedded verdicts: ${name}`, async () => {
    const testCase = load(name);
    const report = await run(testCase);
    assert.deepEqual(outcome(report), testCase.expected);
    assert.deepEqual((report.children || []).map(outcome), testCase.expectedEmbedded);
    const good = testCase.expectedEmbedded.filter(e => e.verdict === 'verified').length;
    assert.ok(report.headline.endsWith(`(${good} of ${testCase.expectedEmbedded.length} achievements verified)`), report.headline);
    report.children.forEach((child, i) => {
      assert.equal(child.pointer, `/credentialSubject/verifiableCredential/${i}`);
      assert.equal(child.children, undefined, 'an embedded record is not expanded');
    });
  });
}

test('an endorsement says who endorses what, and its comment as given', async () => {
  const testCase = load('endorsement-comment-markup');
  const report = await run(testCase);
  assert.equal(report.verdict, 'verified');
  assert.deepEqual(report.about, [
    ['Endorsed by', 'Example Academy (did:web:example-academy.github.io:badges)'],
    ['Endorses', 'https://example-academy.github.io/badges/achievements/python/'],
    ['Comment', testCase.credential.credentialSubject.endorsementComment],
  ]);
});

test('a CLR of 100,000 embedded credentials is refused before any is checked', async () => {
  const testCase = load('clr-genuine');
  const record = structuredClone(testCase.credential);
  record.credentialSubject.verifiableCredential = new Array(100_000).fill({});
  const started = performance.now();
  const report = await run(testCase, record);
  assert.equal(report.verdict, 'not-verified');
  assert.equal(report.checks[0].id, 'format');
  assert.match(report.checks[0].message, /\/credentialSubject\/verifiableCredential: embeds 100,000 credentials; this verifier checks at most 1,000/);
  assert.equal(report.children, undefined);
  assert.ok(performance.now() - started < 10_000);
});
