// The journal's insights: counts, streaks and the mood of the last twelve months.

import { api } from '../../api.js';
import { announce, template } from '../../dom.js';
import { monthLineChart } from '../../chart.js';
import { MOODS } from './rows.js';

export async function showInsights(j) {
  await j.closeEditor();
  j.markCurrent(null);
  const { main } = j;
  main.replaceChildren(template('journal-insights'));
  let data;
  try { data = await j.life.guard(api.journalInsights()); } catch (err) { announce(err.message); return; }
  const nf = new Intl.NumberFormat();
  for (const el of main.querySelectorAll('[data-stat]')) el.textContent = nf.format(data[el.dataset.stat]);
  main.querySelector('[data-chart]').append(monthLineChart(data.mood_by_month, {
    levels: MOODS,
    className: 'mood-chart',
    title: 'Average mood by month.',
    emptyTitle: 'No moods recorded in the last twelve months.',
    empty: 'Choose a mood on your entries to see it here.',
    describe: (p) => `${p.month}: ${p.average.toFixed(1)} from ${p.entries_with_mood} ${p.entries_with_mood === 1 ? 'entry' : 'entries'}`,
  }));
}
