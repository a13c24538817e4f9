// The first page after unlocking: what Hearth is doing to keep the vault safe.

import { template, formatMinutes } from '../dom.js';
import { registerSection } from '../sections.js';

function renderHome(view, state) {
  view.replaceChildren(template('home'));
  const s = state.settings;
  view.querySelector('[data-autolock]').textContent = s.auto_lock_override_secs
    ? `${s.auto_lock_override_secs} seconds`
    : formatMinutes(s.auto_lock_minutes);
  view.querySelector('[data-datadir]').textContent = s.data_dir;
}

registerSection({ id: 'home', label: 'Home', order: 0, render: renderHome });
