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
import { fearSection, howScored, safetyNote, versionsNote, wishLess } from './selfcheck/support.js';

let bank = null;        // { bank, dimensions: [{ id, label, about }] }
let take = null;        // the check in progress: { position, answers, warning_signs }
let saveSoon = null;

const label = (id) => bank.dimensions.find((d) => d.id === id)?.label ?? id;
const dimBank = (id) => bank.bank.dimensions.find((d) => d.id === id);
const dateText = (iso) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const hasSection = (id) => allSections().some((s) => s.id === id);
const safetyPage = () => (bank.bank.safety ? bank.bank.dimensions.length : -1);
// The areas, then the safety questions (bank v2 on), then the "Lately" page.
const pageCount = () => bank.bank.dimensions.length + (bank.bank.safety ? 1 : 0) + 1;
const labelsFor = (item) => bank.bank.scales[item.scale] ?? bank.bank.scales.agree;

async function loadBank() {
  bank ??= await api.selfcheckBank();
}

async function saveNow() {
  if (!take) return;
  await api.selfcheckSaveDraft(take.position, take.answers, take.warning_signs);
}

function render(view) {
  const intent = takeIntent('selfcheck');
  (async () => {
    await loadBank();
    if (intent?.result) return showResult(view, intent.result);
    showHome(view);
  })().catch((err) => view.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message)));
  // Leaving (another section, lock, closing): save the check in progress.
  return { leave: () => saveNow() };
}

// ---------------------------------------------------------------- home

async function showHome(view) {
  take = null;
  view.replaceChildren(template('selfcheck-home'));
  const [draft, history, partners] = await Promise.all([
    api.selfcheckDraft(), api.selfcheckHistory(), api.selfcheckPartnerResults(),
  ]);
  const actions = view.querySelector('[data-start-actions]');
  if (draft && Object.keys(draft.answers).length + draft.warning_signs.length > 0) {
    const answered = countAnswered(draft.answers);
    actions.append(
      h('p', { class: 'sc-resume-note' }, `You have a check-in in progress, started ${dateText(draft.started_at)}: ${answered} of ${totalQuestions()} answers so far.`),
      h('button', { type: 'button', class: 'primary', 'data-action': 'resume', onclick: () => startTaking(view, draft) }, 'Pick up where I left off'),
      h('button', { type: 'button', class: 'ghost', 'data-action': 'restart', onclick: async () => {
        await api.selfcheckDiscardDraft();
        startTaking(view, null);
      } }, 'Start again'),
    );
  } else {
    actions.append(h('button', { type: 'button', class: 'primary', 'data-action': 'start', onclick: () => startTaking(view, null) },
      history.length ? 'Start a new check-in' : 'Begin'));
  }

  if (history.length) {
    view.querySelector('[data-history-panel]').hidden = false;
    const list = view.querySelector('[data-history]');
    for (const entry of [...history].reverse()) {
      list.append(h('li', {}, h('button', { type: 'button', class: 'ghost', 'data-open-check': entry.id, onclick: () => showResult(view, entry.id) },
        dateText(entry.taken_at))));
    }
    if (history.length >= 2) {
      view.querySelector('[data-trend]').append(
        h('h3', {}, 'Over time'),
        h('p', { class: 'muted' }, 'How each area has felt "now" at every check-in.'),
        trendChart(history, bank.dimensions),
        versionsNote(history.map((e) => e.bank_version)),
      );
      renderCompareTwo(view.querySelector('[data-compare-two]'), history);
    }
  }

  const plist = view.querySelector('[data-partner-list]');
  for (const p of partners) {
    plist.append(h('li', {}, h('button', { type: 'button', class: 'ghost', onclick: () => showPartner(view, p.id) },
      `${p.display_name}, ${dateText(p.taken_at)}`)));
  }
  view.querySelector('[data-action="import-partner"]').addEventListener('click', async () => {
    const error = view.querySelector('[data-partner-error]');
    error.textContent = '';
    try {
      const imported = await api.selfcheckImportPartner();
      if (imported) showPartner(view, imported.id);
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
    const areas = bank.dimensions.filter((d) => [x, y].some((e) => e.scores.dimensions.some((s) => s.dimension === d.id)));
    const cell = (e, id) => {
      const s = e.scores.dimensions.find((o) => o.dimension === id);
      return h('td', {}, s ? `${s.now} / ${s.wish}` : 'Not scored');
    };
    out.replaceChildren(versionsNote([x.bank_version, y.bank_version]) ?? '', h('table', { class: 'sc-table' },
      h('caption', { class: 'visually-hidden' }, 'Two check-ins side by side'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Area'),
        h('th', { scope: 'col' }, `${dateText(x.taken_at)}: now / wish`),
        h('th', { scope: 'col' }, `${dateText(y.taken_at)}: now / wish`))),
      h('tbody', {}, areas.map((d) => h('tr', {}, h('th', { scope: 'row' }, d.label), cell(x, d.id), cell(y, d.id))))));
  };
  a.addEventListener('change', draw);
  b.addEventListener('change', draw);
  box.append(h('h3', {}, 'Compare two check-ins'), h('div', { class: 'sc-compare-pick' }, a, h('span', { 'aria-hidden': 'true' }, 'and'), b), out);
  draw();
}

// ---------------------------------------------------------------- taking

// Two answers (now and wish) per item, one per safety question.
const totalQuestions = () => bank.bank.dimensions.reduce((n, d) => n + d.items.length, 0) * 2
  + (bank.bank.safety?.items.length ?? 0);

function countAnswered(answers) {
  return Object.values(answers).reduce((n, a) => n + (a.not_applicable ? 2 : (a.now != null) + (a.wish != null)), 0);
}

function startTaking(view, draft) {
  take = draft
    ? { position: Math.min(draft.position, pageCount() - 1), answers: draft.answers, warning_signs: draft.warning_signs }
    : { position: 0, answers: {}, warning_signs: [] };
  saveSoon = debounce(() => saveNow().catch(() => {}), 250);
  view.replaceChildren(template('selfcheck-take'));
  const form = view.querySelector('form');
  form.addEventListener('submit', (e) => { e.preventDefault(); next(view); });
  view.querySelector('[data-action="back"]').addEventListener('click', () => go(view, take.position - 1));
  view.querySelector('[data-action="pause"]').addEventListener('click', async () => {
    await saveNow();
    announce('Saved. You can pick up where you left off any time.');
    showHome(view);
  });
  form.addEventListener('keydown', (e) => onKey(view, e));
  if (!draft) saveNow().catch(() => {});
  drawPage(view);
}

// The answer groups still to be answered by number keys: not those of items
// marked "doesn't apply".
function groupsOnPage(view) {
  return [...view.querySelectorAll('[data-item]:not([data-na="true"]) [data-group]')];
}

function drawPage(view) {
  const pos = take.position;
  const items = view.querySelector('[data-items]');
  const title = view.querySelector('[data-page-title]');
  const about = view.querySelector('[data-page-about]');
  view.querySelector('[data-error]').textContent = '';
  view.querySelector('[data-action="back"]').hidden = pos === 0;
  const nextButton = view.querySelector('[data-action="next"]');
  items.replaceChildren();
  if (pos < bank.bank.dimensions.length) {
    const dim = bank.bank.dimensions[pos];
    title.textContent = label(dim.id);
    about.textContent = dim.about ?? bank.dimensions.find((d) => d.id === dim.id).about;
    nextButton.textContent = 'Next';
    dim.items.forEach((item, n) => items.append(itemBlock(view, item, n)));
  } else if (pos === safetyPage()) {
    const safety = bank.bank.safety;
    title.textContent = safety.title;
    about.textContent = safety.about;
    nextButton.textContent = 'Next';
    safety.items.forEach((item, n) => items.append(itemBlock(view, item, n, { safety: true })));
  } else {
    title.textContent = 'Lately…';
    about.textContent = 'Tick anything that has been true for you recently. It only shapes the suggestions you see, and never leaves your vault.';
    nextButton.textContent = 'See my results';
    items.append(h('fieldset', { class: 'sc-signs' }, h('legend', { class: 'visually-hidden' }, 'Things that have been true lately'),
      bank.bank.warning_signs.map((w) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'sign', value: w.id, checked: take.warning_signs.includes(w.id),
          onchange: (e) => {
            take.warning_signs = e.target.checked
              ? [...new Set([...take.warning_signs, w.id])]
              : take.warning_signs.filter((x) => x !== w.id);
            saveSoon();
          } }), w.text))));
  }
  updateProgress(view);
  const first = groupsOnPage(view).find((g) => !g.querySelector('input:checked')) ?? groupsOnPage(view)[0];
  (first ? focusGroup(first) : items.querySelector('input'))?.focus();
}

// One statement: "now" and "wish" on the scale that fits it, and "doesn't apply
// to us" where the bank offers it. A safety question is answered for now only,
// and may be left blank.
function itemBlock(view, item, n, { safety = false } = {}) {
  const a = take.answers[item.id] ?? {};
  const group = (which, text) => h('div', { class: 'sc-group', role: 'radiogroup', 'data-group': `${item.id}:${which}`, 'data-optional': safety, 'aria-labelledby': `q-${item.id} q-${item.id}-${which}` },
    h('span', { id: `q-${item.id}-${which}`, class: 'sc-group-label' }, text),
    h('div', { class: 'sc-scale' }, labelsFor(item).map((word, value) => h('label', { class: 'sc-choice' },
      h('input', { type: 'radio', name: `${item.id}-${which}`, value, checked: a[which] === value, disabled: a.not_applicable,
        onchange: () => answer(view, item.id, which, value) }),
      h('span', { class: 'sc-num', 'aria-hidden': 'true' }, String(value)),
      h('span', { class: 'sc-word' }, word)))));
  const na = !safety && bank.bank.not_applicable && h('label', { class: 'check sc-na' },
    h('input', { type: 'checkbox', name: `${item.id}-na`, checked: a.not_applicable,
      onchange: (e) => setNotApplicable(view, item.id, e.target.checked) }),
    bank.bank.not_applicable);
  return h('fieldset', { class: 'sc-item', 'data-item': item.id, 'data-na': a.not_applicable ? 'true' : 'false' },
    h('legend', { id: `q-${item.id}` }, h('span', { class: 'sc-item-n', 'aria-hidden': 'true' }, `${n + 1}`), item.text),
    safety ? group('now', 'How it is') : [group('now', 'How it is now'), group('wish', 'How I wish it were')],
    na);
}

function setNotApplicable(view, id, on) {
  const block = view.querySelector(`[data-item="${id}"]`);
  take.answers[id] = on ? { not_applicable: true } : {};
  block.dataset.na = String(on);
  for (const radio of block.querySelectorAll('input[type=radio]')) {
    radio.disabled = on;
    radio.checked = false;
  }
  const box = block.querySelector(`input[name="${id}-na"]`);
  if (box) box.checked = on;
  updateProgress(view);
  saveSoon();
}

function answer(view, id, which, value) {
  if (take.answers[id]?.not_applicable) setNotApplicable(view, id, false);
  take.answers[id] = { ...(take.answers[id] ?? {}), [which]: value };
  const radio = view.querySelector(`input[name="${id}-${which}"][value="${value}"]`);
  if (radio && !radio.checked) radio.checked = true;
  updateProgress(view);
  saveSoon();
}

function focusGroup(group) {
  return group.querySelector('input:checked') ?? group.querySelector('input');
}

function updateProgress(view) {
  const done = countAnswered(take.answers);
  const total = totalQuestions();
  const bar = view.querySelector('[data-progress]');
  bar.setAttribute('aria-valuemax', total);
  bar.setAttribute('aria-valuenow', done);
  bar.setAttribute('aria-valuetext', `${done} of ${total} answered`);
  bar.querySelector('span').style.width = `${(100 * done) / total}%`;
  view.querySelector('[data-progress-label]').textContent = `Page ${take.position + 1} of ${pageCount()} · ${done} of ${total} answered`;
}

function onKey(view, e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const groups = groupsOnPage(view);
  const current = e.target.closest?.('[data-group]');
  const index = groups.indexOf(current);
  if (current && /^[0-4]$/.test(e.key)) {
    e.preventDefault();
    const [id, which] = current.dataset.group.split(':');
    answer(view, id, which, Number(e.key));
    const after = groups[index + 1];
    (after ? focusGroup(after) : view.querySelector('[data-action="next"]')).focus();
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    if (!current && e.target.type !== 'checkbox') return;
    e.preventDefault();
    if (current) {
      const to = groups[index + (e.key === 'ArrowDown' ? 1 : -1)];
      if (to) focusGroup(to).focus();
    } else {
      const boxes = [...view.querySelectorAll('input[type=checkbox]')];
      boxes[boxes.indexOf(e.target) + (e.key === 'ArrowDown' ? 1 : -1)]?.focus();
    }
  } else if (e.key === 'ArrowRight' || (e.key === 'Enter' && e.target.tagName === 'INPUT')) {
    e.preventDefault();
    next(view);
  } else if (e.key === 'ArrowLeft') {
    e.preventDefault();
    if (take.position > 0) go(view, take.position - 1);
  }
}

function go(view, position) {
  take.position = Math.max(0, Math.min(position, pageCount() - 1));
  saveSoon();
  drawPage(view);
  view.scrollTo?.(0, 0);
  announce(view.querySelector('[data-page-title]').textContent);
}

async function next(view) {
  const missing = groupsOnPage(view).find((g) => !g.querySelector('input:checked') && g.dataset.optional == null);
  if (missing) {
    view.querySelector('[data-error]').textContent = 'A few answers are still missing on this page. Any number is fine; go with your first feeling.';
    focusGroup(missing).focus();
    return;
  }
  if (take.position < pageCount() - 1) return go(view, take.position + 1);
  try {
    const result = await api.selfcheckComplete(take.answers, take.warning_signs);
    take = null;
    announce('Your results are ready.');
    showResult(view, result.check.id, result);
  } catch (err) {
    view.querySelector('[data-error]').textContent = err.message;
  }
}

// ---------------------------------------------------------------- results

async function showResult(view, id, given) {
  take = null;
  const result = given ?? await api.selfcheckResult(id);
  if (!result) return showHome(view);
  const { check, insights } = result;
  view.replaceChildren(template('selfcheck-result'));
  view.querySelector('[data-action="to-home"]').addEventListener('click', () => showHome(view));
  view.querySelector('[data-result-date]').textContent = `Taken on ${dateText(check.taken_at)}.`;
  view.querySelector('[data-chart]').append(barChart(
    check.scores.dimensions.map((d) => ({ label: label(d.dimension), a: d.now, b: d.wish })),
    { title: 'How it is now and how you wish it were, for each area, from 0 to 100', a: 'Now', b: 'Wish' },
  ));
  // Someone who may not be safe sees the safety note first, individual help in
  // it, no couples counselling and no way to share these results.
  if (insights.safety) {
    view.querySelector('[data-safety-slot]').replaceWith(safetyNote(bank));
    view.querySelector('[data-share-panel]').remove();
    view.querySelector('[data-safety-talk]').hidden = false;
  }
  view.querySelector('[data-support]').hidden = !insights.suggest_support || insights.safety;
  const scoreOf = (id) => check.scores.dimensions.find((d) => d.dimension === id);
  if (insights.not_scored.length) {
    view.querySelector('[data-not-scored]').textContent =
      `Not scored, as nothing there applied to you: ${insights.not_scored.map(label).join(', ')}.`;
  }

  const strengths = view.querySelector('[data-strengths]');
  for (const id of insights.strengths) {
    strengths.append(h('article', { class: 'card sc-strength' },
      h('h3', {}, label(id)), h('p', {}, dimBank(id).strength), h('p', { class: 'muted' }, `Now ${scoreOf(id).now} of 100.`)));
  }
  if (!insights.strengths.length) {
    strengths.append(h('p', { class: 'muted', 'data-no-strength': true }, 'No area stands out as strong just now. That is common, and it says nothing about what the two of you can grow together.'));
  }

  const talk = view.querySelector('[data-talk]');
  for (const id of insights.talk_about) {
    const d = dimBank(id);
    const s = scoreOf(id);
    talk.append(h('article', { class: 'card sc-area', 'data-area': id },
      h('h3', {}, label(id)),
      h('p', { class: 'muted' }, `Now ${s.now}, wished for ${s.wish}.`),
      h('p', {}, d.talk),
      suggestionList(d.suggestions)));
  }
  if (!insights.talk_about.length) {
    talk.append(h('p', { class: 'muted', 'data-no-gap': true }, 'No area has a big gap between how it is and how you would like it. Talking about your wishes can still bring you closer.'));
  }
  view.querySelector('[data-talk-section]').after(
    wishLess(insights.wish_less, scoreOf, label) ?? '',
    insights.fear ? fearSection(bank, suggestionList) : '',
  );
  view.querySelector('[data-how-slot]').replaceWith(howScored(bank));

  if (!insights.safety) wireShare(view.querySelector('form[data-form="share"]'), check.id);
  (view.querySelector('#sc-safety-title') ?? view.querySelector('h1')).focus?.();
}

function wireShare(form, checkId) {
  api.names().then((n) => { form.elements.displayName.value = n.me; }).catch(() => {});
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [error, success] = [form.querySelector('[data-error]'), form.querySelector('[data-success]')];
    error.textContent = '';
    success.textContent = '';
    try {
      const done = await api.selfcheckExportShare(checkId, form.elements.displayName.value, form.elements.includeAnswers.checked);
      if (done) success.textContent = `Saved as ${done.file_name}. Send it to your partner however you like; they can open it in their own Hearth.`;
    } catch (err) {
      error.textContent = err.message;
    }
  });
}

/** A journal prompt, something to do together and a habit, with buttons into the journal and bucket list. */
function suggestionList({ journal, activity, habit }) {
  return h('ul', { class: 'sc-suggestions' },
    h('li', { 'data-suggestion': 'journal' }, h('strong', {}, 'To write about: '), journal.prompt,
      hasSection('journal') && h('button', { type: 'button', class: 'secondary small',
        onclick: () => navigate('journal', { newEntry: { prompt: journal.prompt } }) }, 'Write about this')),
    h('li', { 'data-suggestion': 'activity' }, h('strong', {}, 'To do together: '), `${activity.title}. ${activity.notes}`,
      hasSection('bucket') && h('button', { type: 'button', class: 'secondary small',
        onclick: () => navigate('bucket', { addIdea: { title: activity.title, notes: activity.notes, kind: activity.kind } }) }, 'Add to our bucket list')),
    h('li', { 'data-suggestion': 'habit' }, h('strong', {}, 'This week: '), habit.text));
}

// ---------------------------------------------------------------- partner

async function showPartner(view, id) {
  const cmp = await api.selfcheckPartnerCompare(id);
  if (!cmp) return showHome(view);
  view.replaceChildren(template('selfcheck-partner'));
  view.querySelector('[data-action="to-home"]').addEventListener('click', () => showHome(view));
  const them = cmp.partner.display_name;
  view.querySelector('[data-partner-lead]').textContent =
    `${them}'s check-in from ${dateText(cmp.partner.taken_at)}` + (cmp.mine ? `, beside yours from ${dateText(cmp.mine.taken_at)}.` : '.');
  const body = view.querySelector('[data-partner-body]');
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
  if (cmp.versions_differ) body.append(versionsNote([cmp.mine.bank_version, cmp.partner.bank_version]));
  if (cmp.mine && rows.some((r) => r.worth_talking)) {
    body.append(h('p', { class: 'muted' }, 'Where you see things quite differently, ask each other what it feels like from your side, and listen before answering. Neither view is the right one.'));
  } else if (cmp.mine) {
    body.append(h('p', { class: 'muted' }, 'You see things in much the same way. Talking about your wishes can still bring you closer.'));
  }
}

registerSection({ id: 'selfcheck', label: 'Self-check', order: 20, render });
