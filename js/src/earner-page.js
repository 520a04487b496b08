// Earner delivery on a page: the "Add to wallet" deep link (badge page) and the
// "Is this badge theirs?" box (badge page and /verify/). The address typed is hashed here
// (recipient.js) and never leaves the browser.
import {checkRecipient} from './recipient.js';
import {walletDeepLink} from './wallet.js';

const ANSWERS = {
  match: 'Yes: this badge was issued to that e-mail address.',
  mismatch: 'No: this badge was not issued to that e-mail address (capitals and spaces around it do not matter).',
  none: 'This badge names no e-mail address, so it cannot be checked this way.',
  unsupported: 'This badge names its e-mail address with a hash this page cannot check (only SHA-256 is checked).',
};

/** A new element with attributes and text content (never markup). */
export function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for(const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  if(text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** Fills `section` with the e-mail check of `credential`. */
export function fillRecipientCheck(section, credential) {
  const input = el('input', {type: 'email', class: 'bp-recipient-email', autocomplete: 'off',
    'aria-label': 'E-mail address', placeholder: 'name@example.org'});
  const button = el('button', {type: 'button', class: 'bp-button'}, 'Check');
  const answer = el('p', {class: 'bp-recipient-answer', role: 'status'});
  const form = el('p', {class: 'bp-recipient-form'});
  form.append(input, button);
  const note = el('p', {class: 'bp-recipient-note'}, 'Type the holder’s e-mail address. '
    + 'Nothing is sent anywhere: your browser hashes the address with the badge’s salt and '
    + 'compares it with the badge. A match shows the badge was issued to that address, not '
    + 'that the person in front of you owns it; anyone who knows the address can check it.');
  const run = async () => {
    const verdict = await checkRecipient(credential, input.value);
    answer.setAttribute('data-answer', verdict);
    answer.textContent = ANSWERS[verdict];
  };
  button.addEventListener('click', run);
  input.addEventListener('keydown', event => {
    if(event.key === 'Enter') {
      run();
    }
  });
  section.append(note, form, answer);
}

/** The badge page: the deep link and the e-mail check of the page's own credential. */
export function setUpBadgePage(credential) {
  const link = document.querySelector('a[data-bp-wallet]');
  if(link) {
    link.href = walletDeepLink(credential);
    link.hidden = false;
  }
  const section = document.getElementById('bp-recipient-check');
  if(section) {
    fillRecipientCheck(section, credential);
  }
}
