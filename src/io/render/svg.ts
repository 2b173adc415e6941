// Charts as inline SVG (SPEC §10): bars for one or more series, optionally lines on a second
// axis (a cumulative), vertical or horizontal. Text only: no scripts, no fonts to fetch, no
// network. Bars are drawn from zero, so a negative value goes below the axis, and a bar's
// length is exactly |value| × the scale (tests measure it). Empty data draws the frame with
// a note, never a broken picture.

import { lang, type Lang } from '../../i18n/lang.js';
import { RENDER_WORDS, RENDER_WORDS_BY_LANG } from './words.js';

export interface ChartSeries {
  key: string;
  title: string;
  values: (number | null)[];
}

export interface ChartData {
  title: string;
  /** Labels along the category axis (months, groups, buckets). */
  categories: string[];
  /** What each category is in the data (`2026-03` for "Mar"): the bars' data-category. */
  keys?: string[];
  /** Bars: one per category and series, side by side. */
  bars: ChartSeries[];
  /** Lines on a second axis (vertical charts only), e.g. the cumulative plan and fact. */
  lines?: ChartSeries[];
  horizontal?: boolean;
  /** Shown with the numbers of the axes: roubles, a plain number, a percent. */
  unit?: 'money' | 'number' | 'percent';
}

const BAR_COLOURS = ['#9aa9bb', '#2f6db5', '#d08a2c', '#5b9b5b', '#8a5fb0'];
const LINE_COLOURS = ['#6b7785', '#0b3f7a', '#9c5b00'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A number for an axis: 1 234, 12.5 k, 3.4 M, 1.2 bn; in Russian 1 234, 12,5 тыс., 3,4 млн,
 * 1,2 млрд (a decimal comma, groups and the unit apart by no-break spaces, as docs/language.md says).
 */
export function compactNumber(n: number, language: Lang = lang()): string {
  const abs = Math.abs(n);
  const words = RENDER_WORDS_BY_LANG[language];
  const space = language === 'ru' ? '\u00a0' : ' ';
  const decimal = (text: string) => (language === 'ru' ? text.replace('.', ',') : text);
  const fmt = (x: number, unit: string) => `${decimal(String(Number(x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2))))}${space}${unit}`;
  const sign = n < 0 ? '−' : '';
  if (abs >= 1e9) return sign + fmt(abs / 1e9, words.billions);
  if (abs >= 1e6) return sign + fmt(abs / 1e6, words.millions);
  if (abs >= 1e4) return sign + fmt(abs / 1e3, words.thousands);
  return sign + decimal(String(Number(abs.toFixed(2)))).replace(/\B(?=(\d{3})+(?!\d))/g, space);
}

/** A number for a tooltip: thousands grouped, up to 2 decimals (Russian: 1 234,5); money with its kopecks whole (1 234,50) or none. */
function fullNumber(n: number, money = false, language: Lang = lang()): string {
  const [whole, fraction] = Math.abs(n).toFixed(2).replace(money ? /\.00$/ : /\.?0+$/, '').split('.');
  const ru = language === 'ru';
  return `${n < 0 ? '−' : ''}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ru ? '\u00a0' : ' ')}${fraction ? `${ru ? ',' : '.'}${fraction}` : ''}`;
}

/** Round tick steps (1, 2, 5 × 10ⁿ) covering [min, max], zero included. */
export function niceScale(min: number, max: number, ticks = 5): { min: number; max: number; step: number } {
  let lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (lo === hi) hi = lo + 1;
  const raw = (hi - lo) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw)!;
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  return { min: lo, max: hi, step };
}

const r2 = (n: number) => Math.round(n * 100) / 100;
const suffix = (unit: ChartData['unit']) => (unit === 'percent' ? (lang() === 'ru' ? '\u00a0%' : ' %') : '');

function legend(items: { title: string; colour: string; line?: boolean }[], x: number, y: number): string {
  let at = x;
  return items
    .map((item) => {
      const mark = item.line
        ? `<line x1="${at}" y1="${y - 4}" x2="${at + 14}" y2="${y - 4}" stroke="${item.colour}" stroke-width="2.5"/>`
        : `<rect x="${at}" y="${y - 10}" width="12" height="12" fill="${item.colour}"/>`;
      const text = `<text x="${at + 18}" y="${y}" class="legend">${escapeXml(item.title)}</text>`;
      at += 30 + item.title.length * 7;
      return mark + text;
    })
    .join('');
}

/** The chart as an <svg> element. */
export function renderChartSvg(chart: ChartData, options: { width?: number } = {}): string {
  const n = chart.categories.length;
  const width = options.width ?? 760;
  const values = chart.bars.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const lineValues = (chart.lines ?? []).flatMap((s) => s.values).filter((v): v is number => v !== null);
  const horizontal = Boolean(chart.horizontal);
  const height = horizontal ? Math.max(160, 70 + n * (14 + 10 * chart.bars.length)) : 320;
  const head = `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`;
  const title = `<title>${escapeXml(chart.title)}</title><text x="8" y="18" class="chart-title" font-weight="bold" font-size="14">${escapeXml(chart.title)}</text>`;
  if (n === 0 || (values.length === 0 && lineValues.length === 0)) {
    return `${head}${title}<rect x="0.5" y="28.5" width="${width - 1}" height="${height - 29}" fill="none" stroke="#ccc"/><text x="${width / 2}" y="${height / 2 + 14}" text-anchor="middle" fill="#777" class="empty">${escapeXml(RENDER_WORDS.noData)}</text></svg>`;
  }
  const items = [
    ...chart.bars.map((s, i) => ({ title: s.title, colour: BAR_COLOURS[i % BAR_COLOURS.length]! })),
    ...(chart.lines ?? []).map((s, i) => ({ title: s.title, colour: LINE_COLOURS[i % LINE_COLOURS.length]!, line: true })),
  ];
  const parts: string[] = [head, title, legend(items, 8, 42)];
  const scale = niceScale(Math.min(0, ...values), Math.max(0, ...values));
  const unit = suffix(chart.unit);

  if (horizontal) {
    // categories down the left, values across; labels up to 28 characters
    const labelWidth = Math.min(260, 16 + 7.5 * Math.max(...chart.categories.map((c) => Math.min(c.length, 28))));
    const left = labelWidth;
    const right = width - 24;
    const top = 56;
    const bottom = height - 26;
    const band = (bottom - top) / n;
    const x = (v: number) => left + ((v - scale.min) / (scale.max - scale.min)) * (right - left);
    for (let t = scale.min; t <= scale.max + scale.step / 2; t += scale.step) {
      parts.push(`<line x1="${r2(x(t))}" y1="${top}" x2="${r2(x(t))}" y2="${bottom}" stroke="${Math.abs(t) < scale.step / 2 ? '#555' : '#e3e3e3'}"/>`);
      parts.push(`<text x="${r2(x(t))}" y="${bottom + 16}" text-anchor="middle" class="tick">${escapeXml(compactNumber(t) + unit)}</text>`);
    }
    const barHeight = (band * 0.75) / chart.bars.length;
    chart.categories.forEach((category, i) => {
      const label = category.length > 28 ? `${category.slice(0, 27)}…` : category;
      parts.push(`<text x="${left - 6}" y="${r2(top + band * i + band / 2 + 4)}" text-anchor="end" class="category">${escapeXml(label)}</text>`);
      chart.bars.forEach((s, j) => {
        const v = s.values[i];
        if (v === null || v === undefined) return;
        const from = x(Math.min(0, v));
        const w = Math.abs(x(v) - x(0));
        const y = top + band * i + band * 0.125 + barHeight * j;
        parts.push(
          `<rect class="bar" data-series="${escapeXml(s.key)}" data-category="${escapeXml(chart.keys?.[i] ?? category)}" data-value="${v}" x="${r2(from)}" y="${r2(y)}" width="${r2(w)}" height="${r2(barHeight)}" fill="${BAR_COLOURS[j % BAR_COLOURS.length]}"><title>${escapeXml(`${category}, ${s.title}: ${fullNumber(v, chart.unit === 'money')}${unit}`)}</title></rect>`,
        );
      });
    });
    parts.push('</svg>');
    return parts.join('');
  }

  const hasLines = lineValues.length > 0;
  const left = 64;
  const right = width - (hasLines ? 64 : 16);
  const top = 56;
  const bottom = height - 34;
  const y = (v: number) => bottom - ((v - scale.min) / (scale.max - scale.min)) * (bottom - top);
  for (let t = scale.min; t <= scale.max + scale.step / 2; t += scale.step) {
    parts.push(`<line x1="${left}" y1="${r2(y(t))}" x2="${right}" y2="${r2(y(t))}" stroke="${Math.abs(t) < scale.step / 2 ? '#555' : '#e3e3e3'}"/>`);
    parts.push(`<text x="${left - 6}" y="${r2(y(t) + 4)}" text-anchor="end" class="tick">${escapeXml(compactNumber(t) + unit)}</text>`);
  }
  const band = (right - left) / n;
  const barWidth = (band * 0.8) / Math.max(1, chart.bars.length);
  // label every k-th category when they would overlap
  const every = Math.max(1, Math.ceil((Math.max(...chart.categories.map((c) => c.length)) * 6.5) / band));
  chart.categories.forEach((category, i) => {
    if (i % every === 0) parts.push(`<text x="${r2(left + band * i + band / 2)}" y="${bottom + 16}" text-anchor="middle" class="category">${escapeXml(category)}</text>`);
    chart.bars.forEach((s, j) => {
      const v = s.values[i];
      if (v === null || v === undefined) return;
      const x = left + band * i + band * 0.1 + barWidth * j;
      const h = Math.abs(y(v) - y(0));
      parts.push(
        `<rect class="bar" data-series="${escapeXml(s.key)}" data-category="${escapeXml(chart.keys?.[i] ?? category)}" data-value="${v}" x="${r2(x)}" y="${r2(y(Math.max(0, v)))}" width="${r2(barWidth)}" height="${r2(h)}" fill="${BAR_COLOURS[j % BAR_COLOURS.length]}"><title>${escapeXml(`${category}, ${s.title}: ${fullNumber(v, chart.unit === 'money')}${unit}`)}</title></rect>`,
      );
    });
  });
  if (hasLines) {
    const ls = niceScale(Math.min(0, ...lineValues), Math.max(0, ...lineValues));
    const ly = (v: number) => bottom - ((v - ls.min) / (ls.max - ls.min)) * (bottom - top);
    for (let t = ls.min; t <= ls.max + ls.step / 2; t += ls.step) {
      parts.push(`<text x="${right + 6}" y="${r2(ly(t) + 4)}" class="tick">${escapeXml(compactNumber(t) + unit)}</text>`);
    }
    (chart.lines ?? []).forEach((s, j) => {
      const colour = LINE_COLOURS[j % LINE_COLOURS.length];
      const points = s.values.map((v, i) => (v === null ? null : `${r2(left + band * i + band / 2)},${r2(ly(v))}`)).filter((p) => p !== null);
      parts.push(`<polyline class="line" data-series="${escapeXml(s.key)}" points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2.5"${j > 0 ? '' : ' stroke-dasharray="6 4"'}/>`);
      s.values.forEach((v, i) => {
        if (v !== null) parts.push(`<circle cx="${r2(left + band * i + band / 2)}" cy="${r2(ly(v))}" r="3" fill="${colour}"><title>${escapeXml(`${chart.categories[i]}, ${s.title}: ${fullNumber(v, chart.unit === 'money')}${unit}`)}</title></circle>`);
      });
    });
  }
  parts.push('</svg>');
  return parts.join('');
}
