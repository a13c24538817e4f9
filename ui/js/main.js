// Hearth's front end: draws the screen for the current state, reports activity for
// auto-lock, and returns to the lock screen (with the page emptied) on lock.

import { api } from './api.js';
import { dispatch, getState, subscribe } from './store.js';
import { h, template, announce } from './dom.js';
import { allSections, leave, navigate, setLeave } from './sections.js';
import { renderCreate, renderUnlock } from './views/lock.js';
import { matches, useShortcuts } from './shortcuts.js';
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
  for (const button of app.querySelectorAll('[data-action="lock"]')) button.addEventListener('click', lockNow);
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
  for (const button of view.querySelectorAll('[data-action="lock"]')) button.addEventListener('click', lockNow);
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

async function lockNow() {
  await leave();
  await api.lock();
  dispatch({ type: 'locked' });
  announce('Hearth is locked.');
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
  if (matches(event, 'lock') && getState().screen === 'app') {
    event.preventDefault();
    lockNow();
  }
});

api.status().then((status) => {
  useShortcuts(status.shortcuts);
  dispatch({ type: 'status', status });
});
