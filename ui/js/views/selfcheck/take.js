// Taking a check-in: a page per area, keyboard first (number keys answer, arrows
// move), saved as a draft shortly after every answer and before the view is left.

import { api } from '../../api.js';
import { announce, h, template } from '../../dom.js';
import { bank, countAnswered, label, labelsFor, pageCount, safetyPage, saveNow, totalQuestions } from './common.js';
import { showHome } from './home.js';
import { showResult } from './results.js';

export function startTaking(sc, draft) {
  sc.take = draft
    ? { position: Math.min(draft.position, pageCount() - 1), answers: draft.answers, warning_signs: draft.warning_signs }
    : { position: 0, answers: {}, warning_signs: [] };
  sc.view.replaceChildren(template('selfcheck-take'));
  const form = sc.view.querySelector('form');
  form.addEventListener('submit', (e) => { e.preventDefault(); next(sc); });
  sc.view.querySelector('[data-action="back"]').addEventListener('click', () => go(sc, sc.take.position - 1));
  sc.view.querySelector('[data-action="pause"]').addEventListener('click', async () => {
    await saveNow(sc);
    announce('Saved. You can pick up where you left off any time.');
    showHome(sc);
  });
  form.addEventListener('keydown', (e) => onKey(sc, e));
  if (!draft) saveNow(sc).catch(() => {});
  drawPage(sc);
}

// The answer groups still to be answered by number keys: not those of items
// marked "doesn't apply".
function groupsOnPage(sc) {
  return [...sc.view.querySelectorAll('[data-item]:not([data-na="true"]) [data-group]')];
}

function drawPage(sc) {
  const pos = sc.take.position;
  const items = sc.view.querySelector('[data-items]');
  const title = sc.view.querySelector('[data-page-title]');
  const about = sc.view.querySelector('[data-page-about]');
  sc.view.querySelector('[data-error]').textContent = '';
  sc.view.querySelector('[data-action="back"]').hidden = pos === 0;
  const nextButton = sc.view.querySelector('[data-action="next"]');
  items.replaceChildren();
  if (pos < bank.bank.dimensions.length) {
    const dim = bank.bank.dimensions[pos];
    title.textContent = label(dim.id);
    about.textContent = dim.about ?? bank.dimensions.find((d) => d.id === dim.id).about;
    nextButton.textContent = 'Next';
    dim.items.forEach((item, n) => items.append(itemBlock(sc, item, n)));
  } else if (pos === safetyPage()) {
    const safety = bank.bank.safety;
    title.textContent = safety.title;
    about.textContent = safety.about;
    nextButton.textContent = 'Next';
    safety.items.forEach((item, n) => items.append(itemBlock(sc, item, n, { safety: true })));
  } else {
    title.textContent = 'Lately…';
    about.textContent = 'Tick anything that has been true for you recently. It only shapes the suggestions you see, and never leaves your vault.';
    nextButton.textContent = 'See my results';
    items.append(h('fieldset', { class: 'sc-signs' }, h('legend', { class: 'visually-hidden' }, 'Things that have been true lately'),
      bank.bank.warning_signs.map((w) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'sign', value: w.id, checked: sc.take.warning_signs.includes(w.id),
          onchange: (e) => {
            sc.take.warning_signs = e.target.checked
              ? [...new Set([...sc.take.warning_signs, w.id])]
              : sc.take.warning_signs.filter((x) => x !== w.id);
            sc.saveSoon();
          } }), w.text))));
  }
  updateProgress(sc);
  const first = groupsOnPage(sc).find((g) => !g.querySelector('input:checked')) ?? groupsOnPage(sc)[0];
  (first ? focusGroup(first) : items.querySelector('input'))?.focus();
}

// One statement: "now" and "wish" on the scale that fits it, and "doesn't apply
// to us" where the bank offers it. A safety question is answered for now only,
// and may be left blank.
function itemBlock(sc, item, n, { safety = false } = {}) {
  const a = sc.take.answers[item.id] ?? {};
  const group = (which, text) => h('div', { class: 'sc-group', role: 'radiogroup', 'data-group': `${item.id}:${which}`, 'data-optional': safety, 'aria-labelledby': `q-${item.id} q-${item.id}-${which}` },
    h('span', { id: `q-${item.id}-${which}`, class: 'sc-group-label' }, text),
    h('div', { class: 'sc-scale' }, labelsFor(item).map((word, value) => h('label', { class: 'sc-choice' },
      h('input', { type: 'radio', name: `${item.id}-${which}`, value, checked: a[which] === value, disabled: a.not_applicable,
        onchange: () => answer(sc, item.id, which, value) }),
      h('span', { class: 'sc-num', 'aria-hidden': 'true' }, String(value)),
      h('span', { class: 'sc-word' }, word)))));
  const na = !safety && bank.bank.not_applicable && h('label', { class: 'check sc-na' },
    h('input', { type: 'checkbox', name: `${item.id}-na`, checked: a.not_applicable,
      onchange: (e) => setNotApplicable(sc, item.id, e.target.checked) }),
    bank.bank.not_applicable);
  return h('fieldset', { class: 'sc-item', 'data-item': item.id, 'data-na': a.not_applicable ? 'true' : 'false' },
    h('legend', { id: `q-${item.id}` }, h('span', { class: 'sc-item-n', 'aria-hidden': 'true' }, `${n + 1}`), item.text),
    safety ? group('now', 'How it is') : [group('now', 'How it is now'), group('wish', 'How I wish it were')],
    na);
}

function setNotApplicable(sc, id, on) {
  const block = sc.view.querySelector(`[data-item="${id}"]`);
  sc.take.answers[id] = on ? { not_applicable: true } : {};
  block.dataset.na = String(on);
  for (const radio of block.querySelectorAll('input[type=radio]')) {
    radio.disabled = on;
    radio.checked = false;
  }
  const box = block.querySelector(`input[name="${id}-na"]`);
  if (box) box.checked = on;
  updateProgress(sc);
  sc.saveSoon();
}

function answer(sc, id, which, value) {
  if (sc.take.answers[id]?.not_applicable) setNotApplicable(sc, id, false);
  sc.take.answers[id] = { ...(sc.take.answers[id] ?? {}), [which]: value };
  const radio = sc.view.querySelector(`input[name="${id}-${which}"][value="${value}"]`);
  if (radio && !radio.checked) radio.checked = true;
  updateProgress(sc);
  sc.saveSoon();
}

function focusGroup(group) {
  return group.querySelector('input:checked') ?? group.querySelector('input');
}

function updateProgress(sc) {
  const done = countAnswered(sc.take.answers);
  const total = totalQuestions();
  const bar = sc.view.querySelector('[data-progress]');
  bar.setAttribute('aria-valuemax', total);
  bar.setAttribute('aria-valuenow', done);
  bar.setAttribute('aria-valuetext', `${done} of ${total} answered`);
  bar.querySelector('span').style.width = `${(100 * done) / total}%`;
  sc.view.querySelector('[data-progress-label]').textContent = `Page ${sc.take.position + 1} of ${pageCount()} · ${done} of ${total} answered`;
}

function onKey(sc, e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const groups = groupsOnPage(sc);
  const current = e.target.closest?.('[data-group]');
  const index = groups.indexOf(current);
  if (current && /^[0-4]$/.test(e.key)) {
    e.preventDefault();
    const [id, which] = current.dataset.group.split(':');
    answer(sc, id, which, Number(e.key));
    const after = groups[index + 1];
    (after ? focusGroup(after) : sc.view.querySelector('[data-action="next"]')).focus();
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    if (!current && e.target.type !== 'checkbox') return;
    e.preventDefault();
    if (current) {
      const to = groups[index + (e.key === 'ArrowDown' ? 1 : -1)];
      if (to) focusGroup(to).focus();
    } else {
      const boxes = [...sc.view.querySelectorAll('input[type=checkbox]')];
      boxes[boxes.indexOf(e.target) + (e.key === 'ArrowDown' ? 1 : -1)]?.focus();
    }
  } else if (e.key === 'ArrowRight' || (e.key === 'Enter' && e.target.tagName === 'INPUT')) {
    e.preventDefault();
    next(sc);
  } else if (e.key === 'ArrowLeft') {
    e.preventDefault();
    if (sc.take.position > 0) go(sc, sc.take.position - 1);
  }
}

function go(sc, position) {
  sc.take.position = Math.max(0, Math.min(position, pageCount() - 1));
  sc.saveSoon();
  drawPage(sc);
  sc.view.scrollTo?.(0, 0);
  announce(sc.view.querySelector('[data-page-title]').textContent);
}

async function next(sc) {
  const missing = groupsOnPage(sc).find((g) => !g.querySelector('input:checked') && g.dataset.optional == null);
  if (missing) {
    sc.view.querySelector('[data-error]').textContent = 'A few answers are still missing on this page. Any number is fine; go with your first feeling.';
    focusGroup(missing).focus();
    return;
  }
  if (sc.take.position < pageCount() - 1) return go(sc, sc.take.position + 1);
  try {
    const result = await sc.life.guard(api.selfcheckComplete(sc.take.answers, sc.take.warning_signs));
    sc.take = null;
    announce('Your results are ready.');
    showResult(sc, result.check.id, result);
  } catch (err) {
    sc.view.querySelector('[data-error]').textContent = err.message;
  }
}
