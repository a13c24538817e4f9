// The jar: "I noticed…" notes from one of you to the other, kept for both to open
// and read aloud. Paired, a note is always from you, and goes to your partner's
// jar too.

import { api } from '../../api.js';
import { announce, h } from '../../dom.js';

export async function showJar(t) {
  const notes = await t.life.guard(api.togetherNotes());
  const author = h('select', { id: 'jar-author', name: 'author' },
    h('option', { value: 'me' }, t.names.me), h('option', { value: 'partner' }, t.names.partner));
  const form = h('form', { class: 'jar-form', 'data-form': 'note', novalidate: true },
    t.paired
      ? h('p', { class: 'hint' }, `From you. It goes to ${t.names.partner}'s jar too, through your shared folder.`)
      : h('div', { class: 'field' }, h('label', { for: 'jar-author' }, 'From'), author),
    h('div', { class: 'field' },
      h('label', { for: 'jar-text' }, 'I noticed…'),
      h('textarea', { id: 'jar-text', name: 'text', rows: 3, maxlength: 4000, placeholder: 'I noticed you…' })),
    h('p', { class: 'error', role: 'alert', 'data-error': '' }),
    h('button', { type: 'submit', class: 'primary' }, 'Put it in the jar'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await t.life.guard(api.togetherNoteAdd(author.value, form.elements.text.value));
      announce('In the jar.');
      await showJar(t);
      t.pane.querySelector('#jar-text')?.focus();
    } catch (err) {
      form.querySelector('[data-error]').textContent = err.message;
    }
  });
  const list = notes.length
    ? h('ul', { class: 'jar', 'data-jar': '' }, ...notes.map((n) => h('li', { class: 'note', 'data-note': n.id },
      h('p', { class: 'note-text' }, n.text),
      h('p', { class: 'muted' }, `From ${t.nameOf(n.author)}, ${new Date(n.written_at).toLocaleDateString()}`))))
    : h('p', { class: 'muted', 'data-jar': '' }, 'The jar is empty for now. Notice something small and kind, and write it down.');
  t.pane.replaceChildren(
    h('section', { class: 'panel', 'aria-labelledby': 'jar-title' },
      h('h2', { id: 'jar-title' }, 'The jar'),
      h('p', { class: 'hint' }, 'Little things you noticed the other doing. Read one aloud on a slow evening.'),
      form),
    h('section', { class: 'panel', 'aria-labelledby': 'jar-notes-title' },
      h('h2', { id: 'jar-notes-title' }, `In the jar (${notes.length})`), list));
}
