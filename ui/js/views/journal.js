// The private journal: a list (or calendar, or trash) on the left, the open entry
// (or insights, or export and import) on the right. This module draws the section
// and moves between those; each pane is its own module in journal/: editor.js,
// list.js (entries and search), calendar.js, trash.js, insights.js, exchange.js.
//
// What a visit holds lives in its context `j`, made per visit; everything it
// starts is tied to the view's Life. The open entry saves before another opens
// and before the view is left (navigation, Lock, closing).

import { api } from '../api.js';
import { announce, template } from '../dom.js';
import { registerSection } from '../sections.js';
import { matches } from '../shortcuts.js';
import { takeIntent } from '../store.js';
import { mountEditor } from './journal/editor.js';
import { drawEntries, loadList } from './journal/list.js';
import { drawCalendar, loadCalendar } from './journal/calendar.js';
import { drawTrash, loadTrash } from './journal/trash.js';
import { showInsights } from './journal/insights.js';
import { showExchange } from './journal/exchange.js';
import { localInputValue } from './journal/rows.js';

function renderJournal(view, _state, life) {
  view.replaceChildren(template('journal'));
  const root = view.querySelector('.journal');
  const today = new Date();

  /** The visit: its panes, its life, what is open, and the list's query. */
  const j = {
    root,
    side: root.querySelector('[data-side]'),
    main: root.querySelector('[data-main]'),
    life,
    tab: 'entries',
    editor: null, // the open editor, if any: { id, flush(), end() }
    list: { query: '', filter: {}, next: null },
    listToken: 0,
    listObserver: null,
    calendarMonth: { year: today.getFullYear(), month: today.getMonth() + 1 },

    async closeEditor() {
      if (j.editor) {
        await j.editor.flush();
        j.dropEditor();
      }
    },

    /** Ends the open editor's life (see mountEditor), without saving. */
    dropEditor() {
      j.editor?.end();
      j.editor = null;
    },

    showEmpty() {
      j.dropEditor();
      j.main.replaceChildren(template('journal-empty'));
      j.markCurrent(null);
    },

    async openEntry(id) {
      // Saved first (it may be the entry asked for), then fetched; the open one
      // stays on screen until the next is in hand, so the pane never shows an
      // empty form between the two (the form is reused, see mountEditor).
      // closeEditor then saves anything typed while the fetch was on its way.
      await j.editor?.flush();
      let entry;
      try {
        entry = await life.guard(api.journalGet(id));
      } catch (err) {
        announce(err.message);
        return;
      }
      await j.closeEditor();
      if (!entry) { j.showEmpty(); return; }
      j.editor = mountEditor(j, entry.entry, entry.html, {});
      j.markCurrent(id);
    },

    async newEntry({ prompt = null, title = '', onCreated = null, focus = 'body' } = {}) {
      await j.closeEditor();
      const entry = {
        id: crypto.randomUUID(),
        entry_date: localInputValue(),
        title,
        body: '',
        mood: null,
        tags: [],
        prompt: prompt?.text ?? prompt ?? null,
      };
      j.editor = mountEditor(j, entry, '', { isNew: true, promptId: prompt?.id ?? null, onCreated, focus });
      j.markCurrent(null);
    },

    markCurrent(id) {
      for (const b of j.side.querySelectorAll('[data-entry]')) {
        if (b.dataset.entry === id) b.setAttribute('aria-current', 'true');
        else b.removeAttribute('aria-current');
      }
    },

    setTab(next) {
      j.tab = next;
      j.listObserver?.disconnect();
      j.listObserver = null;
      for (const b of root.querySelectorAll('[data-tab]')) b.setAttribute('aria-pressed', String(b.dataset.tab === next));
      if (next === 'entries') drawEntries(j);
      else if (next === 'calendar') drawCalendar(j);
      else drawTrash(j);
    },

    refreshSide({ keep = false } = {}) {
      if (j.tab === 'entries') loadList(j, { reset: true, keep });
      else if (j.tab === 'calendar') loadCalendar(j);
      else loadTrash(j);
    },
  };

  async function newWithPrompt() {
    try {
      const prompt = await life.guard(api.journalPrompt());
      await j.newEntry({ prompt });
    } catch (err) {
      announce(err.message);
    }
  }

  for (const b of root.querySelectorAll('[data-tab]')) b.addEventListener('click', () => j.setTab(b.dataset.tab));
  root.querySelector('[data-action="new"]').addEventListener('click', () => j.newEntry());
  root.querySelector('[data-action="prompt"]').addEventListener('click', newWithPrompt);
  root.querySelector('[data-action="insights"]').addEventListener('click', () => showInsights(j));
  root.querySelector('[data-action="exchange"]').addEventListener('click', () => showExchange(j));

  life.listen(document, 'keydown', (e) => {
    if (matches(e, 'new-entry')) { e.preventDefault(); j.newEntry(); }
    else if (matches(e, 'search')) {
      e.preventDefault();
      if (j.tab !== 'entries') j.setTab('entries');
      j.side.querySelector('[data-search]')?.focus();
    }
  });

  j.setTab('entries');
  const intent = takeIntent('journal');
  if (intent?.newEntry) {
    const { prompt = null, title = '', onCreated = null } = intent.newEntry;
    j.newEntry({ prompt, title, onCreated, focus: 'body' });
  } else {
    j.showEmpty();
  }

  // Leaving on purpose (another section, Lock, closing): save what is typed.
  life.beforeLeave(j.closeEditor);
  life.onEnd(() => { j.editor = null; });
}

registerSection({ id: 'journal', label: 'Journal', order: 10, render: renderJournal });
