// What you have asked each other (answers show once both are in), favourites
// first; search across Together; and export to Markdown or JSON, through the same
// passphrase question and "not encrypted" wording as every plain-text export.

import { api } from '../../api.js';
import { askFirst } from '../../confirm.js';
import { announce, h } from '../../dom.js';
import { showAsked, showQuestions } from './questions.js';

function askedRow(t, a) {
  const state = a.revealed ? 'Both answered' : a.skipped ? 'Skipped'
    : a.me.answered && a.partner.answered ? 'Both answered, the words on their way'
    : a.me.answered || a.partner.answered
    ? `Waiting for ${t.nameOf(a.me.answered ? 'partner' : 'me')}` : 'Not answered yet';
  return h('li', { class: 'history-row', 'data-history': a.id },
    h('button', { type: 'button', class: 'ghost', onclick: () => openAsked(t, a) },
      h('span', { class: 'history-question' }, `${a.favourite ? '★ ' : ''}${a.question}`),
      h('span', { class: 'muted' }, `${state}, ${new Date(a.asked_at).toLocaleDateString()}`)));
}

async function openAsked(t, a) {
  // A skipped question is asked again (a new asking if it was set aside).
  const asked = a.skipped ? await t.life.guard(api.togetherAsk(a.question_id)) : a;
  t.show('questions', (ctx) => showAsked(ctx, asked));
}

export async function showHistory(t) {
  const all = await t.life.guard(api.togetherHistory());
  const favs = all.filter((a) => a.favourite);
  const section = (id, title, rows, empty) => h('section', { class: 'panel', 'aria-labelledby': id },
    h('h2', { id }, title),
    rows.length ? h('ul', { class: 'history' }, ...rows.map((a) => askedRow(t, a))) : h('p', { class: 'muted' }, empty));
  t.pane.replaceChildren(
    section('history-favourites-title', 'Favourites', favs, 'Questions you mark as a favourite gather here.'),
    section('history-all-title', 'Everything you have asked each other', all, 'Nothing asked yet. Draw a question to begin.'));
}

const KINDS = { answer: 'Answered', note: 'In the jar', checkin: 'Check-in', question: 'Question' };

export async function showSearch(t, query) {
  const found = await t.life.guard(api.togetherSearch(query));
  announce(found.length === 1 ? 'One result.' : `${found.length} results.`);
  const open = async (f) => {
    if (f.kind === 'answer') t.show('questions', async (ctx) => showAsked(ctx, await ctx.life.guard(api.togetherGet(f.id))));
    else if (f.kind === 'question') t.show('questions', async (ctx) => showAsked(ctx, await ctx.life.guard(api.togetherAsk(f.id))));
    else if (f.kind === 'note') t.show('jar');
    else t.show('checkin');
  };
  t.pane.replaceChildren(h('section', { class: 'panel', 'aria-labelledby': 'together-results-title' },
    h('h2', { id: 'together-results-title' }, 'Search results'),
    found.length
      ? h('ul', { class: 'history', 'data-results': '' }, ...found.map((f) => h('li', { class: 'history-row' },
        h('button', { type: 'button', class: 'ghost', onclick: () => open(f) },
          h('span', { class: 'muted' }, `${KINDS[f.kind] ?? ''}: `), h('span', {}, f.text)))))
      : h('p', { class: 'muted' }, 'Nothing found. Answers show up here once you have both answered.'),
    h('button', { type: 'button', class: 'ghost', onclick: () => t.show('questions', showQuestions) }, 'Back to the decks')));
}

export function showExport(t) {
  const result = h('p', { role: 'status', 'data-export-result': '' });
  const button = (format, label) => {
    const b = h('button', { type: 'button', class: 'secondary', 'data-export': format }, label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      result.className = '';
      try {
        const name = await askFirst(() => t.life.guard(api.togetherExport(format)), b);
        if (name) {
          result.className = 'success';
          result.textContent = `Saved as ${name}.`;
        }
      } catch (err) {
        result.className = 'error';
        result.textContent = err.message;
      } finally {
        b.disabled = false;
      }
    });
    return b;
  };
  t.pane.replaceChildren(h('section', { class: 'panel', 'aria-labelledby': 'together-export-title' },
    h('h2', { id: 'together-export-title' }, 'Export Together'),
    h('p', {}, 'A copy of the answers you have both given, your check-ins, the jar and your care profiles. Answers still waiting for the other stay in the vault.'),
    h('p', { class: 'hint' }, 'The file is not encrypted. Hearth asks for your passphrase first.'),
    h('div', { class: 'button-row' }, button('markdown', 'Export as Markdown'), button('json', 'Export as JSON')),
    result));
}
