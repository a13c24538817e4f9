// Hearth's front end: draws the screen for the current state, reports activity for
// auto-lock, and returns to the lock screen (with the page emptied) on lock.

import { api } from './api.js';
import { dispatch, getState, subscribe } from './store.js';
import { h, template, announce } from './dom.js';
import { allSections, leave, navigate, setLeave } from './sections.js';
import { renderCreate, renderUnlock } from './views/lock.js';
// Each section registers itself on import; the order in the navigation is theirs.
import './views/home.js';
import './views/selfcheck.js';
import './views/bucket.js';
import './views/journal.js';
import './views/settings.js';

const app = document.getElementById('app');

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
  setLeave(section.render(view, state)?.leave);
  for (const button of view.querySelectorAll('[data-action="lock"]')) button.addEventListener('click', () => lockNow());
  document.title = `${section.label} · Hearth`;
}

function render(state, prev) {
  if (state.screen === 'create') renderCreate(app);
  else if (state.screen === 'unlock') renderUnlock(app);
  else if (state.screen === 'app') {
    if (prev?.screen === 'app') {
      renderSection(state);
      app.querySelector('#view').focus();
    } else {
      renderShell(state);
    }
  }
  if (state.screen !== 'app') {
    setLeave(null);
    document.title = 'Hearth';
  }
  if (prev?.screen === 'loading') performance.mark('hearth:first-screen'); // read by tests/perf/startup.rs
}

subscribe((state, prev) => {
  const intentArrived = state.intent && state.intent !== prev.intent;
  if (state.screen !== prev.screen || state.section !== prev.section || intentArrived) render(state, prev);
});

// Locking: let the section finish (the journal saves), close the vault, draw the
// lock screen. `within` bounds the wait for the section, for the quick exit.
async function lockNow({ within } = {}) {
  await (within ? Promise.race([leave(), new Promise((done) => setTimeout(done, within))]) : leave());
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

// Activity for auto-lock: remember that something happened, and report it at most
// once a second. The Rust side decides when to lock.
let active = false;
for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'focusin']) {
  document.addEventListener(type, () => { active = true; }, { passive: true, capture: true });
}
setInterval(async () => {
  if (!active || getState().screen !== 'app') return;
  active = false;
  const stillUnlocked = await api.touch();
  if (!stillUnlocked && getState().screen === 'app') dispatch({ type: 'locked', notice: 'Hearth locked itself while you were away.' });
}, 1000);

api.onLocked(() => {
  if (getState().screen === 'app') {
    setLeave(null); // too late to save: the vault is already closed
    dispatch({ type: 'locked', notice: 'Hearth locked itself while you were away.' });
    announce('Hearth locked itself while you were away.');
  }
});

// The window is closing: let the section finish (save), then lock and quit.
api.onCloseRequested(async () => {
  await leave();
  await api.quit();
});

document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'l' && getState().screen === 'app') {
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

api.status().then((status) => dispatch({ type: 'status', status }));
