// The self-check's first page: start or resume a check-in, past check-ins with
// their trend, and partners' shared results.

import { api } from '../../api.js';
import { h, template } from '../../dom.js';
import { trendChart } from '../../chart.js';
import { bank, countAnswered, dateText, label, totalQuestions } from './common.js';
import { versionsNote } from './support.js';
import { startTaking } from './take.js';
import { showPartner, showResult } from './results.js';

export async function showHome(sc) {
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
        versionsNote(history.map((e) => e.bank_version)),
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
