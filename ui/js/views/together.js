// Together: questions both answer and see once both are in, the weekly check-in,
// the jar of appreciation notes, how each likes to be cared for, the guide for
// after a hard moment, the history, search and export.
//
// On one computer it is "pass the laptop": one person answers, the answer is
// hidden, the other answers on the same screen, then both show. Paired with the
// partner's Hearth, each answers on their own and the partner's side arrives
// through the shared space; the view redraws when it does (`shared-changed`),
// unless something is being typed. Rust decides what
// may be shown (an answer comes back only once both exist); the window keeps no
// copy of that rule. Each part is its own module in together/. Everything the two
// of you wrote goes in through textContent or .value; what the visit holds lives
// in its context `t` and is gone when the view ends.

import { api } from '../api.js';
import { h, template } from '../dom.js';
import { registerSection } from '../sections.js';
import { takeIntent } from '../store.js';
import { showQuestions, showAsked } from './together/questions.js';
import { showCheckin } from './together/checkin.js';
import { showJar } from './together/jar.js';
import { showCare } from './together/care.js';
import { showRepair } from './together/repair.js';
import { showHistory, showSearch, showExport } from './together/history.js';

// Hearth's own words, not vault content: fetched once.
let contentLoading = null;

const TABS = {
  questions: showQuestions,
  checkin: showCheckin,
  jar: showJar,
  care: showCare,
  repair: showRepair,
  history: showHistory,
  export: showExport,
};

function render(view, _state, life) {
  const intent = takeIntent('together');
  view.replaceChildren(template('together'));
  const t = {
    view,
    life,
    pane: view.querySelector('[data-pane]'),
    content: null,
    overview: null,
    names: { me: 'Me', partner: 'My partner' },
    nameOf: (who) => (who === 'me' ? t.names.me : t.names.partner),
    /** Paired: each answers on their own Hearth. */
    paired: false,
    /** What is on screen, to draw again when the partner's news arrives. */
    current: null,
    /** Shows the tab `tab` (marking its button), drawn by `draw(t)` or the tab's own. */
    async show(tab, draw = TABS[tab]) {
      t.current = { tab, draw };
      for (const b of view.querySelectorAll('[data-tab]')) b.setAttribute('aria-pressed', String(b.dataset.tab === tab));
      t.pane.replaceChildren();
      try {
        await draw(t);
      } catch (err) {
        t.pane.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message));
      }
    },
    async refreshOverview() {
      t.overview = await life.guard(api.togetherOverview());
      t.names = t.overview.names;
      t.paired = t.overview.paired;
    },
  };
  // The partner's news arrived: draw what is on screen again, keeping the focus's
  // place, but never over words being typed (they would be lost).
  api.onShared(async () => {
    if (!t.current || !t.content) return;
    const typing = [...t.pane.querySelectorAll('textarea, input[type=text]')].some((f) => f.value.trim());
    if (typing || t.pane.querySelector('select:focus')) return;
    const before = document.activeElement;
    const inPane = before && t.pane.contains(before);
    try {
      await t.refreshOverview();
      await t.show(t.current.tab, t.current.draw);
      // Focus stays where the person had it, if that was outside what was redrawn.
      if (!inPane && before?.isConnected) before.focus();
    } catch {
      // Locked or leaving: nothing to draw.
    }
  }).then((unlisten) => life.onEnd(unlisten));
  for (const b of view.querySelectorAll('[data-tab]')) b.addEventListener('click', () => t.show(b.dataset.tab));
  const search = view.querySelector('form[data-form=search]');
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = search.elements.query.value;
    if (query.trim()) t.show('search', (ctx) => showSearch(ctx, query));
  });
  (async () => {
    contentLoading ??= api.togetherContent().catch((err) => { contentLoading = null; throw err; });
    t.content = await life.guard(contentLoading);
    await t.refreshOverview();
    if (intent?.ask) return t.show('questions', async (ctx) => showAsked(ctx, await life.guard(api.togetherAsk(intent.ask))));
    return t.show(intent?.tab && TABS[intent.tab] ? intent.tab : 'questions');
  })().catch((err) => t.pane.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message)));
}

registerSection({ id: 'together', label: 'Together', order: 35, render });
