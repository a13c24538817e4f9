// Printing the journal: one entry (the editor's Print) or every entry between
// two days (the export pane). Rust makes the view (journal_print_entry,
// journal_print_range); this draws it into the journal's print-only element
// and opens the system's print dialog, which can also save a PDF.
//
// Titles, dates and tags go in as text. Each body's `html` was rendered from
// Markdown and sanitised in Rust by journal/render.rs, the same HTML the
// editor's [data-rendered] shows, so it is the one kind of HTML this module
// puts in with innerHTML (see ARCHITECTURE.md, dom.js).

import { h } from '../../dom.js';

/** Draws `view` into the print-only element and opens the print dialog. */
export function printView(j, view) {
  const sheet = j.root.querySelector('[data-journal-print]');
  sheet.replaceChildren(
    h('h1', {}, view.heading),
    ...view.entries.map((e) => {
      const body = h('div', { class: 'markdown', 'data-rendered': true });
      body.innerHTML = e.html;
      return h('article', { class: 'print-entry' },
        e.title ? h('h2', {}, e.title) : null,
        h('p', { class: 'print-when' }, e.when),
        e.tags.length ? h('p', { class: 'print-tags' }, e.tags.map((t) => `#${t}`).join('  ')) : null,
        body);
    }));
  // Emptied once the dialog closes, so the page keeps no second copy.
  j.life.listen(window, 'afterprint', () => sheet.replaceChildren(), { once: true });
  j.life.timeout(() => window.print(), 50);
}
