// Text from a credential, as the Python verifier treats it (src/badgepress/model/text.py).

/** Bidirectional embedding, override and isolate controls: the set model.text strips. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/** `text` without bidirectional embedding, override and isolate controls. */
export function withoutBidi(text) {
  return String(text).replace(BIDI_CONTROLS, '');
}
