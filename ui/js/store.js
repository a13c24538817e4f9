// The app's state, changed only through dispatch(); views re-render from it.
// It never holds vault content that would outlive a lock: 'locked' resets it.

const initial = () => ({
  screen: 'loading',   // 'loading' | 'create' | 'unlock' | 'app'
  section: 'home',     // which section of the app shell is shown
  settings: null,      // { auto_lock_minutes, auto_lock_choices, auto_lock_override_secs, data_dir }
  dataDir: '',
  notice: '',          // a message for the lock screen, e.g. why it locked
  intent: null,        // { section, ...data }: what the next section should do on arrival
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
      // An intent lets one section send the person to another with something to do
      // there, e.g. { newEntry: { prompt } } for the journal, { addIdea: {...} } for
      // the bucket list. The receiving view reads it once with takeIntent().
      return { ...s, section: action.section, intent: action.intent ? { section: action.section, ...action.intent } : null };
    case 'locked':
      return { ...initial(), screen: 'unlock', dataDir: s.dataDir, notice: action.notice || '' };
    default:
      throw new Error(`unknown action ${action.type}`);
  }
}

/** The intent addressed to `section`, once: it is cleared as it is read. */
export function takeIntent(section) {
  const intent = state.intent;
  if (!intent || intent.section !== section) return null;
  state = { ...state, intent: null };
  return intent;
}

export function dispatch(action) {
  const prev = state;
  state = reduce(state, action);
  for (const fn of listeners) fn(state, prev);
}
