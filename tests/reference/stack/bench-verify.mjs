// CPU time of the reference stack's eddsa-rdfc-2022 verification, per credential.
//
//   node tests/reference/stack/bench-verify.mjs INPUT.json
//
// INPUT holds {now, didDocuments, credentials: [...]} (written by benchmarks/bench_crypto.py).
// Each credential is verified once with @digitalbazaar/vc verifyCredential and the
// eddsa-rdfc-2022 cryptosuite, offline through verify.mjs's loader (bundled contexts and the
// given DID documents only), after a warm-up on the first few. Prints one JSON object:
// {credentials, msPerCredential, verified} — CPU time (process.cpuUsage, user + system).
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {caseLoader} from './verify.mjs';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const documentLoader = caseLoader(input);
const now = new Date(input.now);

async function verify(credential) {
  const result = await vc.verifyCredential({
    credential, suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022}), documentLoader,
    now, checkStatus: async () => ({verified: true}),
  });
  return result.verified;
}

for(const credential of input.credentials.slice(0, 5)) {
  await verify(credential);
}
let verified = 0;
const start = process.cpuUsage();
for(const credential of input.credentials) {
  verified += await verify(credential) ? 1 : 0;
}
const used = process.cpuUsage(start);
console.log(JSON.stringify({
  credentials: input.credentials.length,
  msPerCredential: (used.user + used.system) / 1000 / input.credentials.length,
  verified,
}));
