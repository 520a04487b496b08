// Entry point of the sharing bundle on a badge page: "Copy link", "Print certificate" and
// the baked badge image downloads (made here from the published image and this badge's
// credential.json, see bake.js). Without JavaScript these controls stay hidden and the page
// says what to do instead.
import {bakePng, bakeSvg} from './bake.js';
import {browserFetchBytes} from './fetch.js';

function saveFile(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], {type}));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

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

function setUp() {
  document.querySelectorAll('button[data-bp-copy]').forEach(button => {
    if(!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(button.getAttribute('data-bp-copy')).then(
        () => { button.textContent = 'Link copied'; },
        () => { button.textContent = 'Could not copy: select the address below'; });
      setTimeout(() => { button.textContent = label; }, 4000);
    });
  });
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
