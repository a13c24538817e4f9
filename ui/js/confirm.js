// Plain-text exports ask for the passphrase first. Rust decides when: an export
// command refuses with `confirm_passphrase` unless the passphrase was given in the
// last minute, and its message says what the file will hold and that it is not
// encrypted. `askFirst` shows that in a small dialog, checks the passphrase through
// `confirm_passphrase` (throttled like unlocking) and then runs the export again.

import { api } from './api.js';
import { focusWhenEnabled, showDialog, wireReveal } from './dom.js';

/**
 * Runs `exportFile` (a call to one of the export commands); if Rust wants the
 * passphrase first, asks for it and runs it again. Resolves to null if the person
 * cancels, as the export itself does when they cancel its file dialog. Focus goes
 * back to `button` (the one that asked for the export) when the question closes,
 * once the button is enabled again.
 */
export async function askFirst(exportFile, button) {
  for (let tries = 0; ; tries += 1) {
    try {
      return await exportFile();
    } catch (err) {
      if (err?.kind !== 'confirm_passphrase' || tries > 0) throw err;
      if (!(await askPassphrase(err.message, button))) return null;
    }
  }
}

/** Shows the question; resolves to whether the right passphrase was given. */
function askPassphrase(about, button) {
  return new Promise((resolve) => {
    let confirmed = false;
    showDialog(document.getElementById('app'), 'confirm-passphrase', (dialog, close) => {
      dialog.querySelector('[data-about]').textContent = about;
      wireReveal(dialog);
      const form = dialog.querySelector('form');
      const field = form.elements.passphrase;
      const error = form.querySelector('[data-error]');
      const submit = form.querySelector('[type=submit]');
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        error.textContent = '';
        submit.disabled = true;
        try {
          await api.confirmPassphrase(field.value);
          confirmed = true;
          field.value = '';
          close();
        } catch (err) {
          error.textContent = err.message;
          field.select();
        } finally {
          submit.disabled = false;
        }
      });
      dialog.addEventListener('close', () => {
        field.value = '';
        resolve(confirmed);
      });
    }, () => button && focusWhenEnabled(button));
  });
}
