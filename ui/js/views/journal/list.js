// The journal's entry list and search. Pages come from Rust newest first (keyset
// pages); the next one loads when the end of the list comes into view. The list
// never holds more than MAX_ROWS rows: past that, the oldest rows at the top are
// dropped and "Back to the newest entries" starts again from the top.

import { api } from '../../api.js';
import { debounce, h, template } from '../../dom.js';
import { MOODS, entryRow } from './rows.js';

const PAGE = 50;
export const MAX_ROWS = 200;

export function drawEntries(j) {
  const { side, life, list: state } = j;
  side.replaceChildren(template('journal-entries'));
  const search = side.querySelector('[data-search]');
  search.value = state.query;
  // The mood filter's steps are the editor's (rows.js), not a copy in the template.
  side.querySelector('[data-filter="mood"]').append(...MOODS.map((m) => h('option', { value: m.value }, m.label)));
  const filters = side.querySelectorAll('[data-filter]');
  for (const f of filters) f.value = state.filter[f.dataset.filter] ?? '';
  const onSearch = debounce(() => { state.query = search.value; loadList(j, { reset: true }); }, 120, life.signal);
  search.addEventListener('input', onSearch);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && search.value) { search.value = ''; state.query = ''; loadList(j, { reset: true }); }
    if (e.key === 'ArrowDown') { side.querySelector('.entry-row')?.focus(); e.preventDefault(); }
  });
  for (const f of filters) f.addEventListener('change', () => {
    const v = f.value;
    state.filter[f.dataset.filter] = v === '' ? undefined : f.dataset.filter === 'mood' ? Number(v) : v;
    loadList(j, { reset: true });
  });
  side.querySelector('[data-clear-filters]').addEventListener('click', () => {
    state.filter = {};
    for (const f of filters) f.value = '';
    loadList(j, { reset: true });
  });
  const more = side.querySelector('[data-more]');
  more.addEventListener('click', () => loadList(j, { reset: false }));
  side.querySelector('[data-newest]').addEventListener('click', async () => {
    await loadList(j, { reset: true });
    side.scrollTop = 0;
    side.querySelector('.entry-row')?.focus();
  });
  // Near the bottom of the list, the next page loads by itself. The observer goes
  // with this drawing of the list (see setTab in journal.js) or with the view.
  j.listObserver = life.observe(new IntersectionObserver((seen) => {
    if (seen.some((s) => s.isIntersecting) && !more.hidden) loadList(j, { reset: false });
  }, { root: side }));
  j.listObserver.observe(more);
  // List keyboard: arrows move between rows.
  side.querySelector('[data-list]').addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const rows = [...side.querySelectorAll('.entry-row')];
    const i = rows.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    (rows[i + (e.key === 'ArrowDown' ? 1 : -1)] ?? (e.key === 'ArrowUp' ? search : rows[i])).focus();
  });
  loadTagFilter(j);
  loadList(j, { reset: true });
}

async function loadTagFilter(j) {
  const select = j.side.querySelector('[data-filter="tag"]');
  if (!select) return;
  try {
    const tags = await j.life.guard(api.journalTags(''));
    select.replaceChildren(h('option', { value: '' }, 'Any tag'), ...tags.map((t) => h('option', { value: t.name, selected: j.list.filter.tag === t.name }, `${t.name} (${t.count})`)));
  } catch { /* the filter stays at "any" */ }
}

function filterForApi(j) {
  const f = {};
  for (const [k, v] of Object.entries(j.list.filter)) if (v !== undefined && v !== '') f[k] = v;
  return f;
}

/** Drops rows from the top past MAX_ROWS, keeping what is on screen where it was. */
function trim(j, list) {
  const excess = list.children.length - MAX_ROWS;
  if (excess <= 0) return;
  const firstKept = list.children[excess];
  const before = firstKept.getBoundingClientRect().top;
  for (let i = 0; i < excess; i++) list.firstElementChild.remove();
  j.side.scrollTop += firstKept.getBoundingClientRect().top - before;
  j.side.querySelector('[data-newest]').hidden = false;
}

export async function loadList(j, { reset, keep = false }) {
  const { side, life, list: state } = j;
  const list = side.querySelector('[data-list]');
  if (!list) return;
  const summary = side.querySelector('[data-summary]');
  const more = side.querySelector('[data-more]');
  const newest = side.querySelector('[data-newest]');
  const count = side.querySelector('[data-filter-count]');
  const active = Object.keys(filterForApi(j)).length;
  count.textContent = active ? `(${active})` : '';
  const token = ++j.listToken;
  const query = state.query.trim();
  try {
    if (query) {
      const hits = await life.guard(api.journalSearch(state.query, filterForApi(j), PAGE));
      if (token !== j.listToken) return;
      list.replaceChildren(...hits.map((hit) => entryRow(j, hit.entry, { snippet: hit.snippet })));
      more.hidden = true;
      newest.hidden = true;
      summary.textContent = hits.length === 0 ? 'Nothing found. Try fewer or shorter words.'
        : hits.length === PAGE ? `The ${PAGE} best matches.` : `${hits.length} ${hits.length === 1 ? 'entry' : 'entries'} found.`;
      return;
    }
    if (reset) state.next = null;
    const page = await life.guard(api.journalList(filterForApi(j), reset ? null : state.next, PAGE));
    if (token !== j.listToken) return;
    const rows = page.entries.map((e) => entryRow(j, e));
    if (reset) {
      const scroll = side.scrollTop;
      list.replaceChildren(...rows);
      newest.hidden = true;
      if (keep) side.scrollTop = scroll;
    } else {
      list.append(...rows);
      trim(j, list);
    }
    state.next = page.next;
    more.hidden = !page.next;
    summary.textContent = list.children.length === 0
      ? (active ? 'No entries match these filters.' : 'No entries yet. Your first one is a click on “New entry” away.')
      : '';
  } catch (err) {
    if (token === j.listToken) summary.textContent = err.message;
  }
}

/**
 * After an autosave: redraw the entry's row in place when it is simply edited (so
 * pages loaded further down stay), or reload the side pane when the entry is new,
 * moved in time or a search is showing. `summary` is the row as Rust made it.
 */
export function entrySaved(j, summary, first) {
  const row = [...j.side.querySelectorAll('[data-entry]')].find((b) => b.dataset.entry === summary.id);
  const sameDate = row?.querySelector('time')?.getAttribute('datetime') === summary.entry_date;
  if (j.tab === 'entries' && !j.list.query.trim() && row && !first && sameDate) {
    row.closest('li').replaceWith(entryRow(j, summary));
  } else {
    j.refreshSide({ keep: true });
  }
}
