// Published fixtures of other projects (tests/reference/field/cases/) through the JS
// verifier: the verdict recorded for the browser, no false accept, and the agreement figures
// (the same measure as tests/reference/field/agreement.py).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {verifyCredential} from '../src/verify.js';
import {caseCredential, caseFetchMap, fixtureFetch} from './helpers.js';

const CASES = new URL('../../tests/reference/field/cases/', import.meta.url);
const names = readdirSync(fileURLToPath(CASES)).filter(f => f.endsWith('.json')).sort();
const read = name => JSON.parse(readFileSync(fileURLToPath(new URL(name, CASES)), 'utf8'));


const results = [];
for(const name of names) {
  test(`field fixture: ${name}`, async () => {
    const testCase = read(name);
    const report = await verifyCredential(caseCredential(testCase), {fetchJson: fixtureFetch(caseFetchMap(testCase)), now: testCase.now});
    results.push({source: testCase.source.repo, expected: testCase.expected.verdict, verdict: report.verdict});
    assert.equal(report.verdict, testCase.badgepress.browser, JSON.stringify(testCase.badgepress));
    if(report.verdict !== testCase.expected.verdict) {
      assert.ok(testCase.badgepress.reason, 'every disagreement is explained');
    }
  });
}

test('field fixtures: no false accept; agreement figures', () => {
  assert.equal(results.length, names.length);
  const lines = [];
  const sources = [...new Set(results.map(r => r.source))].sort();
  for(const source of [...sources, 'all']) {
    const items = results.filter(r => source === 'all' || r.source === source);
    const agree = items.filter(r => r.expected === r.verdict).length;
    const falseAccepts = items.filter(r => r.expected === 'not-verified' && r.verdict === 'verified').length;
    lines.push(`${source}: ${agree}/${items.length} agree (${Math.round(100 * agree / items.length)} %), ${falseAccepts} false accepts`);
    assert.equal(falseAccepts, 0, source);
  }
  console.log(`field fixtures, JS verifier:\n${lines.join('\n')}`); // eslint-disable-line no-console
});
