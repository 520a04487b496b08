// Endorsements listed on an achievement page or the home page
// (<li data-bp-endorsement="URL" data-bp-subject="ID">): each signed endorsement is fetched
// from the site and verified in place with the same checks as any credential; its verdict is
// shown as text in the item's .bp-endorsement-verdict and recorded in data-verdict.
import {browserFetchJson} from './fetch.js';
import {kindOf} from './format.js';
import {verifyCredential} from './verify.js';

function notVerified(why) {
  return {verdict: 'not-verified', headline: `Not verified — ${why}`};
}

async function check(item, fetchJson, now) {
  let credential;
  try {
    credential = await fetchJson(item.dataset.bpEndorsement);
  } catch(error) {
    return notVerified(`the endorsement could not be read (${error && error.message})`);
  }
  if(!credential || kindOf(credential) !== 'endorsement') {
    return notVerified('the file is not an EndorsementCredential');
  }
  const subject = credential.credentialSubject;
  if(!subject || subject.id !== item.dataset.bpSubject) {
    return notVerified(`it endorses ${subject && subject.id}, not ${item.dataset.bpSubject}`);
  }
  return verifyCredential(credential, {fetchJson, now});
}

/** Verifies every endorsement item in `doc`; resolves when all verdicts are shown. */
export async function verifyEndorsements(doc, {fetchJson = browserFetchJson, now = new Date()} = {}) {
  const items = [...doc.querySelectorAll('[data-bp-endorsement]')];
  await Promise.all(items.map(async item => {
    let report;
    try {
      report = await check(item, fetchJson, now);
    } catch(error) {
      report = notVerified(`the verifier stopped unexpectedly (${error && error.message})`);
    }
    const shown = item.querySelector('.bp-endorsement-verdict');
    if(shown) {
      shown.textContent = report.headline;
    }
    item.dataset.verdict = report.verdict;
  }));
}
