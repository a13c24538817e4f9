// The shared bucket list: ideas, plans and memories, the date-night rotation,
// starter ideas, exports, printing and merging the partner's list.
//
// Everything the person or the partner wrote goes into the page through
// textContent or .value (h() does this), never as markup.

import { api } from '../api.js';
import { takeIntent } from '../store.js';
import { announce, h, template } from '../dom.js';
import { allSections, navigate, registerSection } from '../sections.js';

// Labels for the stable ids in hearth_core::bucket (kept in step with mod.rs).
const CATEGORIES = [
  ['outdoors', 'Outdoors'], ['food_drink', 'Food and drink'], ['culture_music', 'Culture and music'],
  ['at_home', 'At home'], ['travel', 'Travel'], ['learning', 'Learning together'],
  ['giving_back', 'Giving back'], ['reflective', 'Quiet and reflective'],
];
const KINDS = [
  ['experiential', 'Shared experiences'], ['emotional', 'Emotional'], ['physical', 'Physical'],
  ['intellectual', 'Intellectual'], ['spiritual', 'Spiritual'],
];
const INTEREST = [['not_asked', 'Not asked yet'], ['yes', 'Yes'], ['maybe', 'Maybe'], ['not_for_me', 'Not for me']];
const COST = [['free', 'Free'], ['low', 'Low cost'], ['medium', 'Some cost'], ['high', 'A splurge']];
const EFFORT = [['easy', 'Easy'], ['some', 'Some planning'], ['big', 'A big undertaking']];
const GROUPS = [
  ['planned', 'Planned', 'Nothing planned yet. Pick an idea and give it a day.'],
  ['idea', 'Ideas', 'No ideas here yet. Add one above, or ask for inspiration.'],
  ['done', 'Done', 'Nothing crossed off yet. Your memories will gather here.'],
];
const label = (pairs, id) => pairs.find(([k]) => k === id)?.[1] ?? id;

// Filters last for the session; they are not vault content.
const filters = { category: '', kind: '', both: false };
let data = null;       // the last bucket_list answer
let root = null;       // the section element on screen

function options(select, pairs, selected) {
  select.replaceChildren(...pairs.map(([value, text]) => h('option', { value, selected: value === selected }, text)));
}

function formatDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

function journalExists() {
  return allSections().some((s) => s.id === 'journal');
}

async function refresh() {
  data = await api.bucketList();
  if (!root?.isConnected) return;
  draw();
}

/** A modal dialog from a template; focus returns to where it was on close. */
function openDialog(name, setup) {
  const opener = document.activeElement;
  const dialog = template(name).firstElementChild;
  root.append(dialog);
  const close = () => dialog.close();
  for (const b of dialog.querySelectorAll('[data-action="cancel"]')) b.addEventListener('click', close);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
    else root?.querySelector('#bucket-quick-title')?.focus();
  });
  setup?.(dialog, close);
  dialog.showModal();
  (dialog.querySelector('[autofocus], input:not([type=checkbox]), textarea, select, button.primary') ?? dialog).focus();
  return dialog;
}

function showError(container, err) {
  const el = container.querySelector('[data-error]');
  if (el) el.textContent = err?.message ?? String(err);
}

// ---- the list -------------------------------------------------------------

function matches(item) {
  if (filters.category && item.category !== filters.category) return false;
  if (filters.kind && item.kind !== filters.kind) return false;
  if (filters.both && !(item.interest_me === 'yes' && item.interest_partner === 'yes')) return false;
  return true;
}

function interestControl(item, who) {
  const name = who === 'me' ? data.names.me : data.names.partner;
  const id = `interest-${who}-${item.id}`;
  const select = h('select', { id, 'data-interest': who });
  options(select, INTEREST, who === 'me' ? item.interest_me : item.interest_partner);
  select.addEventListener('change', async () => {
    try {
      await api.bucketSetInterest(item.id, who, select.value);
      announce(`${name}: ${label(INTEREST, select.value)}.`);
      await refresh();
      root.querySelector(`#${CSS.escape(id)}`)?.focus();
    } catch (err) {
      announce(err.message);
    }
  });
  return h('div', { class: 'interest' }, h('label', { for: id }, name), select);
}

function itemCard(item) {
  const both = item.interest_me === 'yes' && item.interest_partner === 'yes';
  const meta = [label(CATEGORIES, item.category), label(KINDS, item.kind), label(COST, item.cost), label(EFFORT, item.effort)];
  if (item.suggested_by) meta.push(`Suggested by ${item.suggested_by === 'me' ? data.names.me : data.names.partner}`);
  const when = item.status === 'planned' ? `Planned for ${formatDate(item.planned_for)}`
    : item.status === 'done' ? `Done ${formatDate(item.done_on)}` : null;

  const actions = h('div', { class: 'item-actions' });
  const button = (text, cls, onclick, extra = {}) => h('button', { type: 'button', class: `small ${cls}`, onclick, ...extra }, text);
  if (item.status !== 'done') {
    const plan = item.status === 'planned' ? 'Change date' : 'Plan it';
    actions.append(button(plan, 'secondary', () => planDialog(item), { 'data-action': 'plan', 'aria-label': `${plan}: ${item.title}` }));
    actions.append(button('Mark done', 'secondary', () => doneDialog(item), { 'data-action': 'done', 'aria-label': `Mark done: ${item.title}` }));
  } else {
    actions.append(button('Edit memory', 'ghost', () => doneDialog(item), { 'data-action': 'done', 'aria-label': `Edit memory: ${item.title}` }));
    if (journalExists()) {
      actions.append(button(item.journal_entry_id ? 'Write more about it' : 'Write about it', 'ghost', () => writeAboutIt(item), { 'data-action': 'write' }));
    }
  }
  actions.append(button('Edit', 'ghost', () => editDialog(item), { 'data-action': 'edit', 'aria-label': `Edit: ${item.title}` }));

  return h('li', { class: `item status-${item.status}`, 'data-id': item.id },
    h('div', { class: 'item-head' },
      h('h3', { class: 'item-title' }, item.title),
      both ? h('span', { class: 'badge both' }, 'You both want this') : null,
      when ? h('span', { class: 'badge when' }, when) : null),
    h('p', { class: 'item-meta' }, meta.join(' · ')),
    item.notes ? h('p', { class: 'item-notes' }, item.notes) : null,
    item.status === 'done' && item.memory ? h('blockquote', { class: 'memory' }, item.memory) : null,
    h('div', { class: 'item-foot' },
      item.status === 'done' ? null : h('div', { class: 'interests', role: 'group', 'aria-label': `Who wants to do ${item.title}` },
        interestControl(item, 'me'), interestControl(item, 'partner')),
      actions));
}

function drawProgress() {
  const p = data.progress;
  const done = p.done_this_year === 1 ? '1 thing done' : `${p.done_this_year} things done`;
  root.querySelector('[data-progress]').textContent =
    `${done} in ${p.year} · ${p.planned} planned · ${p.ideas} ${p.ideas === 1 ? 'idea' : 'ideas'} waiting`;
  const r = data.rotation;
  root.querySelector('[data-turn]').textContent = r.turn === 'me'
    ? `It's your turn to pick the next date, ${r.name}.`
    : `It's ${r.name}'s turn to pick the next date.`;
}

function draw() {
  drawProgress();
  const groups = root.querySelector('[data-groups]');
  const shown = data.items.filter(matches);
  const filtered = filters.category || filters.kind || filters.both;
  groups.replaceChildren(...GROUPS.map(([status, title, empty]) => {
    const items = shown.filter((i) => i.status === status);
    const headingId = `bucket-group-${status}`;
    return h('section', { class: 'group', 'aria-labelledby': headingId, 'data-group': status },
      h('h2', { id: headingId }, title, h('span', { class: 'count' }, String(items.length))),
      items.length
        ? h('ul', { class: 'items' }, items.map(itemCard))
        : h('p', { class: 'empty muted' }, filtered ? 'Nothing here matches the filters.' : empty));
  }));
}

// ---- dialogs ---------------------------------------------------------------

function editDialog(item, prefill = {}) {
  openDialog('bucket-edit', (dialog, close) => {
    const form = dialog.querySelector('form');
    const f = form.elements;
    const base = item ?? {
      title: '', notes: '', category: 'outdoors', kind: 'experiential', suggested_by: 'me',
      interest_me: 'yes', interest_partner: 'not_asked', cost: 'low', effort: 'easy', ...prefill,
    };
    dialog.querySelector('[data-title]').textContent = item ? 'Edit' : 'Add an idea';
    f.title.value = base.title ?? '';
    f.notes.value = base.notes ?? '';
    options(f.category, CATEGORIES, base.category);
    options(f.kind, KINDS, base.kind);
    options(f.cost, COST, base.cost);
    options(f.effort, EFFORT, base.effort);
    options(f.suggested_by, [['me', data.names.me], ['partner', data.names.partner], ['', 'Hearth']], base.suggested_by ?? '');
    options(f.interest_me, INTEREST, base.interest_me);
    options(f.interest_partner, INTEREST, base.interest_partner);
    dialog.querySelector('[data-label-me]').textContent = `${data.names.me}'s interest`;
    dialog.querySelector('[data-label-partner]').textContent = `${data.names.partner}'s interest`;
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
          await api.bucketDelete(item.id);
          close();
          announce('Deleted.');
          await refresh();
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
        const saved = await api.bucketSave(item?.id ?? null, input);
        close();
        announce(item ? 'Saved.' : `Added “${saved.title}”.`);
        await refresh();
      } catch (err) {
        showError(form, err);
        f.title.setAttribute('aria-invalid', 'true');
        f.title.focus();
      }
    });
  });
}

function planDialog(item) {
  openDialog('bucket-plan', (dialog, close) => {
    const form = dialog.querySelector('form');
    dialog.querySelector('[data-item-title]').textContent = item.title;
    form.elements.date.value = item.planned_for ?? '';
    form.elements.date.min = data.today;
    const unplan = dialog.querySelector('[data-action="unplan"]');
    if (item.status === 'planned') {
      unplan.hidden = false;
      unplan.addEventListener('click', async () => {
        try {
          await api.bucketPlan(item.id, null);
          close();
          announce(`“${item.title}” is back among the ideas.`);
          await refresh();
        } catch (err) { showError(form, err); }
      });
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const saved = await api.bucketPlan(item.id, form.elements.date.value);
        close();
        announce(`Planned for ${formatDate(saved.planned_for)}.`);
        await refresh();
      } catch (err) { showError(form, err); form.elements.date.focus(); }
    });
  });
}

function doneDialog(item) {
  openDialog('bucket-done', (dialog, close) => {
    const form = dialog.querySelector('form');
    dialog.querySelector('[data-item-title]').textContent = item.title;
    form.elements.date.value = item.done_on ?? (item.planned_for && item.planned_for <= data.today ? item.planned_for : data.today);
    form.elements.date.max = data.today;
    form.elements.memory.value = item.memory ?? '';
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await api.bucketMarkDone(item.id, form.elements.date.value, form.elements.memory.value);
        close();
        announce(item.status === 'done' ? 'Memory saved.' : 'Crossed off. Lovely.');
        await refresh();
      } catch (err) { showError(form, err); form.elements.date.focus(); }
    });
  });
}

function writeAboutIt(item) {
  const itemId = item.id;
  navigate('journal', { newEntry: { title: item.title, onCreated: (entryId) => api.bucketLinkJournal(itemId, entryId) } });
}

async function ideasDialog() {
  let starters;
  try {
    starters = await api.bucketStarterIdeas();
  } catch (err) {
    announce(err.message);
    return;
  }
  openDialog('bucket-ideas', (dialog, close) => {
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
          h('span', { class: 'idea-meta' }, [label(CATEGORIES, idea.category), label(COST, idea.cost), ...idea.suits_labels,
            idea.on_list && 'already on your list'].filter(Boolean).join(' · ')),
          h('span', { class: 'idea-notes', id: `${id}-notes` }, idea.notes))));
    }
    update();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ids = [...list.querySelectorAll('input:checked:not(:disabled)')].map((i) => i.value);
      if (!ids.length) { close(); return; }
      try {
        const n = await api.bucketAddStarters(ids);
        close();
        announce(n === 1 ? 'Added 1 idea.' : `Added ${n} ideas.`);
        await refresh();
      } catch (err) { showError(form, err); }
    });
  });
}

async function pickForUs() {
  const box = root.querySelector('[data-pick]');
  try {
    const item = await api.bucketPickForUs();
    box.hidden = false;
    if (!item) {
      box.replaceChildren(h('p', {}, 'There is nothing you both said yes to yet. Set your interests on a few ideas and ask again.'));
      announce('Nothing you both want yet.');
      return;
    }
    const plan = h('button', { type: 'button', class: 'primary small', 'data-action': 'plan-pick' }, 'Plan it');
    plan.addEventListener('click', () => planDialog(item));
    const again = h('button', { type: 'button', class: 'ghost small' }, 'Pick again');
    again.addEventListener('click', pickForUs);
    box.replaceChildren(
      h('p', { class: 'pick-label' }, 'How about this one?'),
      h('p', { class: 'pick-title', 'data-pick-title': '' }, item.title),
      h('div', { class: 'pick-actions' }, plan, again));
    announce(`How about: ${item.title}`);
  } catch (err) {
    announce(err.message);
  }
}

function drawPrintView() {
  const view = root.querySelector('[data-print]');
  const live = data.items;
  const sections = CATEGORIES.map(([cat, title]) => {
    const items = live.filter((i) => i.category === cat);
    if (!items.length) return null;
    return h('section', {},
      h('h2', {}, title),
      h('ul', {}, items.map((i) => h('li', { class: i.status === 'done' ? 'done' : '' },
        h('span', { class: 'box', 'aria-hidden': 'true' }, i.status === 'done' ? '✓' : ''),
        h('span', { class: 'print-title' }, i.title),
        i.status === 'planned' ? h('span', { class: 'print-when' }, ` · planned for ${formatDate(i.planned_for)}`) : null,
        i.status === 'done' ? h('span', { class: 'print-when' }, ` · done ${formatDate(i.done_on)}`) : null))));
  });
  view.replaceChildren(
    h('h1', {}, 'Our bucket list'),
    h('p', { class: 'print-names' }, `${data.names.me} and ${data.names.partner}`),
    ...sections.filter(Boolean));
}

function shareDialog() {
  openDialog('bucket-share', (dialog, close) => {
    const success = dialog.querySelector('[data-success]');
    const error = dialog.querySelector('[data-error]');
    const withIdeas = dialog.querySelector('[data-with-ideas]');
    for (const button of dialog.querySelectorAll('[data-export]')) {
      button.addEventListener('click', async () => {
        success.textContent = '';
        error.textContent = '';
        button.disabled = true;
        try {
          const name = await api.bucketExport(button.dataset.export, withIdeas.checked);
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
    dialog.querySelector('[data-action="print"]').addEventListener('click', () => {
      drawPrintView();
      close();
      // The print stylesheet shows only the print view.
      setTimeout(() => window.print(), 50);
    });
    dialog.querySelector('[data-action="import"]').addEventListener('click', async () => {
      success.textContent = '';
      error.textContent = '';
      try {
        const preview = await api.bucketImportPreview();
        if (!preview) return;
        close();
        importDialog(preview);
      } catch (err) {
        error.textContent = err.message;
      }
    });
  });
}

function importDialog(preview) {
  openDialog('bucket-import', (dialog, close) => {
    let applied = false;
    dialog.addEventListener('close', () => { if (!applied) api.bucketImportCancel(); });
    const from = preview.own_file ? 'your own earlier export' : `${preview.from.me}'s list`;
    const changes = preview.new.length + preview.updated.length + preview.removed.length;
    dialog.querySelector('[data-summary]').textContent = changes === 0
      ? `Everything in ${from} is already here. Nothing would change.`
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
    ].filter(Boolean));
    const apply = dialog.querySelector('[data-action="apply"]');
    if (changes === 0) apply.textContent = 'OK';
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      try {
        const done = await api.bucketImportApply();
        applied = true;
        close();
        const n = done.new.length + done.updated.length + done.removed.length;
        announce(n === 0 ? 'Nothing changed.' : `Brought in ${n} ${n === 1 ? 'change' : 'changes'}.`);
        await refresh();
      } catch (err) {
        apply.disabled = false;
        showError(dialog, err);
      }
    });
  });
}

// ---- the section -----------------------------------------------------------

function renderBucket(view) {
  view.replaceChildren(template('bucket'));
  root = view.querySelector('.bucket');
  const intent = takeIntent('bucket');

  options(root.querySelector('[data-filter="category"]'), [['', 'All categories'], ...CATEGORIES], filters.category);
  options(root.querySelector('[data-filter="kind"]'), [['', 'All kinds'], ...KINDS], filters.kind);
  root.querySelector('[data-filter="both"]').checked = filters.both;
  for (const control of root.querySelectorAll('[data-filter]')) {
    control.addEventListener('change', () => {
      filters[control.dataset.filter] = control.type === 'checkbox' ? control.checked : control.value;
      if (data) draw();
    });
  }

  const quick = root.querySelector('form[data-form="quick-add"]');
  quick.addEventListener('submit', async (event) => {
    event.preventDefault();
    const title = quick.elements.title;
    quick.querySelector('[data-error]').textContent = '';
    title.removeAttribute('aria-invalid');
    try {
      const saved = await api.bucketSave(null, {
        title: title.value, notes: '', category: filters.category || 'outdoors', kind: filters.kind || 'experiential',
        suggested_by: 'me', interest_me: 'yes', interest_partner: 'not_asked', cost: 'low', effort: 'easy',
      });
      title.value = '';
      announce(`Added “${saved.title}”.`);
      await refresh();
      title.focus();
    } catch (err) {
      showError(quick, err);
      title.setAttribute('aria-invalid', 'true');
      title.focus();
    }
  });
  root.querySelector('[data-action="add-details"]').addEventListener('click', () =>
    editDialog(null, { title: quick.elements.title.value }));
  root.querySelector('[data-action="inspire"]').addEventListener('click', ideasDialog);
  root.querySelector('[data-action="share"]').addEventListener('click', shareDialog);
  root.querySelector('[data-action="pick"]').addEventListener('click', pickForUs);

  api.bucketList().then((answer) => {
    data = answer;
    if (!root.isConnected) return;
    draw();
    root.dataset.ready = 'true';
    if (intent?.addIdea) {
      const { title = '', notes = '', kind } = intent.addIdea;
      editDialog(null, { title, notes, ...(kind ? { kind } : {}) });
    } else if (data.items.length === 0 && !sessionStorage.getItem('hearth-bucket-offered')) {
      // First open: offer the starter ideas once per session.
      sessionStorage.setItem('hearth-bucket-offered', '1');
      ideasDialog();
    }
  }, (err) => {
    root.querySelector('[data-groups]').replaceChildren(h('p', { class: 'error' }, err.message));
  });

  return {
    leave: async () => {
      root = null;
      data = null;
    },
  };
}

registerSection({ id: 'bucket', label: 'Bucket list', order: 30, render: renderBucket });
