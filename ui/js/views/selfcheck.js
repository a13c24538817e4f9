// The intimacy self-check: intro and history, taking a check (keyboard first,
// autosaved so a lock or restart resumes it), results with a chart and
// suggestions, and a partner's shared results side by side.
//
// Wording about scores is deliberately gentle: no totals, no ranking of partners.
// Names, dates and anything imported go into the page through textContent only.

import { api } from '../api.js';
import { h, template, announce, debounce } from '../dom.js';
import { allSections, navigate, registerSection } from '../sections.js';
import { takeIntent } from '../store.js';
import { barChart, trendChart } from './selfcheck/chart.js';

// The question bank is Hearth's own text, not vault content: fetched once. What a
// visit holds (the check in progress) lives in its context `sc`, made per visit.
let bank = null;        // { bank, dimensions: [{ id, label, about }] }

const label = (id) => bank.dimensions.find((d) => d.id === id)?.label ?? id;
const dimBank = (id) => bank.bank.dimensions.find((d) => d.id === id);
const dateText = (iso) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const hasSection = (id) => allSections().some((s) => s.id === id);
const pageCount = () => bank.bank.dimensions.length + 1; // + the warning signs page

async function loadBank() {
  bank ??= await api.selfcheckBank();
}

async function saveNow(sc) {
  if (!sc.take) return;
  await api.selfcheckSaveDraft(sc.take.position, sc.take.answers, sc.take.warning_signs);
}

function render(view, _state, life) {
  const intent = takeIntent('selfcheck');
  /** The visit: its element, its life, and the check in progress ({ position, answers, warning_signs }). */
  const sc = {
    view,
    life,
    take: null,
    saveSoon: debounce(() => saveNow(sc).catch(() => {}), 250, life.signal),
  };
  (async () => {
    await life.guard(loadBank());
    if (intent?.result) return showResult(sc, intent.result);
    return showHome(sc);
  })().catch((err) => view.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message)));
  // Leaving (another section, Lock, closing): save the check in progress.
  life.beforeLeave(() => saveNow(sc));
  life.onEnd(() => { sc.take = null; });
}

// ---------------------------------------------------------------- home

async function showHome(sc) {
  sc.take = null;
  sc.view.replaceChildren(template('selfcheck-home'));
  const [draft, history, partners] = await sc.life.guard(Promise.all([
    api.selfcheckDraft(), api.selfcheckHistory(), api.selfcheckPartnerResults(),
  ]));
  const actions = sc.view.querySelector('[data-start-actions]');
  if (draft && Object.keys(draft.answers).length + draft.warning_signs.length > 0) {
    const answered = countAnswered(draft.answers);
    actions.append(
      h('p', { class: 'sc-resume-note' }, `You have a check-in in progress, started ${dateText(draft.started_at)}: ${answered} of ${totalQuestions()} answers so far.`),
      h('button', { type: 'button', class: 'primary', 'data-action': 'resume', onclick: () => startTaking(sc, draft) }, 'Pick up where I left off'),
      h('button', { type: 'button', class: 'ghost', 'data-action': 'restart', onclick: async () => {
        await sc.life.guard(api.selfcheckDiscardDraft());
        startTaking(sc, null);
      } }, 'Start again'),
    );
  } else {
    actions.append(h('button', { type: 'button', class: 'primary', 'data-action': 'start', onclick: () => startTaking(sc, null) },
      history.length ? 'Start a new check-in' : 'Begin'));
  }

  if (history.length) {
    sc.view.querySelector('[data-history-panel]').hidden = false;
    const list = sc.view.querySelector('[data-history]');
    for (const entry of [...history].reverse()) {
      list.append(h('li', {}, h('button', { type: 'button', class: 'ghost', 'data-open-check': entry.id, onclick: () => showResult(sc, entry.id) },
        dateText(entry.taken_at))));
    }
    if (history.length >= 2) {
      sc.view.querySelector('[data-trend]').append(
        h('h3', {}, 'Over time'),
        h('p', { class: 'muted' }, 'How each area has felt "now" at every check-in.'),
        trendChart(history, bank.dimensions),
      );
      renderCompareTwo(sc.view.querySelector('[data-compare-two]'), history);
    }
  }

  const plist = sc.view.querySelector('[data-partner-list]');
  for (const p of partners) {
    plist.append(h('li', {}, h('button', { type: 'button', class: 'ghost', onclick: () => showPartner(sc, p.id) },
      `${p.display_name}, ${dateText(p.taken_at)}`)));
  }
  sc.view.querySelector('[data-action="import-partner"]').addEventListener('click', async () => {
    const error = sc.view.querySelector('[data-partner-error]');
    error.textContent = '';
    try {
      const imported = await sc.life.guard(api.selfcheckImportPartner());
      if (imported) showPartner(sc, imported.id);
    } catch (err) {
      error.textContent = err.message;
    }
  });
}

function renderCompareTwo(box, history) {
  const newest = history.length - 1;
  const pick = (name, selected) => h('select', { name, 'aria-label': name === 'a' ? 'Earlier check-in' : 'Later check-in' },
    history.map((e, i) => h('option', { value: i, selected: i === selected }, dateText(e.taken_at))));
  const a = pick('a', newest - 1);
  const b = pick('b', newest);
  const out = h('div', { 'data-compare-result': true });
  const draw = () => {
    const [x, y] = [history[a.value], history[b.value]];
    out.replaceChildren(h('table', { class: 'sc-table' },
      h('caption', { class: 'visually-hidden' }, 'Two check-ins side by side'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Area'),
        h('th', { scope: 'col' }, `${dateText(x.taken_at)}: now / wish`),
        h('th', { scope: 'col' }, `${dateText(y.taken_at)}: now / wish`))),
      h('tbody', {}, x.scores.dimensions.map((d) => {
        const other = y.scores.dimensions.find((o) => o.dimension === d.dimension);
        return h('tr', {}, h('th', { scope: 'row' }, label(d.dimension)),
          h('td', {}, `${d.now} / ${d.wish}`),
          h('td', {}, other ? `${other.now} / ${other.wish}` : '–'));
      }))));
  };
  a.addEventListener('change', draw);
  b.addEventListener('change', draw);
  box.append(h('h3', {}, 'Compare two check-ins'), h('div', { class: 'sc-compare-pick' }, a, h('span', { 'aria-hidden': 'true' }, 'and'), b), out);
  draw();
}

// ---------------------------------------------------------------- taking

const totalQuestions = () => bank.bank.dimensions.reduce((n, d) => n + d.items.length, 0) * 2;

function countAnswered(answers) {
  return Object.values(answers).reduce((n, a) => n + (a.now != null) + (a.wish != null), 0);
}

function startTaking(sc, draft) {
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

function groupsOnPage(sc) {
  return [...sc.view.querySelectorAll('[data-group]')];
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
    about.textContent = bank.dimensions.find((d) => d.id === dim.id).about;
    nextButton.textContent = 'Next';
    dim.items.forEach((item, n) => items.append(itemBlock(sc, item, n)));
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

function itemBlock(sc, item, n) {
  const a = sc.take.answers[item.id] ?? {};
  const group = (which, text) => h('div', { class: 'sc-group', role: 'radiogroup', 'data-group': `${item.id}:${which}`, 'aria-labelledby': `q-${item.id} q-${item.id}-${which}` },
    h('span', { id: `q-${item.id}-${which}`, class: 'sc-group-label' }, text),
    h('div', { class: 'sc-scale' }, bank.bank.scale.map((word, value) => h('label', { class: 'sc-choice' },
      h('input', { type: 'radio', name: `${item.id}-${which}`, value, checked: a[which] === value,
        onchange: () => answer(sc, item.id, which, value) }),
      h('span', { class: 'sc-num', 'aria-hidden': 'true' }, String(value)),
      h('span', { class: 'sc-word' }, word)))));
  return h('fieldset', { class: 'sc-item', 'data-item': item.id },
    h('legend', { id: `q-${item.id}` }, h('span', { class: 'sc-item-n', 'aria-hidden': 'true' }, `${n + 1}`), item.text),
    group('now', 'How it is now'), group('wish', 'How I wish it were'));
}

function answer(sc, id, which, value) {
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
  const missing = groupsOnPage(sc).find((g) => !g.querySelector('input:checked'));
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

// ---------------------------------------------------------------- results

async function showResult(sc, id, given) {
  sc.take = null;
  const result = given ?? await sc.life.guard(api.selfcheckResult(id));
  if (!result) return showHome(sc);
  const { check, insights } = result;
  sc.view.replaceChildren(template('selfcheck-result'));
  sc.view.querySelector('[data-action="to-home"]').addEventListener('click', () => showHome(sc));
  sc.view.querySelector('[data-result-date]').textContent = `Taken on ${dateText(check.taken_at)}.`;
  sc.view.querySelector('[data-chart]').append(barChart(
    check.scores.dimensions.map((d) => ({ label: label(d.dimension), a: d.now, b: d.wish })),
    { title: 'How it is now and how you wish it were, for each area, from 0 to 100', a: 'Now', b: 'Wish' },
  ));
  sc.view.querySelector('[data-support]').hidden = !insights.suggest_support;

  const strengths = sc.view.querySelector('[data-strengths]');
  for (const id of insights.strengths) {
    const s = check.scores.dimensions.find((d) => d.dimension === id);
    strengths.append(h('article', { class: 'card sc-strength' },
      h('h3', {}, label(id)), h('p', {}, dimBank(id).strength), h('p', { class: 'muted' }, `Now ${s.now} of 100.`)));
  }

  const talk = sc.view.querySelector('[data-talk]');
  for (const id of insights.talk_about) {
    const d = dimBank(id);
    const s = check.scores.dimensions.find((x) => x.dimension === id);
    const journal = d.suggestions.journal;
    const activity = d.suggestions.activity;
    talk.append(h('article', { class: 'card sc-area', 'data-area': id },
      h('h3', {}, label(id)),
      h('p', { class: 'muted' }, `Now ${s.now}, wished for ${s.wish}.`),
      h('p', {}, d.talk),
      h('ul', { class: 'sc-suggestions' },
        h('li', { 'data-suggestion': 'journal' }, h('strong', {}, 'To write about: '), journal.prompt,
          hasSection('journal') && h('button', { type: 'button', class: 'secondary small',
            onclick: () => navigate('journal', { newEntry: { prompt: journal.prompt } }) }, 'Write about this')),
        h('li', { 'data-suggestion': 'activity' }, h('strong', {}, 'To do together: '), `${activity.title}. ${activity.notes}`,
          hasSection('bucket') && h('button', { type: 'button', class: 'secondary small',
            onclick: () => navigate('bucket', { addIdea: { title: activity.title, notes: activity.notes, kind: activity.kind } }) }, 'Add to our bucket list')),
        h('li', { 'data-suggestion': 'habit' }, h('strong', {}, 'This week: '), d.suggestions.habit.text))));
  }

  const form = sc.view.querySelector('form[data-form="share"]');
  sc.life.guard(api.names()).then((n) => { form.elements.displayName.value = n.me; }).catch(() => {});
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [error, success] = [form.querySelector('[data-error]'), form.querySelector('[data-success]')];
    error.textContent = '';
    success.textContent = '';
    try {
      const done = await sc.life.guard(api.selfcheckExportShare(check.id, form.elements.displayName.value, form.elements.includeAnswers.checked));
      if (done) success.textContent = `Saved as ${done.file_name}. Send it to your partner however you like; they can open it in their own Hearth.`;
    } catch (err) {
      error.textContent = err.message;
    }
  });
  sc.view.querySelector('h1').focus?.();
}

// ---------------------------------------------------------------- partner

async function showPartner(sc, id) {
  const cmp = await sc.life.guard(api.selfcheckPartnerCompare(id));
  if (!cmp) return showHome(sc);
  sc.view.replaceChildren(template('selfcheck-partner'));
  sc.view.querySelector('[data-action="to-home"]').addEventListener('click', () => showHome(sc));
  const them = cmp.partner.display_name;
  sc.view.querySelector('[data-partner-lead]').textContent =
    `${them}'s check-in from ${dateText(cmp.partner.taken_at)}` + (cmp.mine ? `, beside yours from ${dateText(cmp.mine.taken_at)}.` : '.');
  const body = sc.view.querySelector('[data-partner-body]');
  if (!cmp.mine) {
    body.append(h('p', { class: 'card' }, `Take a check-in of your own to see it beside ${them}'s. Here are their figures for now.`));
  }
  const rows = cmp.mine ? cmp.rows : cmp.partner.scores.dimensions.map((d) => ({ dimension: d.dimension, theirs: d, mine: null, worth_talking: false }));
  body.append(h('table', { class: 'sc-table sc-side' },
    h('caption', {}, 'Each of you, from 0 to 100'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Area'),
      cmp.mine && h('th', { scope: 'col' }, `${cmp.my_name}: now / wish`),
      h('th', { scope: 'col' }, `${them}: now / wish`),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Note')))),
    h('tbody', {}, rows.map((r) => h('tr', { 'data-row': r.dimension, class: r.worth_talking ? 'flagged' : '' },
      h('th', { scope: 'row' }, label(r.dimension)),
      r.mine && h('td', {}, `${r.mine.now} / ${r.mine.wish}`),
      h('td', {}, `${r.theirs.now} / ${r.theirs.wish}`),
      h('td', {}, r.worth_talking ? h('span', { class: 'sc-flag' }, 'Worth talking about') : ''))))));
  if (cmp.mine && rows.some((r) => r.worth_talking)) {
    body.append(h('p', { class: 'muted' }, 'Where you see things quite differently, ask each other what it feels like from your side, and listen before answering. Neither view is the right one.'));
  } else if (cmp.mine) {
    body.append(h('p', { class: 'muted' }, 'You see things in much the same way. Talking about your wishes can still bring you closer.'));
  }
}

registerSection({ id: 'selfcheck', label: 'Self-check', order: 20, render });
