// The parts of self-check results that look after the person: the safety note
// with helplines, the section on fear of closeness, wishes for less, and "how
// these numbers are worked out". All wording comes from Rust (the question bank,
// the helplines file, scoring::explanation); it goes into the page as text only.

import { h } from '../../dom.js';

/**
 * The private safety note, individual help first: what abuse can look like, that
 * it is never the person's fault, helplines for each country and how to find help
 * anywhere else. Couples counselling is deliberately absent here.
 */
export function safetyNote(bank) {
  const { note } = bank.bank.safety;
  const lines = bank.helplines;
  const service = (s) => h('li', { class: 'sc-service' },
    h('strong', {}, s.name),
    s.phone && h('span', { class: 'sc-phone' }, ` · Call ${s.phone}`),
    s.text && h('span', {}, ` · ${s.text}`),
    h('span', { class: 'muted' }, ` · ${s.hours} · ${s.website}`));
  return h('section', { class: 'sc-safety', 'data-safety-note': true, 'aria-labelledby': 'sc-safety-title' },
    h('h2', { id: 'sc-safety-title', tabindex: '-1' }, note.title),
    note.paragraphs.map((p) => h('p', {}, p)),
    h('h3', { 'data-individual-help': true }, 'Help for you, on your own'),
    h('div', { class: 'sc-helplines' }, lines.regions.map((r) => h('details', { 'data-region': r.id },
      h('summary', {}, r.name),
      h('p', {}, `In an emergency, call ${r.emergency}.`),
      h('ul', {}, r.services.map(service))))),
    h('h3', {}, 'Anywhere else'),
    lines.elsewhere.map((p) => h('p', {}, p)),
    h('p', { class: 'muted' }, 'Hearth doesn\'t open web pages: type an address into your browser when it is safe to. When you need to hide Hearth at once, use Quick exit or press Escape twice.'));
}

/** The section on fear of closeness: a short reading, suggestions, and individual support. */
export function fearSection(bank, suggestionList) {
  const fear = bank.bank.fear;
  return h('section', { class: 'card sc-fear', 'data-fear': true, 'aria-labelledby': 'sc-fear-title' },
    h('h2', { id: 'sc-fear-title' }, fear.title),
    fear.reading.map((p) => h('p', {}, p)),
    suggestionList(fear.suggestions),
    h('p', { class: 'sc-individual', 'data-individual-help': true }, fear.support));
}

/** Areas where the person wishes for less, said kindly. */
export function wishLess(ids, scoreOf, label) {
  if (!ids.length) return null;
  return h('section', { 'data-less': true, 'aria-labelledby': 'sc-less-title' },
    h('h2', { id: 'sc-less-title' }, 'Where you\'d like less'),
    h('p', { class: 'muted' }, 'Wanting less of something is just as valid as wanting more. It can help to tell your partner what would feel right for you, gently and without blame.'),
    h('div', { class: 'sc-cards' }, ids.map((id) => {
      const s = scoreOf(id);
      return h('article', { class: 'card sc-less', 'data-less-area': id },
        h('h3', {}, label(id)), h('p', { class: 'muted' }, `Now ${s.now}, wished for ${s.wish}.`));
    })));
}

/** "How these numbers are worked out", openable. */
export function howScored(bank) {
  return h('details', { class: 'sc-how', 'data-how': true },
    h('summary', {}, 'How these numbers are worked out'),
    h('ul', {}, bank.how_scored.map((line) => h('li', {}, line))));
}

/** A note when two results were taken with different versions of the questions. */
export function versionsNote(versions) {
  const distinct = [...new Set(versions)];
  if (distinct.length < 2) return null;
  return h('p', { class: 'muted sc-versions', 'data-versions-differ': true },
    `These check-ins used different versions of the questions (${distinct.sort().map((v) => `version ${v}`).join(' and ')}), so compare them area by area, loosely.`);
}
