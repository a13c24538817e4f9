// Labels for the stable ids in hearth_core::bucket (kept in step with mod.rs).

import { h } from '../../dom.js';

export const CATEGORIES = [
  ['outdoors', 'Outdoors'], ['food_drink', 'Food and drink'], ['culture_music', 'Culture and music'],
  ['at_home', 'At home'], ['travel', 'Travel'], ['learning', 'Learning together'],
  ['giving_back', 'Giving back'], ['reflective', 'Quiet and reflective'],
];
export const KINDS = [
  ['experiential', 'Shared experiences'], ['emotional', 'Emotional'], ['physical', 'Physical'],
  ['intellectual', 'Intellectual'], ['spiritual', 'Spiritual'],
];
export const INTEREST = [['not_asked', 'Not asked yet'], ['yes', 'Yes'], ['maybe', 'Maybe'], ['not_for_me', 'Not for me']];
export const COST = [['free', 'Free'], ['low', 'Low cost'], ['medium', 'Some cost'], ['high', 'A splurge']];
export const EFFORT = [['easy', 'Easy'], ['some', 'Some planning'], ['big', 'A big undertaking']];
export const label = (pairs, id) => pairs.find(([k]) => k === id)?.[1] ?? id;

export function options(select, pairs, selected) {
  select.replaceChildren(...pairs.map(([value, text]) => h('option', { value, selected: value === selected }, text)));
}

export function formatDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}
