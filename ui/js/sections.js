// The sections of the shell, and the lifetime of whatever is on screen.
//
// Each view module registers itself here when main.js imports it; the navigation
// is drawn from this list in `order`. A section's render(view, state, life) draws
// into the <main> element and ties everything it starts to `life` (see life.js):
// listeners outside its elements, observers, timers, debounced saves, answers
// still on their way. What must happen before it goes (the journal saves, the
// self-check saves its draft) is registered with life.beforeLeave().
//
// Exactly one Life is current: the lock screen's or the section's. main.js starts
// a new one for every screen it draws (ending the one before), leave() ends it on
// purpose (navigation, Lock, closing: leave steps first), and end() ends it at
// once (idle lock: the vault is already closed, so there is nothing to save).

import { dispatch, getState } from './store.js';
import { Life } from './life.js';

const sections = [];
let current = null;

export function registerSection({ id, label, order, render }) {
  sections.push({ id, label, order, render });
  sections.sort((a, b) => a.order - b.order);
}

export function allSections() {
  return sections;
}

/** Ends what is on screen and returns the Life for what is drawn next. */
export function begin() {
  current?.end();
  current = new Life();
  return current;
}

/**
 * Leaves what is on screen on purpose: its leave steps (saving), then its end.
 * Never throws. With `within` (ms), waits no longer than that for the leave steps
 * and ends the view regardless (the quick exit).
 */
export async function leave({ within } = {}) {
  const life = current;
  current = null;
  if (!life) return;
  const leaving = life.leave();
  if (!within) return leaving;
  await Promise.race([leaving, new Promise((done) => setTimeout(done, within))]);
  life.end();
}

/** Ends what is on screen at once, without its leave steps. */
export function end() {
  current?.end();
  current = null;
}

/**
 * Goes to another section, optionally with an intent for it (see store.js), e.g.
 * navigate('journal', { newEntry: { prompt } }).
 */
export async function navigate(section, intent) {
  if (section === getState().section && !intent) return; // already there
  await leave();
  dispatch({ type: 'navigate', section, intent });
}
