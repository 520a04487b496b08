// Prints, as JSON, whether Digital Bazaar's stack verifies the credential of each case file
// given (ecdsa-sd-2023; its DID documents and `now` from the case).
//   node tests/reference/stack/verify-sd.mjs CASE.json...
import {readFileSync} from 'node:fs';
import {basename} from 'node:path';
import {verifies} from './sd-stack.mjs';

const out = {};
for(const path of process.argv.slice(2)) {
  const value = JSON.parse(readFileSync(path, 'utf8'));
  out[basename(path, '.json')] = await verifies(value.credential, {didDocuments: value.didDocuments, now: value.now})
    .catch(error => `error: ${error.message}`);
}
console.log(JSON.stringify(out));
