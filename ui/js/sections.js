// The sections of the app shell, and moving between them.
//
// Each view module registers itself here when main.js imports it; the navigation
// is drawn from this list in `order`. A section's render(view, state) draws into
// the <main> element and may return { leave }: an async function awaited before
// the section is left, the vault is locked or the window closes (the journal saves
// there, for example).

import { dispatch } from './store.js';

const sections = [];
let leaveCurrent = null;

export function registerSection({ id, label, order, render }) {
  sections.push({ id, label, order, render });
  sections.sort((a, b) => a.order - b.order);
}

export function allSections() {
  return sections;
}

/** Remembers what the section now on screen wants done before it is left. */
export function setLeave(fn) {
  leaveCurrent = fn ?? null;
}

/** Runs the current section's leave step, once. Never throws. */
export async function leave() {
  const fn = leaveCurrent;
  leaveCurrent = null;
  try {
    await fn?.();
  } catch {
    // Leaving must never be blocked; the section reports its own failures.
  }
}

/**
 * Goes to another section, optionally with an intent for it (see store.js), e.g.
 * navigate('journal', { newEntry: { prompt } }).
 */
export async function navigate(section, intent) {
  await leave();
  dispatch({ type: 'navigate', section, intent });
}
