// Hearth's charts (the self-check's and the journal's), drawn as SVG with
// createElementNS (never innerHTML). Colours come from CSS (classes and
// currentColor), so they read in light and dark. Every chart says the same numbers
// in words for screen readers: a visually hidden table, or the SVG's <title>.

import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

/** One SVG element; `text` becomes a text node. */
export function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text != null) el.textContent = text;
  return el;
}

/** A table for screen readers only, with the chart's numbers. */
export function textTable(caption, head, rows) {
  return h('table', { class: 'visually-hidden' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map(([first, ...rest]) => h('tr', {}, h('th', { scope: 'row' }, first), rest.map((c) => h('td', {}, c))))));
}

/** Grouped bars from 0 to 100: `data` is [{ label, a, b }]. */
export function barChart(data, { title, a, b }) {
  const W = 720, H = 300, left = 40, right = 10, top = 12, bottom = 56;
  const plotH = H - top - bottom;
  const band = (W - left - right) / data.length;
  const barW = Math.min(34, band / 3);
  const y = (v) => top + plotH * (1 - v / 100);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'sc-chart', 'aria-hidden': 'true', focusable: 'false' });
  for (const v of [0, 25, 50, 75, 100]) {
    svg.append(s('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'sc-grid' }));
    svg.append(s('text', { x: left - 8, y: y(v) + 4, 'text-anchor': 'end', class: 'sc-axis' }, String(v)));
  }
  data.forEach((d, i) => {
    const cx = left + band * i + band / 2;
    const bar = (v, x, cls) => {
      const height = Math.max(plotH * (v / 100), 2);
      svg.append(s('rect', { x, y: top + plotH - height, width: barW, height, rx: 4, class: cls }));
      svg.append(s('text', { x: x + barW / 2, y: top + plotH - height - 5, 'text-anchor': 'middle', class: 'sc-value' }, String(v)));
    };
    bar(d.a, cx - barW - 2, 'sc-bar-now');
    bar(d.b, cx + 2, 'sc-bar-wish');
    const words = d.label.split(' ');
    words.forEach((w, n) => svg.append(s('text', { x: cx, y: H - bottom + 20 + n * 16, 'text-anchor': 'middle', class: 'sc-label' }, w)));
  });
  return h('figure', { class: 'sc-figure' }, svg,
    textTable(title, ['Area', a, b], data.map((d) => [d.label, `${d.a}`, `${d.b}`])));
}

/** One small line chart per area: "now" at each check-in, oldest to newest. */
export function trendChart(history, dimensions) {
  const W = 220, H = 90, pad = 8;
  const x = (i) => pad + (W - 2 * pad) * (history.length === 1 ? 0.5 : i / (history.length - 1));
  const y = (v) => pad + (H - 2 * pad) * (1 - v / 100);
  const date = (iso) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  const cells = dimensions.map((dim) => {
    const values = history.map((e) => e.scores.dimensions.find((d) => d.dimension === dim.id)?.now ?? null);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'sc-trend', 'aria-hidden': 'true', focusable: 'false' });
    svg.append(s('line', { x1: pad, x2: W - pad, y1: y(50), y2: y(50), class: 'sc-grid' }));
    const points = values.map((v, i) => (v == null ? null : `${x(i)},${y(v)}`)).filter(Boolean);
    svg.append(s('polyline', { points: points.join(' '), class: 'sc-line' }));
    values.forEach((v, i) => v != null && svg.append(s('circle', { cx: x(i), cy: y(v), r: 3.5, class: 'sc-dot' })));
    return h('div', { class: 'sc-trend-cell' }, h('span', { class: 'sc-trend-label' }, dim.label), svg);
  });
  return h('div', { class: 'sc-trends' }, cells,
    textTable('How each area felt now, at each check-in', ['Area', ...history.map((e) => date(e.taken_at))],
      dimensions.map((dim) => [dim.label, ...history.map((e) => String(e.scores.dimensions.find((d) => d.dimension === dim.id)?.now ?? '–'))])));
}

/**
 * A line through one value per month on a scale of `levels` ([{ value, label }],
 * lowest first), with a gap where a month has none. `points` is [{ month:
 * 'YYYY-MM', average, count }]; `describe` says a point in words.
 */
export function monthLineChart(points, { levels, className, title, empty, emptyTitle, describe }) {
  const W = 560, H = 220, L = 70, R = 12, T = 12, B = 30;
  const lo = levels[0].value;
  const hi = levels[levels.length - 1].value;
  const shortMonth = new Intl.DateTimeFormat(undefined, { month: 'short' });
  const x = (i) => L + (i + 0.5) * ((W - L - R) / points.length);
  const y = (v) => T + (hi - v) / (hi - lo) * (H - T - B);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: className });
  const described = points.filter((p) => p.average != null).map((p) => `${p.month}: ${p.average.toFixed(1)}`).join('; ');
  svg.append(s('title', {}, described ? `${title} ${described}.` : emptyTitle));
  for (const level of levels) {
    svg.append(s('line', { x1: L, x2: W - R, y1: y(level.value), y2: y(level.value), class: 'grid' }));
    svg.append(s('text', { x: L - 8, y: y(level.value) + 4, 'text-anchor': 'end', class: 'axis' }, level.label));
  }
  let d = '';
  let pen = false;
  points.forEach((p, i) => {
    const [yy, mm] = p.month.split('-').map(Number);
    svg.append(s('text', { x: x(i), y: H - 8, 'text-anchor': 'middle', class: 'axis' }, shortMonth.format(new Date(yy, mm - 1, 1))));
    if (p.average == null) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.average).toFixed(1)} `;
    pen = true;
  });
  d = d.trim();
  if (d) svg.append(s('path', { d, class: 'line' }));
  points.forEach((p, i) => {
    if (p.average == null) return;
    const c = s('circle', { cx: x(i), cy: y(p.average), r: 5, class: 'point' });
    c.append(s('title', {}, describe(p)));
    svg.append(c);
  });
  if (!points.some((p) => p.average != null)) {
    svg.append(s('text', { x: (W + L) / 2, y: H / 2, 'text-anchor': 'middle', class: 'empty' }, empty));
  }
  return svg;
}
