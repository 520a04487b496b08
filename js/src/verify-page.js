// Entry point of the standalone verify page: fills <div id="bp-verify-tool"> with a paste
// box, a file picker / drop zone (JSON, VC-JWT, baked PNG, baked SVG) and a URL field, then shows
// the same report as a badge page plus the credential's content. On a local preview the
// issuer's files are read from the preview server (preview.js).
import {credentialTextFromFile, isPng} from './baked.js';
import {el, fillRecipientCheck} from './earner-page.js';
import {browserFetchBytes, browserFetchJson} from './fetch.js';
import {parseCredentialText, unreadableReport} from './parse.js';
import {imageSource} from './content.js';
import {pagePreview, previewFetch, previewNote, previewUrl} from './preview.js';
import {announceResult, renderContent, renderError, renderReport} from './render.js';
import {verifyCredential} from './verify.js';


function buildTool(root) {
  const pasteLabel = el('label', {for: 'bp-paste'}, 'Paste a badge (its JSON)');
  const paste = el('textarea', {id: 'bp-paste', rows: '10', spellcheck: 'false',
    placeholder: '{"@context": …} or eyJ…'});
  const pasteButton = el('button', {id: 'bp-paste-verify', type: 'button'}, 'Verify');
  const file = el('input', {id: 'bp-file', type: 'file',
    accept: '.json,.jwt,.png,.svg,application/json,application/ld+json,application/jwt,application/vc+jwt,image/png,image/svg+xml'});
  const fileLabel = el('label', {for: 'bp-file'}, 'Choose a badge file (JSON, JWT, PNG or SVG)');
  const drop = el('div', {id: 'bp-drop', tabindex: '0', role: 'button',
    'aria-label': 'Drop a badge file here'}, 'Drop a badge file here');
  const urlLabel = el('label', {for: 'bp-url'}, 'Or give the address of a badge page or file');
  const url = el('input', {id: 'bp-url', type: 'url', placeholder: 'https://…/badge.json'});
  const urlButton = el('button', {id: 'bp-url-verify', type: 'button'}, 'Verify URL');
  const report = el('section', {id: 'bp-verify', class: 'bp-verify', 'aria-label': 'Verification'});
  const announce = el('p', {class: 'bp-sr', role: 'status'});  // hears the headline only
  report.hidden = true; // shown from the first check on
  const content = el('div', {id: 'bp-content'});

  const pasteBox = el('div', {class: 'bp-tool-paste'});
  pasteBox.append(pasteLabel, paste, pasteButton);
  const fileBox = el('div', {class: 'bp-tool-file'});
  fileBox.append(fileLabel, file, drop);
  const urlBox = el('div', {class: 'bp-tool-url'});
  urlBox.append(urlLabel, url, urlButton);
  root.replaceChildren(pasteBox, fileBox, urlBox, announce, report, content);
  return {paste, pasteButton, file, drop, url, urlButton, announce, report, content};
}

function credentialFromHtml(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const script = doc.getElementById('bp-credential');
  if(!script) {
    throw new Error('that page has no embedded credential (#bp-credential)');
  }
  return script.textContent;
}

function looksLikeHtml(text) {
  return /^\s*(<!doctype html|<html[\s>])/i.test(text);
}

async function textFromUrl(rawUrl, fetchBytes) {
  const bytes = await fetchBytes(new URL(rawUrl, document.baseURI).href);
  if(!isPng(bytes)) {
    const text = new TextDecoder('utf-8').decode(bytes);
    if(looksLikeHtml(text)) {
      return credentialFromHtml(text);
    }
  }
  return credentialTextFromFile(bytes).text;
}

function setup(root) {
  const ui = buildTool(root);
  const preview = pagePreview(document);

  async function show(loadText) {
    const fetchJson = previewFetch(browserFetchJson, preview);
    const fetchPage = previewFetch(browserFetchBytes, preview);
    ui.report.hidden = false;
    ui.report.setAttribute('aria-busy', 'true');
    ui.report.removeAttribute('data-verdict');
    ui.report.replaceChildren(el('p', {class: 'bp-busy'}, 'Checking…'));
    ui.content.replaceChildren();
    try {
      let text;
      try {
        text = await loadText(fetchPage);
      } catch(error) {
        renderError(ui.report, `Could not read a credential: ${error && error.message}`);
        return;
      }
      let credential;
      try {
        credential = parseCredentialText(text);
      } catch(error) {
        renderReport(ui.report, unreadableReport(error));
        return;
      }
      const report = await verifyCredential(credential, {fetchJson});
      if(fetchJson.rewritten.length || fetchPage.rewritten.length) {
        report.notes = [...(report.notes || []), {id: 'local-preview', text: previewNote(preview)}];
      }
      renderReport(ui.report, report);
      renderContent(ui.content, credential, {verified: report.verdict !== 'not-verified',
        images: image => imageSource(image, document.baseURI, url => previewUrl(url, preview))});
      if(report.verdict !== 'not-verified') {  // a forged badge's recipient proves nothing
        fillRecipientCheck(ui.content.appendChild(el('section', {id: 'bp-recipient-check', class: 'bp-recipient-check'})), credential);
      }
    } catch(error) {
      renderError(ui.report, `Not verified — the verifier stopped unexpectedly (${error && error.message}).`);
    } finally {
      // On a phone the result is below the fold: take the reader (and focus) to it.
      const target = announceResult(ui.report, ui.announce);
      if(target) {
        target.focus();
      }
    }
  }

  async function readFile(fileObject) {
    const bytes = new Uint8Array(await fileObject.arrayBuffer());
    return credentialTextFromFile(bytes).text;
  }

  ui.pasteButton.addEventListener('click', () => show(async () => ui.paste.value));
  ui.file.addEventListener('change', () => {
    if(ui.file.files && ui.file.files[0]) {
      show(() => readFile(ui.file.files[0]));
    }
  });
  ui.drop.addEventListener('dragover', event => {
    event.preventDefault();
    ui.drop.setAttribute('data-dragging', 'true');
  });
  ui.drop.addEventListener('dragleave', () => ui.drop.removeAttribute('data-dragging'));
  ui.drop.addEventListener('drop', event => {
    event.preventDefault();
    ui.drop.removeAttribute('data-dragging');
    const dropped = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
    if(dropped) {
      show(() => readFile(dropped));
    }
  });
  ui.drop.addEventListener('click', () => ui.file.click());
  ui.drop.addEventListener('keydown', event => {
    if(event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      ui.file.click();
    }
  });
  const verifyUrl = () => {
    const value = ui.url.value.trim();
    if(value) {
      show(fetchFn => textFromUrl(value, fetchFn));
    }
  };
  ui.urlButton.addEventListener('click', verifyUrl);
  ui.url.addEventListener('keydown', event => {
    if(event.key === 'Enter') {
      verifyUrl();
    }
  });
}

function start() {
  const root = document.getElementById('bp-verify-tool');
  if(root) {
    setup(root);
  }
}

if(document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start, {once: true});
} else {
  start();
}
