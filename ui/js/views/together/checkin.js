// The weekly check-in, pass-the-laptop style: each of you answers the three or
// four short questions in turn (the first one's answers are hidden once saved),
// and both show once both are in. The count only ever counts: no "broken" streak.
// Paired, each checks in on their own Hearth and the other's arrives by itself.

import { api } from '../../api.js';
import { announce, h } from '../../dom.js';

function streakLine(s) {
  if (s.weeks_done === 0) return 'Your first check-in starts your count.';
  const weeks = s.weeks_done === 1 ? 'one week' : `${s.weeks_done} weeks`;
  return `You have checked in ${weeks} so far${s.in_a_row > 1 ? `, the latest ${s.in_a_row} in a row` : ''}.`;
}

export async function showCheckin(t) {
  await t.refreshOverview();
  const c = t.overview.checkin;
  const questions = t.content.checkin.questions;
  const panel = h('section', { class: 'panel checkin', 'aria-labelledby': 'together-checkin-title', 'data-checkin': c.done ? 'done' : 'due' },
    h('h2', { id: 'together-checkin-title' }, `This week's check-in (${c.week})`),
    h('p', { class: 'hint' }, `About ${t.content.checkin.minutes} minutes. Answer what you like; a few words is plenty.`),
    h('p', { 'data-streak': '' }, streakLine(t.overview.streak)));
  if (c.done) {
    panel.append(h('p', { class: 'success', role: 'status' }, 'Done for this week. Thank you both.'));
    panel.append(h('dl', { class: 'checkin-answers', 'data-revealed': '' }, ...questions.flatMap((q) => [
      h('dt', {}, q.text),
      ...['me', 'partner'].map((who) => {
        const text = (who === 'me' ? c.answers_me : c.answers_partner)?.[q.id];
        return h('dd', { 'data-answer': who }, h('strong', {}, `${t.nameOf(who)}: `), text ?? '—');
      }),
    ])));
  } else if (t.paired && c.me_done) {
    panel.append(h('p', { class: 'waiting', 'data-waiting': 'me' }, c.partner_done
      ? `${t.names.partner} has done theirs too. Both show here as soon as ${t.names.partner}'s Hearth sends their words, the next time it syncs.`
      : `Your check-in is in and hidden. Both show here once ${t.names.partner} has done theirs on their Hearth.`));
  } else {
    const who = c.me_done ? 'partner' : 'me';
    const other = who === 'me' ? 'partner' : 'me';
    if (c[`${other}_done`]) panel.append(h('p', { class: 'waiting' }, `${t.nameOf(other)}'s check-in is in and hidden.`));
    const form = h('form', { class: 'checkin-form', 'data-checkin-form': who, novalidate: true },
      h('p', { class: 'form-who' }, `${t.nameOf(who)}'s turn`),
      ...questions.map((q) => h('div', { class: 'field' },
        h('label', { for: `checkin-${q.id}` }, q.text),
        h('textarea', { id: `checkin-${q.id}`, name: q.id, rows: 2, maxlength: 4000 }))),
      h('p', { class: 'error', role: 'alert', 'data-error': '' }),
      h('button', { type: 'submit', class: 'primary' }, c[`${other}_done`] ? 'Save and show both' : 'Save and hide mine'));
    if (t.paired) form.querySelector('.form-who').textContent = `Your check-in, ${t.names.me}`;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answers = Object.fromEntries(questions.map((q) => [q.id, form.elements[q.id].value]));
      try {
        const next = await t.life.guard(api.togetherCheckinSave(who, answers));
        announce(next.done ? 'Check-in done for this week.'
          : t.paired ? `Saved and hidden until ${t.nameOf(other)} has done theirs.` : `Saved and hidden. Pass the laptop to ${t.nameOf(other)}.`);
        await showCheckin(t);
        t.pane.querySelector('textarea, h2')?.focus();
      } catch (err) {
        form.querySelector('[data-error]').textContent = err.message;
      }
    });
    panel.append(form);
  }
  t.pane.replaceChildren(panel);
}
