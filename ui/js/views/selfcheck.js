// The intimacy self-check: intro and history, taking a check (keyboard first,
// autosaved so a lock or restart resumes it), results with a chart and
// suggestions, and a partner's shared results side by side.
//
// Wording about scores is deliberately gentle: no totals, no ranking of partners.
// Names, dates and anything imported go into the page through textContent only.
//
// Each page is its own module in selfcheck/: home.js, take.js and results.js, with
// common.js for the question bank and helpers. A visit's context `sc` holds the
// check in progress; nothing of it stays after the view ends.

import { debounce, h } from '../dom.js';
import { registerSection } from '../sections.js';
import { takeIntent } from '../store.js';
import { loadBank, saveNow } from './selfcheck/common.js';
import { showHome } from './selfcheck/home.js';
import { showResult } from './selfcheck/results.js';

function render(view, _state, life) {
  const intent = takeIntent('selfcheck');
  /** The visit: its element, its life, and the check in progress ({ position, answers, warning_signs }). */
  const sc = {
    view,
    life,
    take: null,
    saveSoon: debounce(() => saveNow(sc).catch(() => {}), 250, life.signal),
  };
  (async () => {
    await life.guard(loadBank());
    if (intent?.result) return showResult(sc, intent.result);
    return showHome(sc);
  })().catch((err) => view.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message)));
  // Leaving (another section, Lock, closing): save the check in progress.
  life.beforeLeave(() => saveNow(sc));
  life.onEnd(() => { sc.take = null; });
}

registerSection({ id: 'selfcheck', label: 'Self-check', order: 20, render });
