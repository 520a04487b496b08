// The browser verifier's verdict (the JS bundle's code, run by Node exactly as
// js/test/field.test.js runs it) on case files: node js_verdicts.mjs CASE.json...
// Prints [{name, verdict}]; tests/reference/field/record.py records it as badgepress.browser.
import {readFileSync} from 'node:fs';
import {basename} from 'node:path';
import {verifyCredential} from '../../../js/src/verify.js';
import {caseCredential, caseFetchMap, fixtureFetch} from '../../../js/test/helpers.js';

const out = [];
for(const path of process.argv.slice(2)) {
  const testCase = JSON.parse(readFileSync(path, 'utf8'));
  const report = await verifyCredential(caseCredential(testCase), {fetchJson: fixtureFetch(caseFetchMap(testCase)), now: testCase.now});
  out.push({name: basename(path, '.json'), verdict: report.verdict});
}
process.stdout.write(`${JSON.stringify(out)}\n`);
