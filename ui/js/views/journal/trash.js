// The journal's trash: entries deleted in the last 30 days, to restore or empty.

import { api } from '../../api.js';
import { announce, h, template } from '../../dom.js';
import { entryRow } from './rows.js';

export function drawTrash(j) {
  const { side } = j;
  side.replaceChildren(template('journal-trash'));
  const confirm = side.querySelector('[data-confirm]');
  const actions = side.querySelector('[data-trash-actions]');
  side.querySelector('[data-empty]').addEventListener('click', () => {
    const n = side.querySelectorAll('[data-trash] > li').length;
    side.querySelector('[data-confirm-text]').textContent = `Delete ${n} ${n === 1 ? 'entry' : 'entries'} for good? This can't be undone.`;
    confirm.hidden = false;
    actions.hidden = true;
    side.querySelector('[data-confirm-no]').focus();
  });
  side.querySelector('[data-confirm-no]').addEventListener('click', () => { confirm.hidden = true; actions.hidden = false; });
  side.querySelector('[data-confirm-yes]').addEventListener('click', async () => {
    try {
      const n = await j.life.guard(api.journalEmptyTrash());
      announce(`${n} ${n === 1 ? 'entry' : 'entries'} deleted for good.`);
    } catch (err) { announce(err.message); }
    confirm.hidden = true;
    actions.hidden = false;
    loadTrash(j);
  });
  loadTrash(j);
}

export async function loadTrash(j) {
  const { side } = j;
  const list = side.querySelector('[data-trash]');
  if (!list) return;
  try {
    const entries = await j.life.guard(api.journalTrash());
    list.replaceChildren(...entries.map((e) => entryRow(j, e, {
      onOpen: () => announce('Restore this entry to open it.'),
      extra: h('button', { type: 'button', class: 'secondary small restore', 'data-restore': e.id, 'aria-label': `Restore ${e.title || 'untitled entry'}`, onclick: async () => {
        try {
          await j.life.guard(api.journalRestore(e.id));
          announce('Entry restored.');
          loadTrash(j);
        } catch (err) { announce(err.message); }
      } }, 'Restore'),
    })));
    side.querySelector('[data-trash-actions]').hidden = entries.length === 0;
    if (!entries.length) list.replaceChildren(h('li', { class: 'hint' }, 'The trash is empty.'));
  } catch (err) { announce(err.message); }
}
