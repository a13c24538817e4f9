// A check-in's results (chart, strengths, what to talk about, sharing) and a
// partner's shared results beside yours. Differences are worth talking about;
// partners are never ranked.

import { api } from '../../api.js';
import { askFirst } from '../../confirm.js';
import { h, template } from '../../dom.js';
import { navigate } from '../../sections.js';
import { barChart } from '../../chart.js';
import { bank, dateText, dimBank, hasSection, label } from './common.js';
import { fearSection, howScored, safetyNote, versionsNote, wishLess } from './support.js';
import { showHome } from './home.js';

export async function showResult(sc, id, given) {
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
  // Someone who may not be safe sees the safety note first, individual help in
  // it, no couples counselling and no way to share these results.
  if (insights.safety) {
    sc.view.querySelector('[data-safety-slot]').replaceWith(safetyNote(bank));
    sc.view.querySelector('[data-share-panel]').remove();
    sc.view.querySelector('[data-safety-talk]').hidden = false;
  }
  sc.view.querySelector('[data-support]').hidden = !insights.suggest_support || insights.safety;
  sc.view.querySelector('[data-action="repair-guide"]').addEventListener('click', () => navigate('together', { tab: 'repair' }));
  const scoreOf = (id) => check.scores.dimensions.find((d) => d.dimension === id);
  if (insights.not_scored.length) {
    sc.view.querySelector('[data-not-scored]').textContent =
      `Not scored, as nothing there applied to you: ${insights.not_scored.map(label).join(', ')}.`;
  }

  const strengths = sc.view.querySelector('[data-strengths]');
  for (const id of insights.strengths) {
    strengths.append(h('article', { class: 'card sc-strength' },
      h('h3', {}, label(id)), h('p', {}, dimBank(id).strength), h('p', { class: 'muted' }, `Now ${scoreOf(id).now} of 100.`)));
  }
  if (!insights.strengths.length) {
    strengths.append(h('p', { class: 'muted', 'data-no-strength': true }, 'No area stands out as strong just now. That is common, and it says nothing about what the two of you can grow together.'));
  }

  const talk = sc.view.querySelector('[data-talk]');
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
  sc.view.querySelector('[data-talk-section]').after(
    wishLess(insights.wish_less, scoreOf, label) ?? '',
    insights.fear ? fearSection(bank, suggestionList) : '',
  );
  sc.view.querySelector('[data-how-slot]').replaceWith(howScored(bank));

  if (!insights.safety) wireShare(sc, sc.view.querySelector('form[data-form="share"]'), check.id);
  (sc.view.querySelector('#sc-safety-title') ?? sc.view.querySelector('h1')).focus?.();
}

function wireShare(sc, form, checkId) {
  sc.life.guard(api.names()).then((n) => { form.elements.displayName.value = n.me; }).catch(() => {});
  const paired = form.querySelector('[data-action="share-paired"]');
  sc.life.guard(Promise.all([api.sharedStatus(), api.names()])).then(([shared, names]) => {
    if (!shared.paired) return;
    paired.textContent = `Share with ${names.partner}'s Hearth`;
    paired.hidden = false;
    form.querySelector('[data-share-paired-hint]').hidden = false;
  }).catch(() => {});
  paired.addEventListener('click', async () => {
    const [error, success] = [form.querySelector('[data-error]'), form.querySelector('[data-success]')];
    error.textContent = '';
    success.textContent = '';
    try {
      await sc.life.guard(api.selfcheckSharePaired(checkId, form.elements.displayName.value, form.elements.includeAnswers.checked));
      success.textContent = 'Shared. It will show on your partner\'s Hearth within a few seconds of the shared folder reaching it.';
    } catch (err) {
      error.textContent = err.message;
    }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [error, success] = [form.querySelector('[data-error]'), form.querySelector('[data-success]')];
    error.textContent = '';
    success.textContent = '';
    try {
      const done = await sc.life.guard(askFirst(() => api.selfcheckExportShare(checkId, form.elements.displayName.value, form.elements.includeAnswers.checked), e.submitter));
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

export async function showPartner(sc, id) {
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
  if (cmp.versions_differ) body.append(versionsNote([cmp.mine.bank_version, cmp.partner.bank_version]));
  if (cmp.mine && rows.some((r) => r.worth_talking)) {
    body.append(h('p', { class: 'muted' }, 'Where you see things quite differently, ask each other what it feels like from your side, and listen before answering. Neither view is the right one.'));
  } else if (cmp.mine) {
    body.append(h('p', { class: 'muted' }, 'You see things in much the same way. Talking about your wishes can still bring you closer.'));
  }
}
