// What the journal's panes share: moods, dates, and one row of an entry list.

import { h } from '../../dom.js';

export const MOODS = [
  { value: 1, label: 'Very low' },
  { value: 2, label: 'Low' },
  { value: 3, label: 'Okay' },
  { value: 4, label: 'Good' },
  { value: 5, label: 'Great' },
];
export const moodLabel = (m) => MOODS.find((x) => x.value === m)?.label ?? '';

const pad = (n) => String(n).padStart(2, '0');

/** 'YYYY-MM-DDTHH:MM' in local time, as the editor's date field takes it. */
export function localInputValue(d = new Date()) {
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
export const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
export const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Highlighted snippet: text nodes and <mark> elements, never markup. */
function snippetNode(parts) {
  const span = h('span', { class: 'entry-row-excerpt snippet' });
  for (const p of parts) span.append(p.mark ? h('mark', {}, p.text) : document.createTextNode(p.text));
  return span;
}

/**
 * One entry in a list: a button that opens it (or `onOpen`), with `extra` after
 * it. `e` is an EntrySummary from Rust, excerpt included.
 */
export function entryRow(j, e, { snippet = null, onOpen = () => j.openEntry(e.id), extra = null } = {}) {
  const when = parseEntryDate(e.entry_date);
  const button = h('button', { type: 'button', class: 'entry-row', 'data-entry': e.id, onclick: onOpen },
    h('span', { class: 'entry-row-meta' },
      h('time', { datetime: e.entry_date }, `${dayFormat.format(when)} · ${timeFormat.format(when)}`),
      e.mood ? h('span', { class: 'mood-dot', 'data-mood': e.mood, title: moodLabel(e.mood) }, h('span', { class: 'visually-hidden' }, `Mood: ${moodLabel(e.mood)}`)) : null),
    h('span', { class: 'entry-row-title' }, e.title || 'Untitled'),
    snippet ? snippetNode(snippet) : (e.excerpt ? h('span', { class: 'entry-row-excerpt' }, e.excerpt) : null),
    e.tags.length ? h('span', { class: 'entry-row-tags' }, ...e.tags.map((t) => h('span', { class: 'tag' }, t))) : null);
  if (j.editor && j.editor.id === e.id) button.setAttribute('aria-current', 'true');
  return h('li', {}, button, extra);
}
