// The lock screen: create a vault on first run, unlock it afterwards. Each screen
// gets its own Life (see life.js); the wait after wrong passphrases ends with it.

import { api } from '../api.js';
import { dispatch, getState } from '../store.js';
import { h, template, wireReveal } from '../dom.js';
import { wireStrength } from './strength.js';

function setBusy(form, busy, label) {
  const button = form.querySelector('button[type="submit"]');
  if (busy) {
    button.dataset.label = button.textContent;
    button.textContent = label;
  } else if (button.dataset.label) {
    button.textContent = button.dataset.label;
  }
  button.disabled = busy;
  form.setAttribute('aria-busy', String(busy));
}

function showError(form, message, field) {
  form.querySelector('[data-error]').textContent = message;
  for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
    field.select?.();
  }
}

/** The name the lock screen shows for one of this computer's Hearths. */
function hearthLabel(hearth) {
  if (hearth.name) return hearth.name;
  return hearth.id === 'first' ? 'The first Hearth made on this computer' : 'A Hearth without a name';
}

/** Switches the lock screen to another Hearth (or to making a new one). */
async function switchHearth(form, promise) {
  try {
    dispatch({ type: 'status', status: await promise });
  } catch (err) {
    showError(form, err.message, null);
  }
}

export function renderCreate(root, life) {
  root.replaceChildren(template('create'));
  const form = root.querySelector('form');
  const pass = form.elements.passphrase;
  const confirm = form.elements.confirmation;
  wireReveal(form);
  wireStrength(form, pass, life);
  // Another person's Hearth beside the ones already here: it needs a name on the
  // lock screen, and a way back.
  const { hearths } = getState();
  const another = hearths.length > 0;
  if (another) {
    root.querySelector('.lock-card').dataset.another = '';
    root.querySelector('[data-lead-first]').hidden = true;
    root.querySelector('[data-lead-another]').hidden = false;
    root.querySelector('#create-title').textContent = 'A Hearth of your own';
    form.querySelector('[data-hearth-name]').hidden = false;
    const back = form.querySelector('[data-action="back-to-hearths"]');
    back.hidden = false;
    back.addEventListener('click', () => switchHearth(form, api.chooseHearth(hearths[0].id)), { signal: life.signal });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.elements.understood.checked) {
      showError(form, 'Please confirm you have kept your passphrase somewhere safe. Without it your vault can\'t be opened.', form.elements.understood);
      return;
    }
    setBusy(form, true, 'Creating your vault…');
    try {
      const settings = await api.createVault(pass.value, confirm.value, another ? form.elements.name.value : null);
      if (another) {
        // The lock screen's list gains this Hearth (read once here, not at every lock).
        const status = await api.status().catch(() => null);
        if (status) dispatch({ type: 'hearths', hearths: status.hearths, current: status.current });
      }
      dispatch({ type: 'unlocked', settings });
    } catch (err) {
      setBusy(form, false);
      const field = err.kind === 'passphrase_mismatch' ? confirm : err.kind === 'weak_passphrase' ? pass : null;
      showError(form, err.message, field);
    }
  });
  (another ? form.elements.name : pass).focus();
}

export function renderUnlock(root, life) {
  root.replaceChildren(template('unlock'));
  const form = root.querySelector('form');
  const pass = form.elements.passphrase;
  wireReveal(form);
  // The list as last read: at start, on each switch, and when a Hearth is made.
  const { hearths, current } = getState();
  // Which Hearth this form is for: a switch draws a new form (and tests wait for it).
  form.dataset.hearth = current;
  form.querySelector('[data-hearths]').hidden = hearths.length < 2;
  form.querySelector('[data-hearth-list]').replaceChildren(...hearths.map((hearth) => {
    const input = h('input', { type: 'radio', name: 'hearth', value: hearth.id });
    input.checked = hearth.id === current;
    input.addEventListener('change', () => switchHearth(form, api.chooseHearth(hearth.id)), { signal: life.signal });
    return h('label', { class: 'check' }, input, ' ', hearthLabel(hearth));
  }));
  form.querySelector('[data-action="new-hearth"]')
    .addEventListener('click', () => switchHearth(form, api.newHearth()), { signal: life.signal });
  const { notice } = getState();
  if (notice) form.querySelector('[data-error]').textContent = notice;

  const startWait = (secs, message) => {
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    let left = secs;
    showError(form, message, null);
    const waitTimer = life.interval(() => {
      left -= 1;
      if (left <= 0) {
        life.clearInterval(waitTimer);
        button.disabled = false;
        form.querySelector('[data-error]').textContent = 'You can try again now.';
        pass.focus();
      }
    }, 1000);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!pass.value) {
      showError(form, 'Enter your passphrase to unlock.', pass);
      return;
    }
    setBusy(form, true, 'Unlocking…');
    try {
      const settings = await api.unlock(pass.value);
      pass.value = '';
      dispatch({ type: 'unlocked', settings });
    } catch (err) {
      setBusy(form, false);
      if (err.kind === 'throttled') startWait(err.retry_after_secs, err.message);
      else showError(form, err.message, err.kind === 'wrong_passphrase' ? pass : null);
    }
  });
  pass.focus();
}
