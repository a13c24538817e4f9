// "How I like to be cared for": a short profile for each of you, saved as it is
// chosen. "Doesn't fit us right now" is always a fine answer. Paired, each fills
// in their own, and the partner's arrives from their Hearth to read.

import { api } from '../../api.js';
import { announce, h } from '../../dom.js';

export async function showCare(t) {
  const answers = await t.life.guard(api.togetherCare());
  const { care } = t.content;
  const find = (who, item) => answers.find((a) => a.person === who && a.item === item);
  const readOnly = (who) => t.paired && who === 'partner';
  const theirs = () => {
    const said = answers.filter((a) => a.person === 'partner');
    const level = (id) => care.levels.find((l) => l.id === id)?.label ?? '';
    return h('section', { class: 'panel care', 'aria-labelledby': 'care-partner-title', 'data-care': 'partner' },
      h('h2', { id: 'care-partner-title' }, `How ${t.names.partner} likes to be cared for`),
      said.length
        ? h('dl', { class: 'care-read' }, ...said.flatMap((a) => [
          h('dt', {}, care.items.find((i) => i.id === a.item)?.title ?? a.item),
          h('dd', {}, a.note ? `${level(a.level)}: ${a.note}` : level(a.level)),
        ]))
        : h('p', { class: 'muted' }, `Nothing yet. What ${t.names.partner} fills in on their Hearth shows here.`));
  };
  const profile = (who) => readOnly(who) ? theirs() : h('section', { class: 'panel care', 'aria-labelledby': `care-${who}-title`, 'data-care': who },
    h('h2', { id: `care-${who}-title` }, `How ${t.nameOf(who)} likes to be cared for`),
    ...care.items.map((item) => {
      const current = find(who, item.id);
      const id = `care-${who}-${item.id}`;
      const select = h('select', { id, 'aria-describedby': `${id}-text` },
        h('option', { value: '' }, 'Not said yet'),
        ...care.levels.map((l) => h('option', { value: l.id, selected: current?.level === l.id }, l.label)));
      const note = h('input', { type: 'text', id: `${id}-note`, maxlength: 300, value: current?.note ?? '', placeholder: 'For example: a note in my bag' });
      const save = async () => {
        if (!select.value) return;
        try {
          await t.life.guard(api.togetherCareSet(who, item.id, select.value, note.value));
          announce(`Saved: ${item.title}.`);
        } catch (err) {
          announce(err.message);
        }
      };
      select.addEventListener('change', save);
      note.addEventListener('change', save);
      return h('div', { class: 'care-item' },
        h('label', { for: id }, item.title),
        h('p', { class: 'hint', id: `${id}-text` }, item.text),
        select,
        h('label', { for: `${id}-note`, class: 'visually-hidden' }, `${item.title}: a note`),
        note);
    }));
  t.pane.replaceChildren(h('p', { class: 'hint care-note' }, care.note), profile('me'), profile('partner'));
}
