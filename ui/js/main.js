// Hearth's front end: draws the screen for the current state, reports activity for
// auto-lock, and returns to the lock screen (with the page emptied) on lock.
// Every screen drawn gets a fresh Life (sections.js), ended when it goes.

import { api } from './api.js';
import { dispatch, getState, subscribe } from './store.js';
import { h, template, announce } from './dom.js';
import { allSections, begin, end, leave, navigate } from './sections.js';
import { renderCreate, renderUnlock } from './views/lock.js';
import { matches, useShortcuts } from './shortcuts.js';

const app = document.getElementById('app');

// The lock screen needs none of the sections, so they load only after it is
// drawn: the first screen waits for nothing it doesn't show. Each section
// registers itself on import; the order in the navigation is theirs.
let sectionsLoading = null;
function loadSections() {
  sectionsLoading ??= Promise.all([
    import('./views/home.js'),
    import('./views/selfcheck.js'),
    import('./views/bucket.js'),
    import('./views/together.js'),
    import('./views/journal.js'),
    import('./views/settings.js'),
  ]);
  return sectionsLoading;
}

function renderShell(state) {
  app.replaceChildren(template('shell'));
  const nav = app.querySelector('[data-nav]');
  nav.replaceChildren(...allSections().map((s) => h('li', {}, h('button', {
    type: 'button',
    'data-section': s.id,
    onclick: () => navigate(s.id),
  }, s.label))));
  for (const button of app.querySelectorAll('[data-action="lock"]')) button.addEventListener('click', () => lockNow());
  app.querySelector('[data-action="quick-exit"]').addEventListener('click', quickExit);
  renderSection(state);
}

function renderSection(state) {
  const sections = allSections();
  const section = sections.find((s) => s.id === state.section) ?? sections[0];
  for (const b of app.querySelectorAll('[data-section]')) {
    if (b.dataset.section === section.id) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  const view = app.querySelector('#view');
  section.render(view, state, begin());
  for (const button of view.querySelectorAll('[data-action="lock"]')) button.addEventListener('click', () => lockNow());
  document.title = `${section.label} · Hearth`;
}

function render(state, prev) {
  if (state.screen === 'create') renderCreate(app, begin());
  else if (state.screen === 'unlock') renderUnlock(app, begin());
  else if (state.screen === 'app') {
    loadSections().then(() => {
      const now = getState();
      if (now.screen !== 'app' || now.section !== state.section) return; // drawn by a newer render
      if (prev?.screen === 'app') {
        renderSection(now);
        app.querySelector('#view').focus();
      } else {
        renderShell(now);
      }
    });
  }
  if (state.screen !== 'app') document.title = 'Hearth';
  if (prev?.screen === 'loading') {
    performance.mark('hearth:first-screen'); // read by tests/perf/app.rs
    // Once that frame is on screen, fetch the sections, so unlocking doesn't wait for them.
    requestAnimationFrame(() => setTimeout(loadSections, 0));
  }
}

subscribe((state, prev) => {
  const intentArrived = state.intent && state.intent !== prev.intent;
  // A lock screen switched to another of this computer's Hearths is drawn afresh.
  const otherHearth = state.screen !== 'app' && state.current !== prev.current;
  if (state.screen !== prev.screen || state.section !== prev.section || intentArrived || otherHearth) render(state, prev);
});

// Locking: let the section finish (the journal saves), close the vault, draw the
// lock screen. `within` bounds the wait for the section, for the quick exit.
async function lockNow({ within } = {}) {
  await leave({ within });
  await api.lock();
  dispatch({ type: 'locked' });
  announce('Hearth is locked.');
}

// Quick exit (the button, or Escape twice): nothing of the vault stays on screen
// for even a moment. The page is hidden first, then locked the usual way, giving
// the section at most a fraction of a second to save.
const QUICK_EXIT_SAVE_MS = 300;
let quickExiting = false;
async function quickExit() {
  if (quickExiting || getState().screen !== 'app') return;
  quickExiting = true;
  app.hidden = true;
  document.title = 'Hearth';
  try {
    await lockNow({ within: QUICK_EXIT_SAVE_MS });
  } finally {
    app.hidden = false;
    quickExiting = false;
  }
}

const LOCKED_AWAY = 'Hearth locked itself while you were away.';

/** The vault is already closed: too late to save, so the view just ends. */
function lockedWhileAway() {
  if (getState().screen !== 'app') return;
  end();
  dispatch({ type: 'locked', notice: LOCKED_AWAY });
  announce(LOCKED_AWAY);
}

// Activity for auto-lock. Rust keeps the idle clock and decides when to lock; the
// page says "someone is here" at once on the first sign of activity after a quiet
// spell, then at most once per period while it goes on. The period is a quarter
// of the auto-lock delay and never more than 5 s, so the clock is always told well
// before it could run out (the shortest delay a person can choose is 1 minute).
const REPORT_MAX_MS = 5000;
let lastReport = -Infinity;
let reportTimer = null;

function reportPeriod() {
  const s = getState().settings;
  if (!s) return 1000;
  const lockMs = s.auto_lock_override_secs ? s.auto_lock_override_secs * 1000 : s.auto_lock_minutes * 60_000;
  return Math.min(REPORT_MAX_MS, lockMs / 4);
}

async function reportActivity() {
  reportTimer = null;
  if (getState().screen !== 'app') return;
  lastReport = performance.now();
  try {
    if (!(await api.touch())) lockedWhileAway();
  } catch {
    // The next activity tries again; the idle clock errs on the side of locking.
  }
}

function onActivity() {
  if (reportTimer !== null || getState().screen !== 'app') return;
  const wait = lastReport + reportPeriod() - performance.now();
  if (wait <= 0) reportActivity();
  else reportTimer = setTimeout(reportActivity, wait);
}

for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'focusin']) {
  document.addEventListener(type, onActivity, { passive: true, capture: true });
}

api.onLocked(lockedWhileAway);

// The window is closing: let the section finish (save), then lock and quit.
api.onCloseRequested(async () => {
  await leave();
  await api.quit();
});

document.addEventListener('keydown', (event) => {
  if (matches(event, 'lock') && getState().screen === 'app') {
    event.preventDefault();
    lockNow();
  }
});

// Escape twice within a second is the quick exit, wherever focus is (a field, a
// dialog). Listened for on the window in the capture phase, so no view can swallow it.
const ESCAPE_TWICE_MS = 1000;
let lastEscape = 0;
window.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.repeat || getState().screen !== 'app') return;
  const now = performance.now();
  if (now - lastEscape <= ESCAPE_TWICE_MS) {
    lastEscape = 0;
    event.preventDefault();
    quickExit();
  } else {
    lastEscape = now;
  }
}, { capture: true });

api.status().then((status) => {
  useShortcuts(status.shortcuts);
  dispatch({ type: 'status', status });
});
