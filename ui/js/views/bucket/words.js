// The bucket list's words for its stable ids (category, kind, interest, cost,
// effort, status) and a new idea's defaults come from Rust (bucket_vocabulary),
// fetched once: they are Hearth's own text, not vault content.

import { api } from '../../api.js';
import { h } from '../../dom.js';

let words = null;

export async function loadWords() {
  words ??= await api.bucketVocabulary();
}

/** [[id, label]] for one list: 'categories', 'kinds', 'interests', 'costs', 'efforts', 'statuses'. */
export const pairs = (list) => words[list].map((c) => [c.id, c.label]);

export const label = (list, id) => words[list].find((c) => c.id === id)?.label ?? id;

/** What a new idea starts as, before anything is filled in. */
export const newItem = () => ({ ...words.new_item });

export function options(select, choices, selected) {
  select.replaceChildren(...choices.map(([value, text]) => h('option', { value, selected: value === selected }, text)));
}

export function formatDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}
