// Small DOM helpers. Text only ever goes in through textContent or .value.

/** Clones the <template id="tpl-NAME"> into a fragment. Templates hold static markup only. */
export function template(name) {
  const tpl = document.getElementById(`tpl-${name}`);
  return tpl.content.cloneNode(true);
}

/** Creates an element; string children become text nodes, never markup. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * Opens the <template id="tpl-NAME"> dialog inside `parent` as a modal, calls
 * `setup(dialog, close)`, and focuses its first field (or its main button). Cancel
 * buttons and Escape close it; closing removes it and gives focus back to where it
 * was (once enabled again, if the opener is a button still busy with what the
 * dialog was for), or calls `refocus` if that element is gone.
 */
export function showDialog(parent, name, setup, refocus = () => {}) {
  const opener = document.activeElement;
  const dialog = template(name).firstElementChild;
  parent.append(dialog);
  const close = () => dialog.close();
  for (const button of dialog.querySelectorAll('[data-action="cancel"]')) button.addEventListener('click', close);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected && opener !== document.body) focusWhenEnabled(opener);
    else refocus();
  });
  setup?.(dialog, close);
  dialog.showModal();
  (dialog.querySelector('[autofocus], input:not([type=checkbox]), textarea, select, button.primary') ?? dialog).focus();
  return dialog;
}

/** Focuses `el` now, or as soon as it is no longer disabled. */
export function focusWhenEnabled(el) {
  if (!el.disabled) {
    el.focus();
    return;
  }
  const watch = new MutationObserver(() => {
    if (el.disabled) return;
    watch.disconnect();
    if (el.isConnected && (document.activeElement === document.body || !document.activeElement)) el.focus();
  });
  watch.observe(el, { attributes: true, attributeFilter: ['disabled'] });
}

/** Says something to screen readers through the polite live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A fresh text node after a tick, so repeated messages are read again.
  setTimeout(() => { region.textContent = message; }, 30);
}

/**
 * Calls `fn` once `ms` have passed without another call. With `signal` (a view's
 * Life.signal), a call still waiting is dropped when the view ends.
 */
export function debounce(fn, ms, signal) {
  let timer;
  signal?.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return (...args) => {
    clearTimeout(timer);
    if (signal?.aborted) return;
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Wires a Show/Hide button to a password field. */
export function wireReveal(root) {
  for (const button of root.querySelectorAll('[data-reveal]')) {
    const input = root.querySelector(`#${button.dataset.reveal}`);
    button.addEventListener('click', () => {
      const show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      button.textContent = show ? 'Hide' : 'Show';
      button.setAttribute('aria-pressed', String(show));
      button.setAttribute('aria-label', show ? 'Hide passphrase' : 'Show passphrase');
      input.focus();
    });
  }
}

export function formatMinutes(minutes) {
  return minutes === 1 ? '1 minute' : minutes === 60 ? '1 hour' : `${minutes} minutes`;
}
