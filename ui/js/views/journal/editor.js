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
 * The editor's form, made once and refilled for every entry opened (see
 * mountEditor): WebKit keeps part of the memory of every form control it has laid
 * out, so a new form per entry grew the window by about 80 KiB an entry, while one
 * form reused stays flat (PERFORMANCE.md). It never holds an entry longer than
 * that entry's editor lives: `empty` runs when the editor ends, whatever the
 * reason (another entry, another pane, leaving the journal, any lock).
 */
let kept = null;

function editorParts() {
  if (kept) return kept;
  const form = template('journal-editor').firstElementChild;
  const q = (selector) => form.querySelector(selector);
  const moods = q('[data-moods]');
  // Mood: a radio group of five steps, plus "not set".
  moods.replaceChildren(...[{ value: '', label: 'Not set' }, ...MOODS].map((m) => {
    const id = `mood-${m.value || 'none'}`;
    return h('span', { class: 'mood-option', 'data-mood': m.value || 'none' },
      h('input', { type: 'radio', name: 'mood', id, value: m.value }), h('label', { for: id }, m.label));
  }));
  kept = {
    form,
    date: q('[data-field="entry_date"]'),
    title: q('[data-field="title"]'),
    body: q('[data-field="body"]'),
    rendered: q('[data-rendered]'),
    status: q('[data-status]'),
    promptBox: q('[data-prompt]'),
    promptText: q('[data-prompt-text]'),
    another: q('[data-another]'),
    chips: q('[data-tags]'),
    tagInput: q('[data-tag-input]'),
    tagOptions: q('[data-tag-options]'),
    deleteButton: q('[data-delete]'),
    printButton: q('[data-print]'),
    moodInputs: [...moods.querySelectorAll('input')],
    modeButtons: [...form.querySelectorAll('[data-mode]')],
    photos: q('[data-photos]'),
  };
  return kept;
}

/** Leaves the kept form as the template made it: no entry's words or tags (its photos go with mountPhotos's life). */
function empty(p) {
  p.form.reset();
  for (const el of [p.rendered, p.chips, p.tagOptions]) el.replaceChildren();
  p.promptText.textContent = '';
  p.status.textContent = '';
  delete p.status.dataset.kind;
}

/**
 * Draws `entry` into the main pane and returns { id, flush(), end() }. `html` is its
 * body rendered by Rust (journal_get), shown in Read mode when the entry has a body.
 * The editor has a life of its own inside the journal's: end() (when another entry
 * opens, or the pane shows something else) lets go of its timers, listeners and
 * the entry, where they used to stay until the journal was left, one set for
 * every entry opened. Every listener here goes with that life, because the form
 * outlives it.
 */
export function mountEditor(j, entry, html, { isNew = false, promptId = null, onCreated = null, focus = null }) {
  const { main } = j;
  const life = j.life.child();
  const parts = editorParts();
  const { form, date, title, body, rendered, status, promptBox, promptText, another, chips, tagInput, tagOptions,
    deleteButton, printButton } = parts;
  if (main.firstElementChild !== form || main.childElementCount !== 1) main.replaceChildren(form);
  life.onEnd(() => empty(parts));

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
  life.listen(another, 'click', async () => {
    try {
      const p = await life.guard(api.journalPrompt(currentPromptId));
      currentPromptId = p.id;
      state.prompt = p.text;
      showPrompt();
      announce(`New prompt: ${p.text}`);
    } catch (err) { announce(err.message); }
  });

  for (const input of parts.moodInputs) {
    input.checked = String(state.mood ?? '') === input.value;
    life.listen(input, 'change', () => {
      state.mood = input.value === '' ? null : Number(input.value);
      changed();
    });
  }

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
  life.listen(tagInput, 'keydown', (e) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      addTag(tagInput.value);
    } else if (e.key === 'Backspace' && tagInput.value === '' && state.tags.length) {
      state.tags.pop();
      drawTags();
      changed();
    }
  });
  life.listen(tagInput, 'change', () => { if (tagInput.value) addTag(tagInput.value); });
  const tagChoices = (tags) => tagOptions.replaceChildren(...tags.slice(0, 20).map((t) => h('option', { value: t.name })));
  life.listen(tagInput, 'input', debounce(async () => {
    try {
      tagChoices(await life.guard(api.journalTags(tagInput.value)));
    } catch { /* autocomplete is a nicety */ }
  }, 150, life.signal));
  life.guard(api.journalTags('')).then(tagChoices).catch(() => {});

  // Write / Read
  const { modeButtons } = parts;
  const press = (mode) => { for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode)); };
  async function setMode(mode) {
    press(mode);
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
  for (const b of modeButtons) life.listen(b, 'click', () => setMode(b.dataset.mode).then(() => (b.dataset.mode === 'write' ? body : rendered).focus()));
  // A saved entry with words opens in Read mode, anything else in Write mode.
  const reading = saved && state.body.trim() !== '';
  if (reading) rendered.innerHTML = html; // sanitised in Rust, see above
  body.hidden = reading;
  rendered.hidden = !reading;
  press(reading ? 'read' : 'write');
  life.listen(rendered, 'dblclick', () => setMode('write').then(() => body.focus()));

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
  for (const input of [date, title, body]) life.listen(input, 'input', changed);
  life.listen(form, 'submit', (e) => { e.preventDefault(); save(); });
  life.listen(form, 'keydown', (e) => {
    if (matches(e, 'save')) { e.preventDefault(); save(); }
  });

  life.listen(deleteButton, 'click', async () => {
    await save();
    try {
      await life.guard(api.journalDelete(state.id));
      announce('Moved to Trash. You can restore it from there for 30 days.');
      j.showEmpty();
      j.refreshSide({ keep: true });
    } catch (err) { setStatus(err.message, 'error'); }
  });

  // What is printed is what is saved: save first, then ask Rust for the page.
  life.listen(printButton, 'click', async () => {
    await save();
    try {
      const view = await life.guard(api.journalPrintEntry(state.id));
      if (view) printView(j, view);
    } catch (err) { setStatus(err.message, 'error'); }
  });

  // Photos belong to a saved entry: a new one is saved first, even if empty.
  mountPhotos({
    container: parts.photos,
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
