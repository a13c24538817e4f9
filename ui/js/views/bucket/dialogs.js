// The bucket list's dialogs: adding and editing, planning, marking done, starter
// ideas, sharing (exports, printing) and merging the partner's list. Each takes the
// view's context `b` (see bucket.js) and lives inside the view's element, so it
// goes with it.

import { api } from '../../api.js';
import { askFirst } from '../../confirm.js';
import { announce, h, showDialog } from '../../dom.js';
import { navigate } from '../../sections.js';
import { formatDate, label, newItem, options, pairs } from './words.js';
import { mountPhotos } from '../photos.js';

/** A modal dialog from a template inside the view; focus returns to where it was on close. */
function openDialog(b, name, setup) {
  return showDialog(b.root, name, setup, () => b.root?.querySelector('#bucket-quick-title')?.focus());
}

function showError(container, err) {
  const el = container.querySelector('[data-error]');
  if (el) el.textContent = err?.message ?? String(err);
}

export function editDialog(b, item, prefill = {}) {
  openDialog(b, 'bucket-edit', (dialog, close) => {
    const form = dialog.querySelector('form');
    const f = form.elements;
    const base = item ?? { ...newItem(), ...prefill };
    dialog.querySelector('[data-title]').textContent = item ? 'Edit' : 'Add an idea';
    f.title.value = base.title ?? '';
    f.notes.value = base.notes ?? '';
    options(f.category, pairs('categories'), base.category);
    options(f.kind, pairs('kinds'), base.kind);
    options(f.cost, pairs('costs'), base.cost);
    options(f.effort, pairs('efforts'), base.effort);
    options(f.suggested_by, [['me', b.data.names.me], ['partner', b.data.names.partner], ['', 'Hearth']], base.suggested_by ?? '');
    options(f.interest_me, pairs('interests'), base.interest_me);
    options(f.interest_partner, pairs('interests'), base.interest_partner);
    dialog.querySelector('[data-label-me]').textContent = `${b.data.names.me}'s interest`;
    dialog.querySelector('[data-label-partner]').textContent = `${b.data.names.partner}'s interest`;
    const del = dialog.querySelector('[data-action="delete"]');
    if (item) {
      del.hidden = false;
      del.addEventListener('click', async () => {
        if (del.dataset.confirm !== 'yes') {
          del.dataset.confirm = 'yes';
          del.textContent = 'Delete for good?';
          return;
        }
        try {
          await b.life.guard(api.bucketDelete(item.id));
          close();
          announce('Deleted.');
          await b.refresh();
        } catch (err) { showError(form, err); }
      });
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = {
        title: f.title.value, notes: f.notes.value, category: f.category.value, kind: f.kind.value,
        suggested_by: f.suggested_by.value || null, interest_me: f.interest_me.value,
        interest_partner: f.interest_partner.value, cost: f.cost.value, effort: f.effort.value,
      };
      try {
        const saved = await b.life.guard(api.bucketSave(item?.id ?? null, input));
        close();
        announce(item ? 'Saved.' : `Added “${saved.title}”.`);
        await b.refresh();
      } catch (err) {
        showError(form, err);
        f.title.setAttribute('aria-invalid', 'true');
        f.title.focus();
      }
    });
  });
}

export function planDialog(b, item) {
  openDialog(b, 'bucket-plan', (dialog, close) => {
    const form = dialog.querySelector('form');
    dialog.querySelector('[data-item-title]').textContent = item.title;
    form.elements.date.value = item.planned_for ?? '';
    form.elements.date.min = b.data.today;
    const unplan = dialog.querySelector('[data-action="unplan"]');
    if (item.status === 'planned') {
      unplan.hidden = false;
      unplan.addEventListener('click', async () => {
        try {
          await b.life.guard(api.bucketPlan(item.id, null));
          close();
          announce(`“${item.title}” is back among the ideas.`);
          await b.refresh();
        } catch (err) { showError(form, err); }
      });
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const saved = await b.life.guard(api.bucketPlan(item.id, form.elements.date.value));
        close();
        announce(`Planned for ${formatDate(saved.planned_for)}.`);
        await b.refresh();
      } catch (err) { showError(form, err); form.elements.date.focus(); }
    });
  });
}

export function doneDialog(b, item) {
  openDialog(b, 'bucket-done', (dialog, close) => {
    const form = dialog.querySelector('form');
    dialog.querySelector('[data-item-title]').textContent = item.title;
    form.elements.date.value = item.done_on ?? (item.planned_for && item.planned_for <= b.data.today ? item.planned_for : b.data.today);
    form.elements.date.max = b.data.today;
    form.elements.memory.value = item.memory ?? '';
    // The memory's photos are kept as soon as they are added, like an entry's.
    // What the strip starts lives as long as the dialog (or the view, if shorter).
    const photosLife = b.life.child();
    dialog.addEventListener('close', () => photosLife.end());
    mountPhotos({
      container: form.querySelector('[data-photos]'),
      dropZone: form,
      life: photosLife,
      kind: 'memory',
      existingId: item.id,
      owner: async () => item.id,
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await b.life.guard(api.bucketMarkDone(item.id, form.elements.date.value, form.elements.memory.value));
        close();
        announce(item.status === 'done' ? 'Memory saved.' : 'Crossed off. Lovely.');
        await b.refresh();
      } catch (err) { showError(form, err); form.elements.date.focus(); }
    });
  });
}

export function writeAboutIt(item) {
  const itemId = item.id;
  navigate('journal', { newEntry: { title: item.title, onCreated: (entryId) => api.bucketLinkJournal(itemId, entryId) } });
}

export async function ideasDialog(b) {
  let starters;
  try {
    starters = await b.life.guard(api.bucketStarterIdeas());
  } catch (err) {
    announce(err.message);
    return;
  }
  openDialog(b, 'bucket-ideas', (dialog, close) => {
    const form = dialog.querySelector('form');
    const list = dialog.querySelector('[data-ideas]');
    const count = dialog.querySelector('[data-count]');
    const update = () => {
      const n = list.querySelectorAll('input:checked:not(:disabled)').length;
      count.textContent = n === 0 ? 'Nothing ticked yet' : n === 1 ? '1 idea ticked' : `${n} ideas ticked`;
    };
    for (const idea of starters) {
      const id = `starter-${idea.id}`;
      list.append(h('div', { class: `idea${idea.on_list ? ' on-list' : ''}` },
        h('input', { type: 'checkbox', id, value: idea.id, checked: idea.on_list, disabled: idea.on_list, onchange: update, 'aria-describedby': `${id}-notes` }),
        h('label', { for: id },
          h('span', { class: 'idea-title' }, idea.title),
          h('span', { class: 'idea-meta' }, [label('categories', idea.category), label('costs', idea.cost), ...idea.suits_labels,
            idea.on_list && 'already on your list'].filter(Boolean).join(' · ')),
          h('span', { class: 'idea-notes', id: `${id}-notes` }, idea.notes))));
    }
    update();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ids = [...list.querySelectorAll('input:checked:not(:disabled)')].map((i) => i.value);
      if (!ids.length) { close(); return; }
      try {
        const n = await b.life.guard(api.bucketAddStarters(ids));
        close();
        announce(n === 1 ? 'Added 1 idea.' : `Added ${n} ideas.`);
        await b.refresh();
      } catch (err) { showError(form, err); }
    });
  });
}

/** Draws the print view from Rust's (the same as the HTML export's page). */
async function drawPrintView(b) {
  const p = await b.life.guard(api.bucketPrintView());
  b.root.querySelector('[data-print]').replaceChildren(
    h('h1', {}, p.title),
    h('p', { class: 'print-names' }, p.byline),
    ...p.groups.map((g) => h('section', {},
      h('h2', {}, g.heading),
      h('ul', {}, g.items.map((i) => h('li', { class: i.done ? 'done' : '' },
        h('span', { class: 'box', 'aria-hidden': 'true' }, i.done ? '✓' : ''),
        h('span', { class: 'print-title' }, i.title),
        i.when ? h('span', { class: 'print-when' }, ` · ${i.when}`) : null,
        i.note ? h('p', { class: 'print-note' }, i.note) : null))))));
}

export function shareDialog(b) {
  openDialog(b, 'bucket-share', (dialog, close) => {
    const success = dialog.querySelector('[data-success]');
    const error = dialog.querySelector('[data-error]');
    const withIdeas = dialog.querySelector('[data-with-ideas]');
    for (const button of dialog.querySelectorAll('[data-export]')) {
      button.addEventListener('click', async () => {
        success.textContent = '';
        error.textContent = '';
        button.disabled = true;
        try {
          const name = await b.life.guard(askFirst(() => api.bucketExport(button.dataset.export, withIdeas.checked), button));
          if (name) {
            success.textContent = `Saved as ${name}.`;
            announce(`Saved as ${name}.`);
          }
        } catch (err) {
          error.textContent = err.message;
        } finally {
          button.disabled = false;
        }
      });
    }
    dialog.querySelector('[data-action="print"]').addEventListener('click', async () => {
      try {
        await drawPrintView(b);
      } catch (err) {
        error.textContent = err.message;
        return;
      }
      close();
      // The print stylesheet shows only the print view.
      b.life.timeout(() => window.print(), 50);
    });
    dialog.querySelector('[data-action="import"]').addEventListener('click', async () => {
      success.textContent = '';
      error.textContent = '';
      try {
        const preview = await b.life.guard(api.bucketImportPreview());
        if (!preview) return;
        close();
        importDialog(b, preview);
      } catch (err) {
        error.textContent = err.message;
      }
    });
  });
}

function importDialog(b, preview) {
  openDialog(b, 'bucket-import', (dialog, close) => {
    let applied = false;
    dialog.addEventListener('close', () => { if (!applied) api.bucketImportCancel(); });
    const from = preview.own_file ? 'your own earlier export' : `${preview.from.me}'s list`;
    const changes = preview.new.length + preview.updated.length + preview.removed.length;
    const paired = preview.left_to_pairing > 0;
    dialog.querySelector('[data-summary]').textContent = changes === 0
      ? `Everything in ${from} is already here${paired ? ' or kept in step by pairing' : ''}. Nothing would change.`
      : paired
        ? `Here is what bringing in ${from} would add.`
        : `Here is what bringing in ${from} would change. Where you both edited the same thing, the most recent edit is kept.`;
    const group = (key, title, titles) => titles.length
      ? h('section', { class: `import-group ${key}`, 'data-import': key },
        h('h3', {}, `${title} (${titles.length})`),
        h('ul', {}, titles.slice(0, 50).map((t) => h('li', {}, t)),
          titles.length > 50 ? h('li', { class: 'muted' }, `and ${titles.length - 50} more`) : null))
      : null;
    dialog.querySelector('[data-groups]').replaceChildren(...[
      group('new', 'New', preview.new),
      group('updated', 'Updated', preview.updated),
      group('removed', 'Removed', preview.removed),
      h('p', { class: 'muted', 'data-import': 'unchanged' }, `${preview.unchanged} unchanged`),
      paired ? h('p', { class: 'muted', 'data-import': 'left-to-pairing' },
        `${preview.left_to_pairing} ${preview.left_to_pairing === 1 ? 'idea you both have differs' : 'ideas you both have differ'} in this file. `
        + 'Your two Hearths are paired, so those stay as the shared folder keeps them; a file only adds ideas your list doesn\'t have yet.') : null,
    ].filter(Boolean));
    const apply = dialog.querySelector('[data-action="apply"]');
    if (changes === 0) apply.textContent = 'OK';
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      try {
        const done = await b.life.guard(api.bucketImportApply());
        applied = true;
        close();
        const n = done.new.length + done.updated.length + done.removed.length;
        announce(n === 0 ? 'Nothing changed.' : `Brought in ${n} ${n === 1 ? 'change' : 'changes'}.`);
        await b.refresh();
      } catch (err) {
        apply.disabled = false;
        showError(dialog, err);
      }
    });
  });
}

