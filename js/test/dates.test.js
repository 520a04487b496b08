// The dates check with an injected "now".
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {verifyCredential} from '../src/verify.js';
import {checkOf, readRefJson} from './helpers.js';

// validFrom 2010-01-01T00:00:00Z, validUntil 2030-01-01T00:00:00Z (signed, so dates are genuine)
const COMPLETE = 'examples/ob3-complete-openbadgecredential.signed.json';

test('expired: validUntil in the past -> fail "Expired on …"', async () => {
  const report = await verifyCredential(readRefJson(COMPLETE), {now: new Date('2031-05-01T00:00:00Z')});
  const dates = checkOf(report, 'dates');
  assert.equal(dates.state, 'fail');
  assert.equal(dates.message, 'Expired on 2030-01-01 (its validUntil).');
  assert.equal(checkOf(report, 'signature').state, 'pass');
});

test('not yet valid: validFrom in the future -> fail "Not yet valid (valid from …)"', async () => {
  const report = await verifyCredential(readRefJson(COMPLETE), {now: '2009-12-31T23:00:00Z'});
  const dates = checkOf(report, 'dates');
  assert.equal(dates.state, 'fail');
  assert.equal(dates.message, 'Not yet valid (valid from 2010-01-01, its validFrom).');
});

test('within dates -> pass', async () => {
  const report = await verifyCredential(readRefJson(COMPLETE), {now: Date.parse('2020-01-01T00:00:00Z')});
  assert.equal(checkOf(report, 'dates').state, 'pass');
});
