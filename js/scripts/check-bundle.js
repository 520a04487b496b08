// CI check: the committed bundles and src/contexts-bundled.js are what the current sources
// produce. Rebuilds into a temporary directory and compares bytes; exits 1 on any difference.
import {mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {ASSETS_DIR, buildBundles} from './build.js';
import {CONTEXTS_MODULE, renderContextsModule} from './gen-contexts.js';

const stale = [];
const expectedContexts = renderContextsModule(CONTEXTS_MODULE);
if(!existsSync(CONTEXTS_MODULE) || readFileSync(CONTEXTS_MODULE, 'utf8') !== expectedContexts) {
  stale.push('js/src/contexts-bundled.js (does not match the context manifest)');
}
const tmp = mkdtempSync(join(tmpdir(), 'badgepress-bundle-'));
try {
  const bundles = await buildBundles();
  for(const [name, bytes] of Object.entries(bundles)) {
    writeFileSync(join(tmp, name), bytes);
    const committed = resolve(ASSETS_DIR, name);
    if(!existsSync(committed) || !readFileSync(committed).equals(readFileSync(join(tmp, name)))) {
      stale.push(`src/badgepress/site/assets/${name}`);
    }
  }
} finally {
  rmSync(tmp, {recursive: true, force: true});
}
if(stale.length) {
  console.error(`Stale generated files (run \`npm run build\` in js/ and commit):\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
console.log('bundles are up to date');
