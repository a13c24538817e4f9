// Together's decks and one question asked together, pass-the-laptop style: the
// first person answers, the answer is hidden and the field cleared, the other
// answers on the same screen, then both answers show side by side. Paired, each
// answers on their own Hearth: only "me" gets a form here, and the decks page
// lists the questions waiting for you and for your partner.

import { api } from '../../api.js';
import { announce, h } from '../../dom.js';

/** Paired: the questions one of you has answered, waiting for the other. */
async function waitingLists(t) {
  if (!t.paired) return [];
  const open = (await t.life.guard(api.togetherHistory())).filter((a) => !a.revealed && !a.skipped);
  const row = (a) => h('li', { class: 'history-row', 'data-history': a.id },
    h('button', { type: 'button', class: 'ghost', onclick: () => t.show('questions', (ctx) => showAsked(ctx, a)) },
      h('span', { class: 'history-question' }, a.question)));
  const list = (id, title, rows, empty) => h('section', { class: 'panel', 'aria-labelledby': id, 'data-waiting-list': id },
    h('h2', { id }, title),
    rows.length ? h('ul', { class: 'history' }, ...rows.map(row)) : h('p', { class: 'muted' }, empty));
  return [
    list('waiting-for-me', 'Waiting for you', open.filter((a) => a.partner.answered && !a.me.answered),
      `Nothing waits for you. When ${t.names.partner} answers a question, it shows here.`),
    list('waiting-for-partner', `Waiting for ${t.names.partner}`, open.filter((a) => a.me.answered && !a.partner.answered),
      'Nothing waits for your partner right now.'),
  ];
}

/** The decks offered, each with a button to draw a question from it. */
export async function showQuestions(t) {
  const waiting = await waitingLists(t);
  const o = t.overview;
  const decks = o.decks.filter((d) => d.offered);
  const list = h('ul', { class: 'deck-list' }, ...decks.map((d) => h('li', { class: 'deck', 'data-deck': d.id },
    h('h3', { id: `deck-${d.id}` }, d.title),
    h('p', { class: 'hint' }, d.blurb),
    h('p', { class: 'muted' }, `${d.questions} questions`),
    h('button', { type: 'button', class: 'secondary', 'aria-describedby': `deck-${d.id}`, onclick: () => draw(t, d.id) }, 'Draw a question'),
  )));
  const spicy = o.decks.find((d) => d.opt_in);
  const optIn = h('input', { type: 'checkbox', id: 'together-opt-in', checked: o.opt_ins });
  optIn.addEventListener('change', async () => {
    try {
      t.overview = await t.life.guard(api.togetherSetOptIns(optIn.checked));
      announce(optIn.checked ? `${spicy.title} is on.` : `${spicy.title} is off.`);
      await showQuestions(t);
      t.pane.querySelector('#together-opt-in')?.focus();
    } catch (err) {
      announce(err.message);
    }
  });
  t.pane.replaceChildren(
    h('section', { class: 'panel', 'aria-labelledby': 'together-decks-title' },
      h('h2', { id: 'together-decks-title' }, 'Question decks'),
      h('p', { class: 'hint' }, t.paired
        ? `Pick a deck and draw a question. Answer in your own words on your Hearth, and ${t.names.partner} answers on theirs; each answer stays hidden until you have both answered.`
        : 'Pick a deck and draw a question. Answer in your own words; each answer stays hidden until you have both answered.'),
      h('button', { type: 'button', class: 'primary', 'data-action': 'any-question', onclick: () => draw(t, null) }, 'Draw from any deck'),
      list,
      spicy && h('div', { class: 'opt-in' },
        h('label', { class: 'check', for: 'together-opt-in' }, optIn, ` Offer "${spicy.title}"`),
        h('p', { class: 'hint' }, `${spicy.blurb} Off unless you turn it on.`)),
    ),
    ...waiting,
  );
}

/** Draws a question not asked yet from `deck` (null: any deck) and asks it. */
export async function draw(t, deck) {
  const asked = await t.life.guard(api.togetherNext(deck));
  if (!asked) {
    announce('You have asked each other every question here.');
    t.pane.prepend(h('p', { class: 'success', role: 'status' }, 'You have asked each other every question in this deck. Your answers are in History.'));
    return;
  }
  showAsked(t, asked);
}

function answerCard(t, who, side) {
  return h('figure', { class: 'answer', 'data-answer': who },
    h('figcaption', {}, t.nameOf(who)),
    h('blockquote', {}, side.text));
}

/** One asked question: answering in turn, or both answers once both are in. */
export function showAsked(t, asked) {
  // Drawn again with what the vault holds then, when the partner's answer arrives.
  t.current = {
    tab: 'questions',
    draw: async (ctx) => {
      const fresh = await ctx.life.guard(api.togetherGet(asked.id));
      return fresh ? showAsked(ctx, fresh) : showQuestions(ctx);
    },
  };
  const deck = t.overview.decks.find((d) => d.id === asked.deck);
  const fav = h('button', { type: 'button', class: 'ghost', 'aria-pressed': String(asked.favourite), 'data-action': 'favourite' },
    asked.favourite ? '★ A favourite' : '☆ Keep as a favourite');
  fav.addEventListener('click', async () => {
    const on = fav.getAttribute('aria-pressed') !== 'true';
    try {
      await t.life.guard(api.togetherFavourite(asked.question_id, on));
      fav.setAttribute('aria-pressed', String(on));
      fav.textContent = on ? '★ A favourite' : '☆ Keep as a favourite';
    } catch (err) {
      announce(err.message);
    }
  });
  const card = h('section', { class: 'panel asked', 'aria-labelledby': 'together-question', 'data-asked': asked.id },
    h('p', { class: 'muted' }, deck ? deck.title : ''),
    h('h2', { id: 'together-question', class: 'question', 'data-question': asked.question_id }, asked.question),
    h('div', { class: 'button-row' }, fav));
  const another = h('button', { type: 'button', class: 'secondary', 'data-action': 'another', onclick: () => draw(t, asked.deck || null) }, 'Another question');
  if (asked.revealed) {
    card.append(
      h('div', { class: 'answers', 'data-revealed': '' }, answerCard(t, 'me', asked.me), answerCard(t, 'partner', asked.partner)),
      h('p', { class: 'hint' }, 'Take a moment with what the other wrote. Anything that surprised you?'),
      h('div', { class: 'button-row' }, another, h('button', { type: 'button', class: 'ghost', onclick: () => t.show('questions') }, 'Back to the decks')));
  } else if (t.paired && asked.me.answered) {
    // Paired: the partner answers on their own Hearth; this one waits for it.
    card.append(
      h('p', { class: 'waiting', 'data-waiting': 'me' }, asked.partner.answered
        ? `${t.names.partner} has answered too. Both answers show here as soon as ${t.names.partner}'s Hearth sends their words, the next time it syncs.`
        : `Your answer is in and hidden. Both answers show here once ${t.names.partner} has answered on their Hearth.`),
      h('div', { class: 'button-row' }, another, h('button', { type: 'button', class: 'ghost', onclick: () => t.show('questions') }, 'Back to the decks')));
  } else {
    const who = asked.me.answered ? 'partner' : 'me';
    const other = who === 'me' ? 'partner' : 'me';
    const waiting = asked[other].answered;
    const form = h('form', { class: 'answer-form', 'data-answer-form': who, novalidate: true },
      h('label', { for: 'together-answer' }, `${t.nameOf(who)}, your answer`),
      h('textarea', { id: 'together-answer', name: 'answer', rows: 4, maxlength: 4000, 'aria-describedby': 'together-answer-hint' }),
      h('p', { class: 'hint', id: 'together-answer-hint' }, waiting
        ? `${t.nameOf(other)} has answered; it stays hidden until yours is in.`
        : t.paired
          ? `Your answer stays hidden until ${t.nameOf(other)} has answered too, on their own Hearth.`
          : `Your answer stays hidden. Then pass the laptop to ${t.nameOf(other)}.`),
      h('p', { class: 'error', role: 'alert', 'data-error': '' }),
      h('div', { class: 'button-row' },
        h('button', { type: 'submit', class: 'primary' }, waiting ? 'Save and show both answers' : 'Save and hide my answer'),
        h('button', { type: 'button', class: 'ghost', 'data-action': 'skip' }, 'Skip this one')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const submit = form.querySelector('[type=submit]');
      submit.disabled = true;
      try {
        const next = await t.life.guard(api.togetherAnswer(asked.id, who, form.elements.answer.value));
        form.elements.answer.value = '';
        announce(next.revealed ? 'Both answers are in.'
          : t.paired ? `Saved and hidden until ${t.nameOf(other)} answers.` : `Saved and hidden. Pass the laptop to ${t.nameOf(other)}.`);
        showAsked(t, next);
      } catch (err) {
        form.querySelector('[data-error]').textContent = err.message;
        submit.disabled = false;
      }
    });
    form.querySelector('[data-action=skip]').addEventListener('click', async () => {
      try {
        await t.life.guard(api.togetherSkip(asked.id));
        announce('Skipped. It stays in your history.');
        await draw(t, asked.deck || null);
      } catch (err) {
        form.querySelector('[data-error]').textContent = err.message;
      }
    });
    if (waiting) card.append(h('p', { class: 'waiting', 'data-waiting': other }, `${t.nameOf(other)}'s answer is in and hidden.`));
    card.append(form);
  }
  t.pane.replaceChildren(card);
  const heading = t.pane.querySelector('#together-question');
  heading.setAttribute('tabindex', '-1');
  (t.pane.querySelector('#together-answer') ?? heading).focus();
}
