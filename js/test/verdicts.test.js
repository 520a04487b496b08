// The shared verdict table (tests/reference/verdicts/cases/) through the JS verifier: every
// case's verdict, first failing check and its state as the table states them.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {credentialTextFromFile} from '../src/baked.js';
import {didWebToUrl} from '../src/did.js';
import {verifyCredential} from '../src/verify.js';
import {fixtureFetch} from './helpers.js';

const CASES = new URL('../../tests/reference/verdicts/cases/', import.meta.url);

/** The URL -> JSON map a case's (offline) fetcher knows: DID documents and resources. */
export function caseFetchMap(testCase) {
  const map = {...(testCase.resources || {})};
  for(const [did, document] of Object.entries(testCase.didDocuments || {})) {
    if(did.startsWith('did:web:')) {
      map[didWebToUrl(did)] = document;
    }
  }
  return map;
}

/** The input as the verify page reads a file: its bytes, through the page's text loader. */
function caseCredential(testCase) {
  const text = 'credentialText' in testCase ? testCase.credentialText : JSON.stringify(testCase.credential, null, 2);
  return JSON.parse(credentialTextFromFile(new TextEncoder().encode(text)).text);
}

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
    const report = await verifyCredential(caseCredential(testCase), {
      now: new Date(testCase.now), fetchJson: fixtureFetch(caseFetchMap(testCase))});
    assert.deepEqual(outcome(report), testCase.expected,
      `${testCase.description}\n${report.checks.map(c => `${c.id} ${c.state}: ${c.message}`).join('\n')}`);
  });
}
