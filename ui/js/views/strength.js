// Live strength feedback for a new passphrase (create vault, change passphrase).
// The estimate comes from zxcvbn on the Rust side.

import { api } from '../api.js';
import { debounce } from '../dom.js';

/** Wires `input` to the .strength block inside `root`, for the length of `life`. */
export function wireStrength(root, input, life) {
  const box = root.querySelector('[data-strength]');
  const summary = box.querySelector('[data-strength-summary]');
  const hints = box.querySelector('[data-strength-hints]');
  let latest = 0;

  const refresh = async () => {
    const ticket = ++latest;
    const result = await life.guard(api.strength(input.value));
    if (ticket !== latest) return; // a newer keystroke already asked
    box.dataset.score = input.value ? String(result.score) : '0';
    box.dataset.acceptable = String(result.acceptable);
    summary.textContent = result.summary;
    hints.replaceChildren(...result.hints.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }));
  };

  input.addEventListener('input', debounce(refresh, 120, life.signal));
  refresh(); // at once: the first screen is drawn complete, not in two steps
}
