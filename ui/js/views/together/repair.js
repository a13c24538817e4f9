// After a hard moment: Hearth's short guide to finding your way back to each other.

import { h } from '../../dom.js';
import { draw } from './questions.js';

export function showRepair(t) {
  const g = t.content.repair;
  t.pane.replaceChildren(h('section', { class: 'panel repair', 'aria-labelledby': 'repair-title' },
    h('h2', { id: 'repair-title' }, g.title),
    h('p', {}, g.intro),
    h('ol', { class: 'repair-steps' }, ...g.steps.map((s) => h('li', { 'data-step': s.id }, h('h3', {}, s.title), h('p', {}, s.text)))),
    h('p', { class: 'hint' }, g.support),
    h('button', { type: 'button', class: 'secondary', 'data-action': 'repair-questions', onclick: () => t.show('questions', (ctx) => draw(ctx, 'repair')) },
      'Questions for after a hard moment')));
}
