// The shared bucket list: ideas, plans and memories, the date-night rotation and
// "pick one for us". The dialogs (editing, planning, starter ideas, sharing,
// printing, merging the partner's list) are in bucket/dialogs.js.
//
// Everything the person or the partner wrote goes into the page through
// textContent or .value (h() does this), never as markup. What the view holds
// lives in its context `b`, made per visit: nothing stays after it ends.

import { api } from '../api.js';
import { takeIntent } from '../store.js';
import { announce, h, template } from '../dom.js';
import { allSections, registerSection } from '../sections.js';
import { formatDate, label, loadWords, newItem, options, pairs } from './bucket/words.js';
import { doneDialog, editDialog, ideasDialog, planDialog, shareDialog, writeAboutIt } from './bucket/dialogs.js';

// The groups in the order shown, with what each says when it is empty.
const GROUPS = [
  ['planned', 'Nothing planned yet. Pick an idea and give it a day.'],
  ['idea', 'No ideas here yet. Add one above, or ask for inspiration.'],
  ['done', 'Nothing crossed off yet. Your memories will gather here.'],
];

// Filters last for the session; they are not vault content.
const filters = { category: '', kind: '', both: false };

function journalExists() {
  return allSections().some((s) => s.id === 'journal');
}

function matches(item) {
  if (filters.category && item.category !== filters.category) return false;
  if (filters.kind && item.kind !== filters.kind) return false;
  if (filters.both && !item.both_want) return false;
  return true;
}

function interestControl(b, item, who) {
  const name = who === 'me' ? b.data.names.me : b.data.names.partner;
  const id = `interest-${who}-${item.id}`;
  const select = h('select', { id, 'data-interest': who });
  options(select, pairs('interests'), who === 'me' ? item.interest_me : item.interest_partner);
  select.addEventListener('change', async () => {
    try {
      await b.life.guard(api.bucketSetInterest(item.id, who, select.value));
      announce(`${name}: ${label('interests', select.value)}.`);
      await b.refresh();
      b.root.querySelector(`#${CSS.escape(id)}`)?.focus();
    } catch (err) {
      announce(err.message);
    }
  });
  return h('div', { class: 'interest' }, h('label', { for: id }, name), select);
}

function itemCard(b, item) {
  const meta = [label('categories', item.category), label('kinds', item.kind), label('costs', item.cost), label('efforts', item.effort)];
  if (item.suggested_by) meta.push(`Suggested by ${item.suggested_by === 'me' ? b.data.names.me : b.data.names.partner}`);
  const when = item.status === 'planned' ? `Planned for ${formatDate(item.planned_for)}`
    : item.status === 'done' ? `Done ${formatDate(item.done_on)}` : null;

  const actions = h('div', { class: 'item-actions' });
  const button = (text, cls, onclick, extra = {}) => h('button', { type: 'button', class: `small ${cls}`, onclick, ...extra }, text);
  if (item.status !== 'done') {
    const plan = item.status === 'planned' ? 'Change date' : 'Plan it';
    actions.append(button(plan, 'secondary', () => planDialog(b, item), { 'data-action': 'plan', 'aria-label': `${plan}: ${item.title}` }));
    actions.append(button('Mark done', 'secondary', () => doneDialog(b, item), { 'data-action': 'done', 'aria-label': `Mark done: ${item.title}` }));
  } else {
    actions.append(button('Edit memory', 'ghost', () => doneDialog(b, item), { 'data-action': 'done', 'aria-label': `Edit memory: ${item.title}` }));
    if (journalExists()) {
      actions.append(button(item.journal_entry_id ? 'Write more about it' : 'Write about it', 'ghost', () => writeAboutIt(item), { 'data-action': 'write' }));
    }
  }
  actions.append(button('Edit', 'ghost', () => editDialog(b, item), { 'data-action': 'edit', 'aria-label': `Edit: ${item.title}` }));

  return h('li', { class: `item status-${item.status}`, 'data-id': item.id },
    h('div', { class: 'item-head' },
      h('h3', { class: 'item-title' }, item.title),
      item.both_want ? h('span', { class: 'badge both' }, 'You both want this') : null,
      when ? h('span', { class: 'badge when' }, when) : null),
    h('p', { class: 'item-meta' }, meta.join(' · ')),
    item.notes ? h('p', { class: 'item-notes' }, item.notes) : null,
    item.status === 'done' && item.memory ? h('blockquote', { class: 'memory' }, item.memory) : null,
    h('div', { class: 'item-foot' },
      item.status === 'done' ? null : h('div', { class: 'interests', role: 'group', 'aria-label': `Who wants to do ${item.title}` },
        interestControl(b, item, 'me'), interestControl(b, item, 'partner')),
      actions));
}

function drawProgress(b) {
  const p = b.data.progress;
  const done = p.done_this_year === 1 ? '1 thing done' : `${p.done_this_year} things done`;
  b.root.querySelector('[data-progress]').textContent =
    `${done} in ${p.year} · ${p.planned} planned · ${p.ideas} ${p.ideas === 1 ? 'idea' : 'ideas'} waiting`;
  const r = b.data.rotation;
  b.root.querySelector('[data-turn]').textContent = r.turn === 'me'
    ? `It's your turn to pick the next date, ${r.name}.`
    : `It's ${r.name}'s turn to pick the next date.`;
}

function draw(b) {
  drawProgress(b);
  const groups = b.root.querySelector('[data-groups]');
  const shown = b.data.items.filter(matches);
  const filtered = filters.category || filters.kind || filters.both;
  groups.replaceChildren(...GROUPS.map(([status, empty]) => {
    const items = shown.filter((i) => i.status === status);
    const headingId = `bucket-group-${status}`;
    return h('section', { class: 'group', 'aria-labelledby': headingId, 'data-group': status },
      h('h2', { id: headingId }, label('statuses', status), h('span', { class: 'count' }, String(items.length))),
      items.length
        ? h('ul', { class: 'items' }, items.map((item) => itemCard(b, item)))
        : h('p', { class: 'empty muted' }, filtered ? 'Nothing here matches the filters.' : empty));
  }));
}

async function pickForUs(b) {
  const box = b.root.querySelector('[data-pick]');
  try {
    const item = await b.life.guard(api.bucketPickForUs());
    box.hidden = false;
    if (!item) {
      box.replaceChildren(h('p', {}, 'There is nothing you both said yes to yet. Set your interests on a few ideas and ask again.'));
      announce('Nothing you both want yet.');
      return;
    }
    const plan = h('button', { type: 'button', class: 'primary small', 'data-action': 'plan-pick', onclick: () => planDialog(b, item) }, 'Plan it');
    const again = h('button', { type: 'button', class: 'ghost small', onclick: () => pickForUs(b) }, 'Pick again');
    box.replaceChildren(
      h('p', { class: 'pick-label' }, 'How about this one?'),
      h('p', { class: 'pick-title', 'data-pick-title': '' }, item.title),
      h('div', { class: 'pick-actions' }, plan, again));
    announce(`How about: ${item.title}`);
  } catch (err) {
    announce(err.message);
  }
}

function quickAdd(b) {
  const quick = b.root.querySelector('form[data-form="quick-add"]');
  quick.addEventListener('submit', async (event) => {
    event.preventDefault();
    const title = quick.elements.title;
    quick.querySelector('[data-error]').textContent = '';
    title.removeAttribute('aria-invalid');
    try {
      const base = newItem();
      const saved = await b.life.guard(api.bucketSave(null, {
        ...base, title: title.value, category: filters.category || base.category, kind: filters.kind || base.kind,
      }));
      title.value = '';
      announce(`Added “${saved.title}”.`);
      await b.refresh();
      title.focus();
    } catch (err) {
      quick.querySelector('[data-error]').textContent = err.message;
      title.setAttribute('aria-invalid', 'true');
      title.focus();
    }
  });
  return quick;
}

function renderBucket(view, _state, life) {
  view.replaceChildren(template('bucket'));
  const intent = takeIntent('bucket');
  /** The view's context: its element, its life, and the last bucket_list answer. */
  const b = {
    root: view.querySelector('.bucket'),
    life,
    data: null,
    async refresh() {
      b.data = await life.guard(api.bucketList());
      draw(b);
    },
  };
  life.onEnd(() => { b.data = null; });
  // What the partner changed shows as soon as it arrives.
  api.onShared(() => { if (b.data) b.refresh(); }).then((unlisten) => life.onEnd(unlisten));

  b.root.querySelector('[data-filter="both"]').checked = filters.both;
  for (const control of b.root.querySelectorAll('[data-filter]')) {
    control.addEventListener('change', () => {
      filters[control.dataset.filter] = control.type === 'checkbox' ? control.checked : control.value;
      if (b.data) draw(b);
    });
  }

  const quick = quickAdd(b);
  b.root.querySelector('[data-action="add-details"]').addEventListener('click', () =>
    editDialog(b, null, { title: quick.elements.title.value }));
  b.root.querySelector('[data-action="inspire"]').addEventListener('click', () => ideasDialog(b));
  b.root.querySelector('[data-action="share"]').addEventListener('click', () => shareDialog(b));
  b.root.querySelector('[data-action="pick"]').addEventListener('click', () => pickForUs(b));

  life.guard(loadWords()).then(() => {
    options(b.root.querySelector('[data-filter="category"]'), [['', 'All categories'], ...pairs('categories')], filters.category);
    options(b.root.querySelector('[data-filter="kind"]'), [['', 'All kinds'], ...pairs('kinds')], filters.kind);
    return b.refresh();
  }).then(() => {
    b.root.dataset.ready = 'true';
    if (intent?.addIdea) {
      const { title = '', notes = '', kind } = intent.addIdea;
      editDialog(b, null, { title, notes, ...(kind ? { kind } : {}) });
    } else if (b.data.items.length === 0 && !sessionStorage.getItem('hearth-bucket-offered')) {
      // First open: offer the starter ideas once per session.
      sessionStorage.setItem('hearth-bucket-offered', '1');
      ideasDialog(b);
    }
  }, (err) => {
    b.root.querySelector('[data-groups]').replaceChildren(h('p', { class: 'error' }, err.message));
  });
}

registerSection({ id: 'bucket', label: 'Bucket list', order: 30, render: renderBucket });
