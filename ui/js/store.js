// The app's state, changed only through dispatch(); views re-render from it.
// It never holds vault content that would outlive a lock: 'locked' resets it.

const initial = () => ({
  screen: 'loading',   // 'loading' | 'create' | 'unlock' | 'app'
  section: 'home',     // which section of the app shell is shown
  settings: null,      // { auto_lock_minutes, auto_lock_choices, auto_lock_override_secs, data_dir }
  dataDir: '',
  hearths: [],         // this computer's Hearths, [{ id, name }], for the lock screen
  current: 'first',    // which of them the lock screen is for
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
      return {
        ...s,
        dataDir: action.status.data_dir,
        hearths: action.status.hearths,
        current: action.status.current,
        screen: action.status.unlocked ? 'app' : action.status.vault_exists ? 'unlock' : 'create',
      };
    case 'unlocked':
      return { ...s, screen: 'app', section: 'home', settings: action.settings, notice: '' };
    case 'settings':
      return { ...s, settings: action.settings };
    case 'hearths':
      return { ...s, hearths: action.hearths, current: action.current };
    case 'hearth-named':
      return {
        ...s,
        settings: s.settings && { ...s.settings, hearth_name: action.name },
        hearths: s.hearths.map((x) => (x.id === action.id ? { ...x, name: action.name } : x)),
      };
    case 'navigate':
      // An intent lets one section send the person to another with something to do
      // there, e.g. { newEntry: { prompt } } for the journal, { addIdea: {...} } for
      // the bucket list. The receiving view reads it once with takeIntent().
      return { ...s, section: action.section, intent: action.intent ? { section: action.section, ...action.intent } : null };
    case 'locked':
      return { ...initial(), screen: 'unlock', dataDir: s.dataDir, hearths: s.hearths, current: s.current, notice: action.notice || '' };
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
