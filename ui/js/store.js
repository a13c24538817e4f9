// The app's state, changed only through dispatch(); views re-render from it.
// It never holds vault content that would outlive a lock: 'locked' resets it.

const initial = () => ({
  screen: 'loading',   // 'loading' | 'create' | 'unlock' | 'app'
  section: 'home',     // which section of the app shell is shown
  settings: null,      // { auto_lock_minutes, auto_lock_choices, auto_lock_override_secs, data_dir }
  dataDir: '',
  notice: '',          // a message for the lock screen, e.g. why it locked
});

let state = initial();
const listeners = new Set();

export function getState() {
  return state;
}

export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function reduce(s, action) {
  switch (action.type) {
    case 'status':
      return { ...s, dataDir: action.status.data_dir, screen: action.status.unlocked ? 'app' : action.status.vault_exists ? 'unlock' : 'create' };
    case 'unlocked':
      return { ...s, screen: 'app', section: 'home', settings: action.settings, notice: '' };
    case 'settings':
      return { ...s, settings: action.settings };
    case 'navigate':
      return { ...s, section: action.section };
    case 'locked':
      return { ...initial(), screen: 'unlock', dataDir: s.dataDir, notice: action.notice || '' };
    default:
      throw new Error(`unknown action ${action.type}`);
  }
}

export function dispatch(action) {
  const prev = state;
  state = reduce(state, action);
  for (const fn of listeners) fn(state, prev);
}
