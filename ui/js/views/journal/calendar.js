// The journal's calendar (a month with a dot on every day written) and "On this day".

import { api } from '../../api.js';
import { announce, h, template } from '../../dom.js';
import { entryRow, isoDay, longDay } from './rows.js';

const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });

export function drawCalendar(j) {
  const { side } = j;
  side.replaceChildren(template('journal-calendar'));
  for (const b of side.querySelectorAll('[data-month]')) b.addEventListener('click', () => {
    const d = new Date(j.calendarMonth.year, j.calendarMonth.month - 1 + Number(b.dataset.month), 1);
    j.calendarMonth = { year: d.getFullYear(), month: d.getMonth() + 1 };
    loadCalendar(j);
  });
  loadCalendar(j);
  loadOnThisDay(j);
}

export async function loadCalendar(j) {
  const { side } = j;
  const weeks = side.querySelector('[data-weeks]');
  if (!weeks) return;
  const { year, month } = j.calendarMonth;
  side.querySelector('[data-month-title]').textContent = monthFormat.format(new Date(year, month - 1, 1));
  let days = [];
  try { days = await j.life.guard(api.journalCalendar(year, month)); } catch (err) { announce(err.message); }
  const counts = new Map(days.map((d) => [d.day, d.count]));
  const first = new Date(year, month - 1, 1);
  const offset = (first.getDay() + 6) % 7; // Monday first
  const total = new Date(year, month, 0).getDate();
  const today = isoDay(new Date());
  const rows = [];
  let cells = [];
  for (let i = 0; i < offset; i++) cells.push(h('td', {}));
  for (let d = 1; d <= total; d++) {
    const day = isoDay(new Date(year, month - 1, d));
    const n = counts.get(day) ?? 0;
    const label = `${longDay.format(new Date(year, month - 1, d))}${n ? `, ${n} ${n === 1 ? 'entry' : 'entries'}` : ', no entries'}`;
    cells.push(h('td', {}, h('button', {
      type: 'button', class: `day${n ? ' has-entries' : ''}${day === today ? ' today' : ''}`,
      'aria-label': label, 'data-day': day, onclick: () => showDay(j, day),
    }, String(d))));
    if (cells.length === 7) { rows.push(h('tr', {}, ...cells)); cells = []; }
  }
  if (cells.length) { while (cells.length < 7) cells.push(h('td', {})); rows.push(h('tr', {}, ...cells)); }
  weeks.replaceChildren(...rows);
}

async function showDay(j, day) {
  const { side } = j;
  const heading = side.querySelector('[data-day-title]');
  const list = side.querySelector('[data-day-list]');
  for (const b of side.querySelectorAll('.day')) b.classList.toggle('selected', b.dataset.day === day);
  const [y, m, d] = day.split('-').map(Number);
  heading.hidden = false;
  heading.textContent = longDay.format(new Date(y, m - 1, d));
  try {
    const page = await j.life.guard(api.journalList({ from: day, to: day }, null, 50));
    list.replaceChildren(...page.entries.map((e) => entryRow(j, e)));
    if (!page.entries.length) list.replaceChildren(h('li', { class: 'hint' }, 'Nothing written on this day.'));
  } catch (err) { announce(err.message); }
}

async function loadOnThisDay(j) {
  const { side } = j;
  const list = side.querySelector('[data-otd]');
  if (!list) return;
  try {
    const entries = await j.life.guard(api.journalOnThisDay());
    side.querySelector('[data-otd-empty]').hidden = entries.length > 0;
    list.replaceChildren(...entries.map((e) => entryRow(j, e)));
  } catch (err) { announce(err.message); }
}
