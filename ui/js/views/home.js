// Home, about the two of you: a question for tonight, this week's check-in, the
// next planned date and whose turn it is to pick, "on this day" from the journal
// (this vault's own, private), the latest from the partner's Hearth when paired,
// and how Hearth keeps things safe in one quiet line.
// Everything comes from `home_overview` in one call; names and titles go in
// through textContent only.

import { api } from '../api.js';
import { formatMinutes, h, template } from '../dom.js';
import { navigate, registerSection } from '../sections.js';

function formatDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
}

function privacyLine(settings, pairedWith = null) {
  const delay = settings.auto_lock_override_secs
    ? `${settings.auto_lock_override_secs} seconds`
    : formatMinutes(settings.auto_lock_minutes);
  const where = pairedWith
    ? `Encrypted on this computer; the bucket list and what you share in Together also go, sealed, to ${pairedWith}'s Hearth through your shared folder, and nowhere else.`
    : 'Encrypted on this computer, nothing sent anywhere.';
  return `${where} Hearth locks after ${delay} away.`;
}

function renderHome(view, state, life) {
  view.replaceChildren(template('home'));
  const q = (sel) => view.querySelector(sel);
  q('[data-privacy]').textContent = privacyLine(state.settings);
  q('[data-action=bucket]').addEventListener('click', () => navigate('bucket'));
  q('[data-action=checkin]').addEventListener('click', () => navigate('together', { tab: 'checkin' }));
  // Drawn again when news arrives from the partner's Hearth (`shared-changed`).
  const fill = () => life.guard(api.homeOverview()).then((home) => {
    const { names } = home;
    q('[data-names]').textContent = `${names.me} and ${names.partner}`;
    const ask = q('[data-action=ask-tonight]');
    if (home.tonight) {
      q('[data-tonight]').textContent = home.tonight.text;
      ask.hidden = false;
      ask.onclick = () => navigate('together', { ask: home.tonight.id });
    } else {
      q('[data-tonight]').textContent = "You've asked each other every question. Look back through your history in Together.";
      ask.hidden = true;
    }
    const c = home.checkin;
    q('[data-checkin-status]').textContent = c.done
      ? 'Done for this week. Thank you both.'
      : c.me_done || c.partner_done
        ? `Half done: waiting for ${c.me_done ? names.partner : names.me}.`
        : 'Due this week. About five minutes, whenever suits you.';
    q('[data-checkin-status]').dataset.state = c.done ? 'done' : 'due';
    const s = home.streak;
    q('[data-streak]').textContent = s.weeks_done === 0 ? ''
      : `${s.weeks_done === 1 ? 'One week' : `${s.weeks_done} weeks`} checked in so far${s.in_a_row > 1 ? `, the latest ${s.in_a_row} in a row` : ''}.`;
    q('[data-next-date]').textContent = home.next_date
      ? `${home.next_date.title}, ${formatDay(home.next_date.date)}`
      : 'Nothing planned yet.';
    q('[data-turn]').textContent = `${home.rotation.name}'s turn to pick the next one.`;
    const otd = q('[data-otd]');
    otd.replaceChildren(...home.on_this_day.map((e) => h('li', {},
      h('span', { class: 'muted' }, `${e.entry_date.slice(0, 4)}: `), e.title || e.excerpt || 'An entry')));
    if (!home.on_this_day.length) otd.replaceChildren(h('li', { class: 'muted' }, 'Nothing from this day in earlier years yet.'));
    q('[data-home-partner]').hidden = !home.shared;
    if (home.shared) {
      // Paired: the latest that came from the partner's Hearth, and a privacy line that says so.
      q('[data-partner-title]').textContent = `From ${names.partner}`;
      q('[data-partner-news]').textContent = home.shared.last_received
        || `Nothing yet. What ${names.partner} adds to your bucket list or shares in Together will show here.`;
      q('[data-partner-when]').textContent = home.shared.last_received
        ? `Came in ${new Date(home.shared.last_received_at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}.`
        : '';
      // Together: what waits for you, in counts only (no answer shows before both are in).
      const w = home.waiting;
      const news = [
        w.for_me > 0 && (w.for_me === 1
          ? `${names.partner} answered a question and is waiting for yours.`
          : `${names.partner} answered ${w.for_me} questions that are waiting for yours.`),
        c.partner_done && !c.me_done && `${names.partner} has done this week's check-in; yours is next.`,
        w.notes_this_week > 0 && (w.notes_this_week === 1
          ? `${names.partner} put a note in your jar this week.`
          : `${names.partner} put ${w.notes_this_week} notes in your jar this week.`),
      ].filter(Boolean);
      q('[data-partner-together]').replaceChildren(...news.map((line) => h('li', {}, line)));
      const open = q('[data-action=partner-together]');
      open.hidden = news.length === 0;
      open.onclick = () => navigate('together', { tab: w.for_me > 0 ? 'questions' : c.partner_done && !c.me_done ? 'checkin' : 'jar' });
      q('[data-privacy]').textContent = privacyLine(state.settings, names.partner);
    }
  }).catch((err) => q('[data-names]').replaceChildren(h('span', { class: 'error', role: 'alert' }, err.message)));
  fill();
  api.onShared(() => fill()).then((unlisten) => life.onEnd(unlisten));
}

registerSection({ id: 'home', label: 'Home', order: 0, render: renderHome });
