// Keyboard shortcuts. The table comes from Rust with the app's status
// (src-tauri/src/shortcuts.rs): ⌘ on macOS, Ctrl on Windows and Linux. Key
// handlers ask `matches`, and every place that shows a shortcut is filled from the
// same table, so what the window says is what it does. This module holds no key of
// its own.
//
// In the templates (ui/index.html):
//   data-shortcut="ACTION"        gets aria-keyshortcuts, and a tooltip naming it;
//                                 on a field with data-shortcut-placeholder="TEXT",
//                                 the placeholder "TEXT (⌘F)" instead of a tooltip.
//   data-shortcut-keys="ACTION"   is filled with the keys, one <kbd> each.

import { h } from './dom.js';

const table = new Map();

/** Takes the shortcuts from `app_status` and writes them into every template. */
export function useShortcuts(list) {
  table.clear();
  for (const s of list ?? []) table.set(s.action, s);
  for (const tpl of document.querySelectorAll('template')) show(tpl.content);
}

/** Whether a keydown is the shortcut for `action`: its one modifier and its letter. */
export function matches(event, action) {
  const s = table.get(action);
  if (!s || event.altKey || event.shiftKey) return false;
  const other = s.modifier === 'meta' ? event.ctrlKey : event.metaKey;
  return event[`${s.modifier}Key`] && !other && event.key.toLowerCase() === s.key;
}

function show(root) {
  for (const el of root.querySelectorAll('[data-shortcut]')) {
    const s = table.get(el.dataset.shortcut);
    if (!s) continue;
    el.setAttribute('aria-keyshortcuts', s.aria);
    if ('shortcutPlaceholder' in el.dataset) el.placeholder = `${el.dataset.shortcutPlaceholder} (${s.label})`;
    else el.title = `${s.description} (${s.label})`;
  }
  for (const el of root.querySelectorAll('[data-shortcut-keys]')) {
    const s = table.get(el.dataset.shortcutKeys);
    if (!s) continue;
    el.replaceChildren(...s.keys.flatMap((key, i) => (i && s.separator ? [s.separator, h('kbd', {}, key)] : [h('kbd', {}, key)])));
  }
}
