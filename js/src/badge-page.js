// Entry point of the badge page bundle: verifies the credential embedded in the page
// (<script type="application/json" id="bp-credential">) and shows the report in
// <section id="bp-verify">. Records data-verify-ms (script start to verdict). On a local
// preview the issuer's files are read from the preview server (preview.js). On a page that
// lists endorsements, each is verified in place (endorsement-page.js).
import {withComponents} from './components.js';
import {setUpBadgePage} from './earner-page.js';
import {verifyEndorsements} from './endorsement-page.js';
import {browserFetchJson} from './fetch.js';
import {parseCredentialText} from './parse.js';
import {pagePreview, previewFetch, previewNote} from './preview.js';
import {announceResult, renderError, renderReport} from './render.js';
import {verifyCredential} from './verify.js';

const started = performance.now();

async function run() {
  verifyEndorsements(document);
  const section = document.getElementById('bp-verify');
  if(!section) {
    return;
  }
  section.setAttribute('aria-busy', 'true');
  // The page's live region (#bp-announce) hears the headline sentence only.
  const announce = document.getElementById('bp-announce');
  const done = () => {
    if(announce) {
      announceResult(section, announce);
    }
    section.setAttribute('data-verify-ms', String(Math.round(performance.now() - started)));
  };
  const source = document.getElementById('bp-credential');
  let credential;
  try {
    credential = parseCredentialText(source ? source.textContent : '');
  } catch {
    renderError(section, 'Not verified — this page carries no readable credential.');
    done();
    return;
  }
  try {
    const preview = pagePreview(document);
    const fetchJson = previewFetch(browserFetchJson, preview);
    const report = await withComponents(document, await verifyCredential(credential, {fetchJson}), {
      fetchJson, verify: (item, options) => verifyCredential(item, {fetchJson, ...options}),
    });
    if(fetchJson.rewritten.length) {
      report.notes = [...(report.notes || []), {id: 'local-preview', text: previewNote(preview)}];
    }
    renderReport(section, report);
  } catch(error) {
    renderError(section, `Not verified — the verifier stopped unexpectedly (${error && error.message}).`);
  }
  done();
  // The wallet link and the e-mail check wait for the verdict: it is what the visitor came for.
  setUpBadgePage(credential);
}

if(document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', run, {once: true});
} else {
  run();
}
