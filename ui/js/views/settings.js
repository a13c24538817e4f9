// Settings: auto-lock delay, names, change passphrase, backups, snapshots, lock now.

import { api } from '../api.js';
import { dispatch, getState } from '../store.js';
import { announce, formatMinutes, h, template } from '../dom.js';
import { wireStrength } from './strength.js';
import { wirePairing } from './settings/pairing.js';
import { registerSection } from '../sections.js';

function formatBytes(n) {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

function wireBackup(view) {
  const status = view.querySelector('[data-backup-status]');
  const error = view.querySelector('[data-backup-error]');
  const form = view.querySelector('form[data-form="restore"]');
  const clear = () => { status.textContent = ''; error.textContent = ''; };

  view.querySelector('[data-action="backup"]').addEventListener('click', async (event) => {
    clear();
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const saved = await api.backupCreate();
      if (saved) status.textContent = `Backup saved (${formatBytes(saved.bytes)}): ${saved.path}`;
    } catch (err) {
      error.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });

  view.querySelector('[data-action="choose-backup"]').addEventListener('click', async () => {
    clear();
    try {
      const info = await api.backupChoose();
      if (!info) return;
      const when = new Date(info.created_at).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
      form.querySelector('[data-restore-about]').textContent = `This backup was made on ${when} (${formatBytes(info.bytes)}).`;
      const unsealed = form.querySelector('[data-restore-unsealed]');
      unsealed.textContent = info.authenticated ? '' : 'This backup was made by an older Hearth, before backups were sealed as a whole. Hearth still checks that it opens and is not damaged, but it can\'t vouch for the date above.';
      unsealed.hidden = info.authenticated;
      form.hidden = false;
      form.elements.passphrase.focus();
    } catch (err) {
      error.textContent = err.message;
    }
  });

  view.querySelector('[data-action="cancel-restore"]').addEventListener('click', () => {
    form.reset();
    form.hidden = true;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    button.textContent = 'Restoring…';
    try {
      const settings = await api.backupRestore(form.elements.passphrase.value);
      form.reset();
      dispatch({ type: 'unlocked', settings });
      announce('Your backup has been restored.');
    } catch (err) {
      const status = await api.status();
      if (!status.unlocked) {
        dispatch({ type: 'locked', notice: `${err.message} Unlock to go on.` });
        return;
      }
      error.textContent = err.message;
      form.elements.passphrase.focus();
    } finally {
      button.disabled = false;
      button.textContent = 'Restore this backup';
    }
  });
}

function wireSnapshots(view) {
  const actions = view.querySelector('[data-snapshots-actions]');
  const confirm = view.querySelector('[data-snapshots-confirm]');
  const status = view.querySelector('[data-snapshots-status]');
  const error = view.querySelector('[data-snapshots-error]');
  const ask = view.querySelector('[data-action="delete-snapshots"]');
  const close = () => { confirm.hidden = true; actions.hidden = false; ask.focus(); };
  ask.addEventListener('click', () => {
    status.textContent = '';
    error.textContent = '';
    actions.hidden = true;
    confirm.hidden = false;
    view.querySelector('[data-action="delete-snapshots-no"]').focus();
  });
  view.querySelector('[data-action="delete-snapshots-no"]').addEventListener('click', close);
  view.querySelector('[data-action="delete-snapshots-yes"]').addEventListener('click', async () => {
    try {
      const n = await api.snapshotsDelete();
      status.textContent = n === 0 ? 'There were no snapshots to delete.' : `Deleted ${n} ${n === 1 ? 'snapshot' : 'snapshots'} for good.`;
    } catch (err) {
      error.textContent = err.message;
    }
    close();
  });
}

function renderSettings(view, state, life) {
  view.replaceChildren(template('settings'));
  const s = state.settings;

  const select = view.querySelector('[data-autolock-select]');
  select.replaceChildren(...s.auto_lock_choices.map((m) =>
    h('option', { value: m, selected: m === s.auto_lock_minutes }, formatMinutes(m))));
  const note = view.querySelector('[data-autolock-note]');
  if (s.auto_lock_override_secs) {
    note.textContent = `For this session Hearth was started with HEARTH_AUTOLOCK_SECS, so it locks after ${s.auto_lock_override_secs} seconds.`;
  }
  select.addEventListener('change', async () => {
    try {
      const settings = await api.setAutoLock(Number(select.value));
      dispatch({ type: 'settings', settings });
      announce(`Auto-lock set to ${formatMinutes(settings.auto_lock_minutes)}.`);
    } catch (err) {
      note.textContent = err.message;
    }
  });

  const namesForm = view.querySelector('form[data-form="names"]');
  life.guard(api.names()).then((names) => {
    // Defaults ("Me", "My partner") show as placeholders, not as typed names.
    namesForm.elements.me.placeholder = 'Me';
    namesForm.elements.partner.placeholder = 'My partner';
    if (names.me !== 'Me') namesForm.elements.me.value = names.me;
    if (names.partner !== 'My partner') namesForm.elements.partner.value = names.partner;
  });
  // With more than one Hearth on this computer, the name the lock screen shows.
  const manyHearths = getState().hearths.length > 1;
  namesForm.querySelector('[data-hearth-name]').hidden = !manyHearths;
  if (manyHearths) namesForm.elements.hearth.value = getState().settings?.hearth_name ?? '';
  namesForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = namesForm.querySelector('[data-error]');
    error.textContent = '';
    try {
      const names = await api.setNames(namesForm.elements.me.value, namesForm.elements.partner.value);
      if (manyHearths) {
        const shown = await api.setHearthName(namesForm.elements.hearth.value);
        dispatch({ type: 'hearth-named', id: getState().current, name: shown });
      }
      announce(`Saved: ${names.me} and ${names.partner}.`);
    } catch (err) {
      error.textContent = err.message;
    }
  });

  wireBackup(view);
  wireSnapshots(view);
  wirePairing(view, life, () => namesForm.elements.partner.value || 'your partner');

  const form = view.querySelector('form[data-form="change"]');
  const { current, new: next, confirmation } = form.elements;
  wireStrength(form, next, life);
  const error = form.querySelector('[data-error]');
  const success = form.querySelector('[data-success]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    success.textContent = '';
    for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    button.textContent = 'Changing…';
    try {
      await api.changePassphrase(current.value, next.value, confirmation.value);
      form.reset();
      success.textContent = 'Your passphrase has been changed. Use the new one from now on.';
    } catch (err) {
      error.textContent = err.message;
      const field = { wrong_passphrase: current, weak_passphrase: next, passphrase_mismatch: confirmation, invalid_input: next }[err.kind];
      if (field) {
        field.setAttribute('aria-invalid', 'true');
        field.focus();
      }
    } finally {
      button.disabled = false;
      button.textContent = 'Change passphrase';
    }
  });
}

registerSection({ id: 'settings', label: 'Settings', order: 100, render: renderSettings });
