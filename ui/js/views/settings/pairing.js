// Settings' "Share with your partner": choosing the folder, pairing by code, and
// the shared space's status once paired. Rust holds every rule and word about
// files; this draws the view it is given.

import { api } from '../../api.js';
import { announce, h } from '../../dom.js';

function when(stamp) {
  return new Date(stamp).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function wirePairing(view, life, partnerName) {
  const panel = view.querySelector('[data-pairing]');
  const error = panel.querySelector('[data-pair-error]');
  const states = panel.querySelectorAll('[data-pair-state]');
  const join = panel.querySelector('form[data-form="pair-join"]');
  let polling = null;
  /** Whether this side typed the code (rather than showing one). */
  let joining = false;

  function stopPolling() {
    if (polling !== null) life.clearInterval(polling);
    polling = null;
  }

  function draw(v) {
    const state = v.paired ? 'paired' : (v.pairing ?? 'unpaired');
    for (const el of states) el.hidden = el.dataset.pairState !== state;
    const chosen = panel.querySelector('[data-pair-chosen]');
    chosen.hidden = !v.folder;
    panel.querySelector('[data-pair-folder]').textContent = v.folder ? `Shared folder: ${v.folder}` : '';
    panel.querySelector('[data-pair-code]').textContent = v.code ?? '';
    if (v.paired && v.status) {
      panel.querySelector('[data-pair-with]').textContent =
        `Paired with ${partnerName()} since ${when(v.status.paired_at)}, through ${v.status.folder}.`;
      panel.querySelector('[data-pair-last]').textContent = v.status.last_received
        ? `Last from ${partnerName()}, ${when(v.status.last_received_at)}: ${v.status.last_received}`
        : `Nothing has come from ${partnerName()}'s Hearth yet.`;
      const left = panel.querySelector('[data-pair-left]');
      left.hidden = !v.status.partner_left_at;
      left.textContent = v.status.partner_left_at
        ? `${partnerName()}'s Hearth unpaired on ${when(v.status.partner_left_at)}. Nothing more will arrive; unpair here too, and pair again if you both want to.`
        : '';
      panel.querySelector('[data-pair-away]').hidden = v.reachable;
      panel.querySelector('[data-pair-notices]').replaceChildren(
        ...v.notices.map((n) => h('li', {}, n.file ? `${n.file}: ${n.message}` : n.message)));
    }
    if (v.pairing && polling === null) {
      polling = life.interval(() => run(api.sharedPoll(), true), 1000);
    } else if (!v.pairing) {
      stopPolling();
    }
  }

  // Moves the focus to `el` when the person's focus was in a part of this panel
  // that has just been hidden (or nowhere at all), never away from elsewhere on
  // the page: pairing finishes on a timer, perhaps while they type their names.
  function refocus(el) {
    const now = document.activeElement;
    if (!now || now === document.body || (panel.contains(now) && now.closest('[hidden]'))) el.focus();
  }

  async function run(promise, quiet = false) {
    if (!quiet) error.textContent = '';
    const wasPairing = polling !== null;
    try {
      const v = await life.guard(promise);
      if (v) {
        draw(v);
        if (wasPairing && v.paired) {
          announce(`Paired with ${partnerName()}. Your bucket list is now shared.`);
          refocus(panel.querySelector('[data-pair-with]'));
        }
      }
      return v;
    } catch (err) {
      stopPolling();
      error.textContent = err.message;
      draw(await life.guard(api.sharedStatus()));
      // A pairing that failed on its own (a wrong code) starts again from here.
      if (wasPairing) refocus(joining ? join.elements.code : panel.querySelector('[data-action="pair-offer"]'));
      return null;
    }
  }

  panel.querySelector('[data-action="pair-folder"]').addEventListener('click', async () => {
    const v = await run(api.sharedChooseFolder());
    if (v) panel.querySelector('[data-action="pair-offer"]').focus();
  });
  panel.querySelector('[data-action="pair-offer"]').addEventListener('click', async () => {
    joining = false;
    const v = await run(api.sharedOffer());
    if (v?.code) {
      announce(`Your pairing code is ${v.code}.`);
      refocus(panel.querySelector('[data-pair-code]'));
    }
  });
  join.addEventListener('submit', async (event) => {
    event.preventDefault();
    joining = true;
    const v = await run(api.sharedJoin(join.elements.code.value));
    if (v) {
      refocus(panel.querySelector('[data-pair-waiting]'));
    } else {
      join.elements.code.focus();
      join.elements.code.select();
    }
  });
  for (const cancel of panel.querySelectorAll('[data-action="pair-cancel"]')) {
    cancel.addEventListener('click', async () => {
      await run(api.sharedCancel());
      panel.querySelector('[data-action="pair-folder"]').focus();
    });
  }
  panel.querySelector('[data-action="pair-sync"]').addEventListener('click', () => run(api.sharedSyncNow()));

  const actions = panel.querySelector('[data-unpair-actions]');
  const confirm = panel.querySelector('[data-unpair-confirm]');
  panel.querySelector('[data-action="pair-unpair"]').addEventListener('click', () => {
    actions.hidden = true;
    confirm.hidden = false;
    panel.querySelector('[data-action="pair-unpair-no"]').focus();
  });
  panel.querySelector('[data-action="pair-unpair-no"]').addEventListener('click', () => {
    confirm.hidden = true;
    actions.hidden = false;
    panel.querySelector('[data-action="pair-unpair"]').focus();
  });
  panel.querySelector('[data-action="pair-unpair-yes"]').addEventListener('click', async () => {
    confirm.hidden = true;
    actions.hidden = false;
    const v = await run(api.sharedUnpair());
    if (v) {
      announce('Unpaired. Your bucket list stays on this computer.');
      panel.querySelector('[data-action="pair-folder"]').focus();
    }
  });

  api.onShared(() => run(api.sharedStatus(), true)).then((unlisten) => life.onEnd(unlisten));
  run(api.sharedStatus(), true);
}
