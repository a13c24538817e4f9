// The journal's editor: one entry, written in Markdown or read as rendered HTML.
// It saves 600 ms after typing stops (the timer ends with the view), on Ctrl+S,
// before another entry opens, and before the view is left (journal.js).
//
// Everything the person wrote goes in through .value or textContent. The one
// exception is [data-rendered], which receives HTML that Rust rendered from
// Markdown and sanitised with an allow-list (see ARCHITECTURE.md).

import { api } from '../../api.js';
import { announce, debounce, h, template } from '../../dom.js';
import { matches } from '../../shortcuts.js';
import { MOODS, localInputValue } from './rows.js';
import { entrySaved } from './list.js';
import { printView } from './print.js';
import { mountPhotos } from '../photos.js';

const SAVE_DELAY_MS = 600;

/**
 * Draws `entry` into the main pane and returns { id, flush(), end() }. `html` is its
 * body rendered by Rust (journal_get), shown in Read mode when the entry has a body.
 * The editor has a life of its own inside the journal's: end() (when another entry
 * opens, or the pane shows something else) lets go of its timers, listeners and
 * the entry, where they used to stay until the journal was left, one set for
 * every entry opened.
 */
export function mountEditor(j, entry, html, { isNew = false, promptId = null, onCreated = null, focus = null }) {
  const { main } = j;
  const life = j.life.child();
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
  const printButton = form.querySelector('[data-print]');

  const state = { ...entry, tags: [...entry.tags] };
  let saved = !isNew; // exists in the vault
  let dirty = false;
  let chain = Promise.resolve();
  let currentPromptId = promptId;
  // Set when a photo arrives in a new, empty entry: the entry is kept for it.
  let keepEmpty = false;

  date.value = state.entry_date.slice(0, 16);
  title.value = state.title;
  body.value = state.body;
  deleteButton.hidden = !saved;
  printButton.hidden = !saved;

  function showPrompt() {
    promptBox.hidden = !state.prompt;
    promptText.textContent = state.prompt ?? '';
    another.hidden = saved || !currentPromptId;
  }
  showPrompt();
  another.addEventListener('click', async () => {
    try {
      const p = await life.guard(api.journalPrompt(currentPromptId));
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
  // Rust cleans a tag as saving will, and says whether it is new. One at a time,
  // in the order typed, each on the list as the one before left it.
  let tagsAdded = Promise.resolve();
  function addTag(raw) {
    tagInput.value = '';
    tagsAdded = tagsAdded.then(async () => {
      try {
        const tags = await life.guard(api.journalAddTag(state.tags, raw));
        if (tags.length === state.tags.length) return;
        state.tags = tags;
        drawTags();
        changed();
        announce(`Tag ${tags[tags.length - 1]} added.`);
      } catch (err) { announce(err.message); }
    });
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
  const tagChoices = (tags) => tagOptions.replaceChildren(...tags.slice(0, 20).map((t) => h('option', { value: t.name })));
  tagInput.addEventListener('input', debounce(async () => {
    try {
      tagChoices(await life.guard(api.journalTags(tagInput.value)));
    } catch { /* autocomplete is a nicety */ }
  }, 150, life.signal));
  life.guard(api.journalTags('')).then(tagChoices).catch(() => {});

  // Write / Read
  const modeButtons = form.querySelectorAll('[data-mode]');
  async function setMode(mode) {
    for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
    if (mode === 'read') {
      try {
        const safe = await life.guard(api.journalRender(body.value));
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
      if (!saved && !keepEmpty && !title.value.trim() && !body.value.trim() && !state.tags.length) return;
      dirty = false;
      setStatus('Saving…');
      try {
        const result = await life.guard(api.journalSave(snapshot()));
        const first = !saved;
        saved = true;
        deleteButton.hidden = false;
        printButton.hidden = false;
        another.hidden = true;
        setStatus(dirty ? 'Editing…' : 'Saved', 'saved');
        if (first && onCreated) {
          try { onCreated(result.id); } catch { /* the other section's business */ }
        }
        j.markCurrent(state.id);
        entrySaved(j, result, first);
      } catch (err) {
        dirty = true;
        setStatus(`Not saved: ${err.message}`, 'error');
      }
    });
    return chain;
  }
  const saveSoon = debounce(save, SAVE_DELAY_MS, life.signal);
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
      await life.guard(api.journalDelete(state.id));
      announce('Moved to Trash. You can restore it from there for 30 days.');
      j.showEmpty();
      j.refreshSide({ keep: true });
    } catch (err) { setStatus(err.message, 'error'); }
  });

  // What is printed is what is saved: save first, then ask Rust for the page.
  printButton.addEventListener('click', async () => {
    await save();
    try {
      const view = await life.guard(api.journalPrintEntry(state.id));
      if (view) printView(j, view);
    } catch (err) { setStatus(err.message, 'error'); }
  });

  // Photos belong to a saved entry: a new one is saved first, even if empty.
  mountPhotos({
    container: form.querySelector('[data-photos]'),
    dropZone: form,
    life,
    kind: 'entry',
    existingId: saved ? state.id : null,
    owner: async () => {
      if (!saved) {
        keepEmpty = true;
        dirty = true;
      }
      await save();
      return saved ? state.id : null;
    },
  });

  if (focus === 'body') body.focus();
  else if (focus === 'title') title.focus();

  return { id: state.id, flush: () => { if (dirty) return save(); return chain; }, end: () => life.end() };
}
