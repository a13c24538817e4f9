// The private journal: a list (or calendar, or trash) on the left, the open entry
// on the right. Entries save themselves while typing (debounced), when another
// entry is opened, and through leave() before the section is left, the vault is
// locked or the window closes.
//
// Everything the person wrote goes into the page through textContent or .value.
// The one exception is [data-rendered], which receives HTML that Rust rendered
// from Markdown and sanitised with an allow-list (see ARCHITECTURE.md).

import { api } from '../api.js';
import { announce, debounce, h, template } from '../dom.js';
import { registerSection } from '../sections.js';
import { matches } from '../shortcuts.js';
import { takeIntent } from '../store.js';

const MOODS = [
  { value: 1, label: 'Very low' },
  { value: 2, label: 'Low' },
  { value: 3, label: 'Okay' },
  { value: 4, label: 'Good' },
  { value: 5, label: 'Great' },
];
const moodLabel = (m) => MOODS.find((x) => x.value === m)?.label ?? '';
const SAVE_DELAY_MS = 600;

// ---------------------------------------------------------------------------
// Dates

const pad = (n) => String(n).padStart(2, '0');
function localInputValue(d = new Date()) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function parseEntryDate(s) {
  // 'YYYY-MM-DDTHH:MM:SS' in local time
  const [date, time = '00:00:00'] = s.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(y, m - 1, d, hh, mm);
}
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const shortMonth = new Intl.DateTimeFormat(undefined, { month: 'short' });
const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

// ---------------------------------------------------------------------------
// The section

function renderJournal(view) {
  view.replaceChildren(template('journal'));
  const root = view.querySelector('.journal');
  const side = root.querySelector('[data-side]');
  const main = root.querySelector('[data-main]');

  let tab = 'entries';
  let editor = null; // the open editor, if any: { id, flush(), isNew() }
  let listState = { query: '', filter: {}, next: null, loading: false };
  let calendarMonth = (() => { const d = new Date(); return { year: d.getFullYear(), month: d.getMonth() + 1 }; })();

  // ---- main pane -----------------------------------------------------------

  async function closeEditor() {
    if (editor) {
      await editor.flush();
      editor = null;
    }
  }

  function showEmpty() {
    editor = null;
    main.replaceChildren(template('journal-empty'));
    markCurrent(null);
  }

  async function openEntry(id) {
    await closeEditor();
    let view;
    try {
      view = await api.journalGet(id);
    } catch (err) {
      announce(err.message);
      return;
    }
    if (!view) { showEmpty(); return; }
    editor = mountEditor(view.entry, view.html, {});
    markCurrent(id);
  }

  async function newEntry({ prompt = null, title = '', onCreated = null, focus = 'body' } = {}) {
    await closeEditor();
    const entry = {
      id: crypto.randomUUID(),
      entry_date: localInputValue(),
      title,
      body: '',
      mood: null,
      tags: [],
      prompt: prompt?.text ?? prompt ?? null,
    };
    editor = mountEditor(entry, '', { isNew: true, promptId: prompt?.id ?? null, onCreated, focus });
    markCurrent(null);
  }

  async function newWithPrompt() {
    try {
      const prompt = await api.journalPrompt();
      await newEntry({ prompt });
    } catch (err) {
      announce(err.message);
    }
  }

  function mountEditor(entry, html, { isNew = false, promptId = null, onCreated = null, focus = null }) {
    main.replaceChildren(template('journal-editor'));
    const form = main.querySelector('[data-editor]');
    const date = form.querySelector('[data-field="entry_date"]');
    const title = form.querySelector('[data-field="title"]');
    const body = form.querySelector('[data-field="body"]');
    const rendered = form.querySelector('[data-rendered]');
    const status = form.querySelector('[data-status]');
    const promptBox = form.querySelector('[data-prompt]');
    const promptText = form.querySelector('[data-prompt-text]');
    const another = form.querySelector('[data-another]');
    const chips = form.querySelector('[data-tags]');
    const tagInput = form.querySelector('[data-tag-input]');
    const tagOptions = form.querySelector('[data-tag-options]');
    const deleteButton = form.querySelector('[data-delete]');

    const state = { ...entry, tags: [...entry.tags] };
    let saved = !isNew; // exists in the vault
    let dirty = false;
    let chain = Promise.resolve();
    let currentPromptId = promptId;

    date.value = state.entry_date.slice(0, 16);
    title.value = state.title;
    body.value = state.body;
    deleteButton.hidden = !saved;

    function showPrompt() {
      promptBox.hidden = !state.prompt;
      promptText.textContent = state.prompt ?? '';
      another.hidden = saved || !currentPromptId;
    }
    showPrompt();
    another.addEventListener('click', async () => {
      try {
        const p = await api.journalPrompt(currentPromptId);
        currentPromptId = p.id;
        state.prompt = p.text;
        showPrompt();
        announce(`New prompt: ${p.text}`);
      } catch (err) { announce(err.message); }
    });

    // Mood: a radio group of five steps, plus "not set".
    const moods = form.querySelector('[data-moods]');
    const moodChoices = [{ value: '', label: 'Not set' }, ...MOODS];
    moods.replaceChildren(...moodChoices.map((m) => {
      const id = `mood-${m.value || 'none'}`;
      const input = h('input', { type: 'radio', name: 'mood', id, value: m.value, checked: (state.mood ?? '') === m.value });
      input.addEventListener('change', () => {
        state.mood = m.value === '' ? null : m.value;
        changed();
      });
      return h('span', { class: 'mood-option', 'data-mood': m.value || 'none' }, input, h('label', { for: id }, m.label));
    }));

    // Tags: chips with remove buttons, an input with autocomplete from existing tags.
    function drawTags() {
      chips.replaceChildren(...state.tags.map((t) => h('li', { class: 'chip' },
        h('span', {}, t),
        h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove tag ${t}`, onclick: () => {
          state.tags = state.tags.filter((x) => x !== t);
          drawTags();
          changed();
          tagInput.focus();
        } }, '×'))));
    }
    drawTags();
    function addTag(raw) {
      const t = raw.replace(/[,\n]/g, ' ').trim().replace(/^[#@]+/, '').trim();
      if (t && !state.tags.some((x) => x.toLowerCase() === t.toLowerCase())) {
        state.tags.push(t);
        drawTags();
        changed();
        announce(`Tag ${t} added.`);
      }
      tagInput.value = '';
    }
    tagInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ',') {
        e.preventDefault();
        addTag(tagInput.value);
      } else if (e.key === 'Backspace' && tagInput.value === '' && state.tags.length) {
        state.tags.pop();
        drawTags();
        changed();
      }
    });
    tagInput.addEventListener('change', () => { if (tagInput.value) addTag(tagInput.value); });
    tagInput.addEventListener('input', debounce(async () => {
      try {
        const tags = await api.journalTags(tagInput.value);
        tagOptions.replaceChildren(...tags.slice(0, 20).map((t) => h('option', { value: t.name })));
      } catch { /* autocomplete is a nicety */ }
    }, 150));
    api.journalTags('').then((tags) => tagOptions.replaceChildren(...tags.slice(0, 20).map((t) => h('option', { value: t.name })))).catch(() => {});

    // Write / Read
    const modeButtons = form.querySelectorAll('[data-mode]');
    async function setMode(mode) {
      for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
      if (mode === 'read') {
        try {
          const safe = await api.journalRender(body.value);
          // The documented exception to "textContent only": HTML rendered and
          // sanitised in Rust (pulldown-cmark + ammonia allow-list).
          rendered.innerHTML = safe;
        } catch (err) { rendered.textContent = err.message; }
        if (!body.value.trim()) rendered.replaceChildren(h('p', { class: 'muted' }, 'Nothing written yet.'));
        body.hidden = true;
        rendered.hidden = false;
      } else {
        rendered.hidden = true;
        rendered.replaceChildren();
        body.hidden = false;
      }
    }
    for (const b of modeButtons) b.addEventListener('click', () => setMode(b.dataset.mode).then(() => (b.dataset.mode === 'write' ? body : rendered).focus()));
    if (saved && state.body.trim()) {
      rendered.innerHTML = html; // sanitised in Rust, see above
      body.hidden = true;
      rendered.hidden = false;
      for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === 'read'));
    }
    rendered.addEventListener('dblclick', () => setMode('write').then(() => body.focus()));

    // Saving
    const setStatus = (text, kind = '') => { status.textContent = text; status.dataset.kind = kind; };
    setStatus(saved ? 'Saved' : '');

    function snapshot() {
      return {
        id: state.id,
        entry_date: date.value || localInputValue(),
        title: title.value,
        body: body.value,
        mood: state.mood,
        tags: state.tags,
        prompt: state.prompt,
      };
    }

    function save() {
      chain = chain.then(async () => {
        if (!dirty) return;
        // A new entry with nothing in it is not worth keeping.
        if (!saved && !title.value.trim() && !body.value.trim() && !state.tags.length) return;
        dirty = false;
        setStatus('Saving…');
        try {
          const result = await api.journalSave(snapshot());
          const first = !saved;
          saved = true;
          deleteButton.hidden = false;
          another.hidden = true;
          setStatus(dirty ? 'Editing…' : 'Saved', 'saved');
          if (first && onCreated) {
            try { onCreated(result.id); } catch { /* the other section's business */ }
          }
          markCurrent(state.id);
          entrySaved(result, first);
        } catch (err) {
          dirty = true;
          setStatus(`Not saved: ${err.message}`, 'error');
        }
      });
      return chain;
    }
    const saveSoon = debounce(save, SAVE_DELAY_MS);
    function changed() {
      dirty = true;
      setStatus('Editing…');
      saveSoon();
    }
    for (const input of [date, title, body]) input.addEventListener('input', changed);
    form.addEventListener('submit', (e) => { e.preventDefault(); save(); });
    form.addEventListener('keydown', (e) => {
      if (matches(e, 'save')) { e.preventDefault(); save(); }
    });

    deleteButton.addEventListener('click', async () => {
      await save();
      try {
        await api.journalDelete(state.id);
        announce('Moved to Trash. You can restore it from there for 30 days.');
        editor = null;
        showEmpty();
        refreshSide({ keep: true });
      } catch (err) { setStatus(err.message, 'error'); }
    });

    if (focus === 'body') body.focus();
    else if (focus === 'title') title.focus();

    return { id: state.id, flush: () => { if (dirty) return save(); return chain; } };
  }

  // ---- side pane -----------------------------------------------------------

  /** After an autosave: redraw the entry's row in place when it is simply
   * edited (so pages loaded further down stay), or reload the side pane when the
   * entry is new, moved in time or a search is showing. */
  function entrySaved(entry, first) {
    const row = [...side.querySelectorAll('[data-entry]')].find((b) => b.dataset.entry === entry.id);
    const sameDate = row?.querySelector('time')?.getAttribute('datetime') === entry.entry_date;
    if (tab === 'entries' && !listState.query.trim() && row && !first && sameDate) {
      row.closest('li').replaceWith(entryRow({ ...entry, excerpt: plainExcerpt(entry.body) }));
    } else {
      refreshSide({ keep: true });
    }
  }

  /** The same short plain-text start of a body that the list gets from Rust. */
  function plainExcerpt(body) {
    const text = body.slice(0, 400).split('\n')
      .map((l) => l.replace(/^[\s#>*+-]+/, '').trim())
      .filter((l) => l && !l.startsWith('```'))
      .join(' ')
      .replace(/[*_`~]/g, '');
    return text.length > 160 ? `${text.slice(0, 160)}…` : text;
  }

  function markCurrent(id) {
    for (const b of side.querySelectorAll('[data-entry]')) {
      if (b.dataset.entry === id) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
  }

  function entryRow(e, { snippet = null, onOpen = () => openEntry(e.id), extra = null } = {}) {
    const when = parseEntryDate(e.entry_date);
    const button = h('button', { type: 'button', class: 'entry-row', 'data-entry': e.id, onclick: onOpen },
      h('span', { class: 'entry-row-meta' },
        h('time', { datetime: e.entry_date }, `${dayFormat.format(when)} · ${timeFormat.format(when)}`),
        e.mood ? h('span', { class: 'mood-dot', 'data-mood': e.mood, title: moodLabel(e.mood) }, h('span', { class: 'visually-hidden' }, `Mood: ${moodLabel(e.mood)}`)) : null),
      h('span', { class: 'entry-row-title' }, e.title || 'Untitled'),
      snippet ? snippetNode(snippet) : (e.excerpt ? h('span', { class: 'entry-row-excerpt' }, e.excerpt) : null),
      e.tags.length ? h('span', { class: 'entry-row-tags' }, ...e.tags.map((t) => h('span', { class: 'tag' }, t))) : null);
    if (editor && editor.id === e.id) button.setAttribute('aria-current', 'true');
    return h('li', {}, button, extra);
  }

  /** Highlighted snippet: text nodes and <mark> elements, never markup. */
  function snippetNode(parts) {
    const span = h('span', { class: 'entry-row-excerpt snippet' });
    for (const p of parts) span.append(p.mark ? h('mark', {}, p.text) : document.createTextNode(p.text));
    return span;
  }

  function setTab(next) {
    tab = next;
    for (const b of root.querySelectorAll('[data-tab]')) b.setAttribute('aria-pressed', String(b.dataset.tab === tab));
    if (tab === 'entries') drawEntries();
    else if (tab === 'calendar') drawCalendar();
    else drawTrash();
  }

  function refreshSide({ keep = false } = {}) {
    if (tab === 'entries') loadList({ reset: true, keep });
    else if (tab === 'calendar') loadCalendar();
    else loadTrash();
  }

  // Entries and search
  function drawEntries() {
    side.replaceChildren(template('journal-entries'));
    const search = side.querySelector('[data-search]');
    search.value = listState.query;
    const filters = side.querySelectorAll('[data-filter]');
    for (const f of filters) f.value = listState.filter[f.dataset.filter] ?? '';
    const onSearch = debounce(() => { listState.query = search.value; loadList({ reset: true }); }, 120);
    search.addEventListener('input', onSearch);
    search.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && search.value) { search.value = ''; listState.query = ''; loadList({ reset: true }); }
      if (e.key === 'ArrowDown') { side.querySelector('.entry-row')?.focus(); e.preventDefault(); }
    });
    for (const f of filters) f.addEventListener('change', () => {
      const v = f.value;
      listState.filter[f.dataset.filter] = v === '' ? undefined : f.dataset.filter === 'mood' ? Number(v) : v;
      loadList({ reset: true });
    });
    side.querySelector('[data-clear-filters]').addEventListener('click', () => {
      listState.filter = {};
      for (const f of filters) f.value = '';
      loadList({ reset: true });
    });
    const more = side.querySelector('[data-more]');
    more.addEventListener('click', () => loadList({ reset: false }));
    // Near the bottom of the list, the next page loads by itself.
    new IntersectionObserver((seen) => { if (seen.some((s) => s.isIntersecting) && !more.hidden) loadList({ reset: false }); }, { root: side }).observe(more);
    // List keyboard: arrows move between rows.
    side.querySelector('[data-list]').addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      const rows = [...side.querySelectorAll('.entry-row')];
      const i = rows.indexOf(document.activeElement);
      if (i < 0) return;
      e.preventDefault();
      (rows[i + (e.key === 'ArrowDown' ? 1 : -1)] ?? (e.key === 'ArrowUp' ? search : rows[i])).focus();
    });
    loadTagFilter();
    loadList({ reset: true });
  }

  async function loadTagFilter() {
    const select = side.querySelector('[data-filter="tag"]');
    if (!select) return;
    try {
      const tags = await api.journalTags('');
      select.replaceChildren(h('option', { value: '' }, 'Any tag'), ...tags.map((t) => h('option', { value: t.name, selected: listState.filter.tag === t.name }, `${t.name} (${t.count})`)));
    } catch { /* the filter stays at "any" */ }
  }

  function filterForApi() {
    const f = {};
    for (const [k, v] of Object.entries(listState.filter)) if (v !== undefined && v !== '') f[k] = v;
    return f;
  }

  let listToken = 0;
  async function loadList({ reset, keep = false }) {
    const list = side.querySelector('[data-list]');
    if (!list) return;
    const summary = side.querySelector('[data-summary]');
    const more = side.querySelector('[data-more]');
    const count = side.querySelector('[data-filter-count]');
    const active = Object.keys(filterForApi()).length;
    count.textContent = active ? `(${active})` : '';
    const token = ++listToken;
    const query = listState.query.trim();
    try {
      if (query) {
        const hits = await api.journalSearch(listState.query, filterForApi(), 50);
        if (token !== listToken) return;
        list.replaceChildren(...hits.map((hit) => entryRow(hit.entry, { snippet: hit.snippet })));
        more.hidden = true;
        summary.textContent = hits.length === 0 ? 'Nothing found. Try fewer or shorter words.'
          : hits.length === 50 ? 'The 50 best matches.' : `${hits.length} ${hits.length === 1 ? 'entry' : 'entries'} found.`;
        return;
      }
      if (reset) listState.next = null;
      const page = await api.journalList(filterForApi(), reset ? null : listState.next, 50);
      if (token !== listToken) return;
      const rows = page.entries.map((e) => entryRow(e));
      if (reset) {
        const scroll = side.scrollTop;
        list.replaceChildren(...rows);
        if (keep) side.scrollTop = scroll;
      } else list.append(...rows);
      listState.next = page.next;
      more.hidden = !page.next;
      const shown = list.children.length;
      summary.textContent = shown === 0
        ? (active ? 'No entries match these filters.' : 'No entries yet. Your first one is a click on “New entry” away.')
        : '';
    } catch (err) {
      if (token === listToken) summary.textContent = err.message;
    }
  }

  // Calendar and "On this day"
  function drawCalendar() {
    side.replaceChildren(template('journal-calendar'));
    for (const b of side.querySelectorAll('[data-month]')) b.addEventListener('click', () => {
      const d = new Date(calendarMonth.year, calendarMonth.month - 1 + Number(b.dataset.month), 1);
      calendarMonth = { year: d.getFullYear(), month: d.getMonth() + 1 };
      loadCalendar();
    });
    loadCalendar();
    loadOnThisDay();
  }

  async function loadCalendar() {
    const weeks = side.querySelector('[data-weeks]');
    if (!weeks) return;
    const { year, month } = calendarMonth;
    side.querySelector('[data-month-title]').textContent = monthFormat.format(new Date(year, month - 1, 1));
    let days = [];
    try { days = await api.journalCalendar(year, month); } catch (err) { announce(err.message); }
    const counts = new Map(days.map((d) => [d.day, d.count]));
    const first = new Date(year, month - 1, 1);
    const offset = (first.getDay() + 6) % 7; // Monday first
    const total = new Date(year, month, 0).getDate();
    const today = isoDay(new Date());
    const rows = [];
    let cells = [];
    for (let i = 0; i < offset; i++) cells.push(h('td', {}));
    for (let d = 1; d <= total; d++) {
      const day = isoDay(new Date(year, month - 1, d));
      const n = counts.get(day) ?? 0;
      const label = `${longDay.format(new Date(year, month - 1, d))}${n ? `, ${n} ${n === 1 ? 'entry' : 'entries'}` : ', no entries'}`;
      cells.push(h('td', {}, h('button', {
        type: 'button', class: `day${n ? ' has-entries' : ''}${day === today ? ' today' : ''}`,
        'aria-label': label, 'data-day': day, onclick: () => showDay(day),
      }, String(d))));
      if (cells.length === 7) { rows.push(h('tr', {}, ...cells)); cells = []; }
    }
    if (cells.length) { while (cells.length < 7) cells.push(h('td', {})); rows.push(h('tr', {}, ...cells)); }
    weeks.replaceChildren(...rows);
  }

  async function showDay(day) {
    const heading = side.querySelector('[data-day-title]');
    const list = side.querySelector('[data-day-list]');
    for (const b of side.querySelectorAll('.day')) b.classList.toggle('selected', b.dataset.day === day);
    const [y, m, d] = day.split('-').map(Number);
    heading.hidden = false;
    heading.textContent = longDay.format(new Date(y, m - 1, d));
    try {
      const page = await api.journalList({ from: day, to: day }, null, 50);
      list.replaceChildren(...page.entries.map((e) => entryRow(e)));
      if (!page.entries.length) list.replaceChildren(h('li', { class: 'hint' }, 'Nothing written on this day.'));
    } catch (err) { announce(err.message); }
  }

  async function loadOnThisDay() {
    const list = side.querySelector('[data-otd]');
    if (!list) return;
    try {
      const entries = await api.journalOnThisDay();
      side.querySelector('[data-otd-empty]').hidden = entries.length > 0;
      list.replaceChildren(...entries.map((e) => entryRow(e)));
    } catch (err) { announce(err.message); }
  }

  // Trash
  function drawTrash() {
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
        const n = await api.journalEmptyTrash();
        announce(`${n} ${n === 1 ? 'entry' : 'entries'} deleted for good.`);
      } catch (err) { announce(err.message); }
      confirm.hidden = true;
      actions.hidden = false;
      loadTrash();
    });
    loadTrash();
  }

  async function loadTrash() {
    const list = side.querySelector('[data-trash]');
    if (!list) return;
    try {
      const entries = await api.journalTrash();
      list.replaceChildren(...entries.map((e) => entryRow(e, {
        onOpen: () => announce('Restore this entry to open it.'),
        extra: h('button', { type: 'button', class: 'secondary small restore', 'data-restore': e.id, 'aria-label': `Restore ${e.title || 'untitled entry'}`, onclick: async () => {
          try {
            await api.journalRestore(e.id);
            announce('Entry restored.');
            loadTrash();
          } catch (err) { announce(err.message); }
        } }, 'Restore'),
      })));
      side.querySelector('[data-trash-actions]').hidden = entries.length === 0;
      if (!entries.length) list.replaceChildren(h('li', { class: 'hint' }, 'The trash is empty.'));
    } catch (err) { announce(err.message); }
  }

  // ---- insights and export/import -------------------------------------------

  async function showInsights() {
    await closeEditor();
    markCurrent(null);
    main.replaceChildren(template('journal-insights'));
    let data;
    try { data = await api.journalInsights(); } catch (err) { announce(err.message); return; }
    const nf = new Intl.NumberFormat();
    for (const el of main.querySelectorAll('[data-stat]')) el.textContent = nf.format(data[el.dataset.stat]);
    main.querySelector('[data-chart]').append(moodChart(data.mood_by_month));
  }

  function moodChart(points) {
    const NS = 'http://www.w3.org/2000/svg';
    const el = (tag, attrs = {}, text) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      if (text != null) e.textContent = text;
      return e;
    };
    const W = 560, H = 220, L = 70, R = 12, T = 12, B = 30;
    const x = (i) => L + (i + 0.5) * ((W - L - R) / points.length);
    const y = (v) => T + (5 - v) / 4 * (H - T - B);
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'mood-chart' });
    const described = points.filter((p) => p.average != null).map((p) => `${p.month}: ${p.average.toFixed(1)}`).join('; ');
    svg.append(el('title', {}, described ? `Average mood by month. ${described}.` : 'No moods recorded in the last twelve months.'));
    for (const m of MOODS) {
      svg.append(el('line', { x1: L, x2: W - R, y1: y(m.value), y2: y(m.value), class: 'grid' }));
      svg.append(el('text', { x: L - 8, y: y(m.value) + 4, 'text-anchor': 'end', class: 'axis' }, m.label));
    }
    // One line through the months that have a mood; a gap where one has none.
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      const [yy, mm] = p.month.split('-').map(Number);
      svg.append(el('text', { x: x(i), y: H - 8, 'text-anchor': 'middle', class: 'axis' }, shortMonth.format(new Date(yy, mm - 1, 1))));
      if (p.average == null) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.average).toFixed(1)} `;
      pen = true;
    });
    d = d.trim();
    if (d) svg.append(el('path', { d, class: 'line' }));
    points.forEach((p, i) => {
      if (p.average == null) return;
      const c = el('circle', { cx: x(i), cy: y(p.average), r: 5, class: 'point' });
      c.append(el('title', {}, `${p.month}: ${p.average.toFixed(1)} from ${p.entries_with_mood} ${p.entries_with_mood === 1 ? 'entry' : 'entries'}`));
      svg.append(c);
    });
    if (!points.some((p) => p.average != null)) {
      svg.append(el('text', { x: (W + L) / 2, y: H / 2, 'text-anchor': 'middle', class: 'empty' }, 'Choose a mood on your entries to see it here.'));
    }
    return svg;
  }

  async function showExchange() {
    await closeEditor();
    markCurrent(null);
    main.replaceChildren(template('journal-exchange'));
    const q = (s) => main.querySelector(s);
    const exportResult = q('[data-export-result]');
    const exportError = q('[data-export-error]');
    for (const b of main.querySelectorAll('[data-export]')) b.addEventListener('click', async () => {
      exportResult.textContent = '';
      exportError.textContent = '';
      b.disabled = true;
      try {
        const done = b.dataset.export === 'json' ? await api.journalExportJson() : await api.journalExportMarkdown();
        if (done) exportResult.textContent = `Exported ${done.count} ${done.count === 1 ? 'entry' : 'entries'} to ${done.path}`;
      } catch (err) { exportError.textContent = err.message; }
      b.disabled = false;
    });
    const preview = q('[data-import-preview]');
    const summary = q('[data-import-summary]');
    const apply = q('[data-import-apply]');
    const importResult = q('[data-import-result]');
    const importError = q('[data-import-error]');
    q('[data-import]').addEventListener('click', async () => {
      importResult.textContent = '';
      importError.textContent = '';
      preview.hidden = true;
      try {
        const p = await api.journalImportPreview();
        if (!p) return;
        const kind = p.format === 'jrnl' ? 'a jrnl export' : 'a Hearth export';
        summary.textContent = p.new === 0
          ? `“${p.file_name}” is ${kind} with ${p.total} ${p.total === 1 ? 'entry' : 'entries'}, all already in your journal. There is nothing new to add.`
          : `“${p.file_name}” is ${kind} with ${p.total} ${p.total === 1 ? 'entry' : 'entries'}. ${p.new} will be added${p.existing ? `; ${p.existing} you already have will be skipped` : ''}.`;
        apply.textContent = `Add ${p.new} ${p.new === 1 ? 'entry' : 'entries'}`;
        apply.hidden = p.new === 0;
        preview.hidden = false;
        (p.new ? apply : q('[data-import-cancel]')).focus();
      } catch (err) { importError.textContent = err.message; }
    });
    q('[data-import-cancel]').addEventListener('click', () => { preview.hidden = true; });
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      try {
        const r = await api.journalImportApply();
        importResult.textContent = `Added ${r.added} ${r.added === 1 ? 'entry' : 'entries'}${r.skipped ? ` (${r.skipped} already there)` : ''}.`;
        preview.hidden = true;
        refreshSide();
      } catch (err) { importError.textContent = err.message; }
      apply.disabled = false;
    });
  }

  // ---- wiring ----------------------------------------------------------------

  for (const b of root.querySelectorAll('[data-tab]')) b.addEventListener('click', () => setTab(b.dataset.tab));
  root.querySelector('[data-action="new"]').addEventListener('click', () => newEntry());
  root.querySelector('[data-action="prompt"]').addEventListener('click', newWithPrompt);
  root.querySelector('[data-action="insights"]').addEventListener('click', showInsights);
  root.querySelector('[data-action="exchange"]').addEventListener('click', showExchange);

  function onKey(e) {
    if (!root.isConnected) { document.removeEventListener('keydown', onKey); return; }
    if (matches(e, 'new-entry')) { e.preventDefault(); newEntry(); }
    else if (matches(e, 'search')) {
      e.preventDefault();
      if (tab !== 'entries') setTab('entries');
      side.querySelector('[data-search]')?.focus();
    }
  }
  document.addEventListener('keydown', onKey);

  setTab('entries');
  const intent = takeIntent('journal');
  if (intent?.newEntry) {
    const { prompt = null, title = '', onCreated = null } = intent.newEntry;
    newEntry({ prompt, title, onCreated, focus: 'body' });
  } else {
    showEmpty();
  }

  return {
    leave: async () => {
      document.removeEventListener('keydown', onKey);
      await closeEditor();
    },
  };
}

registerSection({ id: 'journal', label: 'Journal', order: 10, render: renderJournal });
