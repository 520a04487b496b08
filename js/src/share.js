// Entry point of the sharing bundle on a badge page: "Copy link", the copy buttons of the
// embed and shield snippets, "Post on Mastodon" (asks for the visitor's server, see
// mastodon.js), "Download certificate (PDF)" (which loads the certificate bundle only when
// clicked), "Print certificate" and the baked badge image downloads (made here from the
// published image and this badge's credential.json, see bake.js). Without JavaScript
// these controls stay hidden and the page says what to do instead.
import {bakePng, bakeSvg} from './bake.js';
import {browserFetchBytes} from './fetch.js';
import {mastodonHost, mastodonShareUrl} from './mastodon.js';
import {saveFile} from './save.js';

async function downloadBaked(button) {
  const data = button.dataset;
  const [image, credential] = await Promise.all(
    [browserFetchBytes(data.bpImage), browserFetchBytes('credential.json')]);
  const kind = data.bpBake;
  const baked = kind === 'png'
    ? bakePng(image, credential, Number(data.bpBefore))
    : bakeSvg(image, credential, {
      before: Number(data.bpBefore), after: Number(data.bpAfter),
      opening: data.bpOpening, closing: data.bpClosing,
    });
  saveFile(baked, data.bpSaveAs, kind === 'png' ? 'image/png' : 'image/svg+xml');
}

function copyButton(button, text, done, failed) {
  if(!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(text()).then(
      () => { button.textContent = done; },
      () => { button.textContent = failed; });
    setTimeout(() => { button.textContent = label; }, 4000);
  });
}

function setUpMastodon(button) {
  const form = document.getElementById(button.getAttribute('aria-controls'));
  if(!form) {
    return;
  }
  const input = form.querySelector('input');
  const note = form.querySelector('[role=status]');
  const hint = note.textContent;
  button.hidden = false;
  button.addEventListener('click', () => {
    form.hidden = !form.hidden;
    button.setAttribute('aria-expanded', String(!form.hidden));
    if(!form.hidden) {
      input.focus();
    }
  });
  form.addEventListener('submit', event => {
    event.preventDefault();
    const host = mastodonHost(input.value);
    if(!host) {
      note.textContent = 'Type the name of your server only, like mastodon.social.';
      note.classList.add('bp-error');
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    note.textContent = hint;
    note.classList.remove('bp-error');
    input.removeAttribute('aria-invalid');
    const text = `${form.dataset.bpText} ${form.dataset.bpUrl}`;
    window.open(mastodonShareUrl(host, text), '_blank', 'noopener');
  });
}

const LETTER_REGIONS = /-(US|CA|MX|PH|CL|CO|VE|GT|CR|PA)$/iu;
let certificateBundle = null;

function loadCertificateBundle(src) {
  certificateBundle ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve(window.badgepressCertificate);
    script.onerror = () => {
      certificateBundle = null;
      reject(new Error('the certificate script did not load'));
    };
    document.head.appendChild(script);
  });
  return certificateBundle;
}

function setUpCertificate(button) {
  const section = button.closest('section');
  const paper = section.querySelector('select[data-bp-paper]');
  const note = section.querySelector('[data-bp-certificate-note]');
  if(LETTER_REGIONS.test(navigator.language || '')) {
    paper.value = 'letter';
  }
  section.hidden = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    note.textContent = 'Making the certificate…';
    loadCertificateBundle(button.getAttribute('data-bp-certificate'))
      .then(bundle => bundle.downloadCertificate(
        JSON.parse(document.getElementById('bp-certificate-data').textContent), paper.value))
      .then(() => { note.textContent = 'Certificate saved (PDF).'; },
        error => { note.textContent = `Could not make the certificate (${error.message}): print this page instead.`; })
      .finally(() => { button.disabled = false; });
  });
}

function setUp() {
  document.querySelectorAll('button[data-bp-certificate]').forEach(setUpCertificate);
  document.querySelectorAll('button[data-bp-copy]').forEach(button => {
    copyButton(button, () => button.getAttribute('data-bp-copy'), 'Link copied',
      'Could not copy: select the address below');
  });
  document.querySelectorAll('button[data-bp-copy-from]').forEach(button => {
    const source = document.getElementById(button.getAttribute('data-bp-copy-from'));
    if(source) {
      copyButton(button, () => source.value, 'Copied', 'Could not copy: select the text above');
    }
  });
  document.querySelectorAll('button[data-bp-mastodon]').forEach(setUpMastodon);
  document.querySelectorAll('button[data-bp-print]').forEach(button => {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  });
  document.querySelectorAll('button[data-bp-bake]').forEach(button => {
    const item = button.closest('li');
    const note = document.createElement('span');
    note.className = 'bp-error';
    note.setAttribute('role', 'status');
    item.hidden = false;
    item.appendChild(note);
    button.addEventListener('click', () => {
      note.textContent = '';
      downloadBaked(button).catch(error => {
        note.textContent = ` Could not make the image (${error.message}); download the JSON file instead.`;
      });
    });
  });
}

if(document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', setUp, {once: true});
} else {
  setUp();
}
