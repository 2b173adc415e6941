// A report as one self-contained HTML page (SPEC §10): the table styled for reading and
// printing, and the report's chart as inline SVG. No scripts, no fonts or styles to fetch:
// the page's content security policy forbids both, so it opens the same offline, from a
// mail attachment or a file share. Every text is escaped.
import { columnTitle, displayCell, headlineFigures, isNumeric, kindOf, splitSections, type Row, type Table, type TableColumn } from '../table.js';
import { escapeXml } from './svg.js';
import { lang } from '../../i18n/lang.js';
import { RENDER_WORDS } from './words.js';

export interface HtmlPage {
  /** The report's name and what it shows. */
  title: string;
  subtitle?: string;
  /** The resolved options: period, as of, filters (label, value). */
  facts?: [string, string][];
  /** Charts as <svg> elements (src/io/render/svg.ts). */
  charts?: string[];
}

export const escapeHtml = escapeXml;

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d232b; margin: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
.subtitle { color: #4d5866; margin: 0 0 10px; }
dl.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 16px; color: #4d5866; }
dl.facts div { display: flex; gap: 6px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
figure { margin: 8px 0 20px; }
svg.chart { max-width: 100%; height: auto; }
svg .tick, svg .category, svg .legend { fill: #38424e; }
table.report { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.report th, table.report td { padding: 3px 8px; border-bottom: 1px solid #e1e5ea; }
table.report th { background: #e8ecf1; text-align: center; vertical-align: bottom; font-weight: 600; }
table.report thead tr.bands th { border-bottom: 1px solid #c5ccd5; }
table.report td.num { text-align: right; white-space: nowrap; }
table.report td.date { white-space: nowrap; }
table.report td.neg, table.report td.alert { color: #c00000; }
table.report tr.strong td { font-weight: 700; }
table.report tr.total td { font-weight: 700; border-top: 2px solid #6b7785; }
table.report tbody tr:nth-child(even) td { background: #f7f9fb; }
.empty { color: #6b7785; font-style: italic; }
dl.headlines { margin: 12px 0; }
dl.headlines div { display: flex; gap: 8px; }
dl.headlines dt { font-weight: 600; }
dl.headlines dd { margin: 0; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { margin: 0; font-size: 10px; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  table.report tbody tr:nth-child(even) td { background: none; }
}
`;

function cell(table: Table, row: Row, c: TableColumn, first: boolean, label?: string): string {
  const kind = kindOf(table, row, c);
  const value = row[c.key];
  const text = first && label !== undefined && value === undefined ? label : displayCell(kind, value ?? null);
  const classes: string[] = [];
  if (isNumeric(kind)) classes.push('num');
  else if (kind === 'date' || kind === 'month') classes.push('date');
  if (typeof value === 'number' && isNumeric(kind)) {
    if (value < 0) classes.push('neg');
    else if (c.alertAbove !== undefined && value > c.alertAbove) classes.push('alert');
  }
  const depth = first ? (table.style?.(row)?.depth ?? 0) : 0;
  const indent = depth > 0 ? ` style="padding-left:${(0.5 + 1.2 * depth).toFixed(1)}em"` : '';
  return `<td${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''} data-key="${escapeHtml(c.key)}"${indent}>${escapeHtml(text)}</td>`;
}

function headerRows(columns: TableColumn[]): string {
  const titles = `<tr>${columns.map((c) => `<th scope="col" data-key="${escapeHtml(c.key)}">${escapeHtml(columnTitle(c))}</th>`).join('')}</tr>`;
  if (!columns.some((c) => c.band !== undefined)) return titles;
  const bands: string[] = [];
  for (let i = 0; i < columns.length; ) {
    const band = columns[i]!.band;
    let span = 1;
    while (band !== undefined && columns[i + span]?.band === band) span++;
    bands.push(`<th${span > 1 ? ` colspan="${span}"` : ''} scope="colgroup">${band === undefined ? '' : escapeHtml(band)}</th>`);
    i += span;
  }
  return `<tr class="bands">${bands.join('')}</tr>${titles}`;
}

function htmlTable(table: Table): string {
  const rows = table.rows.map((row) => {
    const style = table.style?.(row);
    return `<tr${style?.strong ? ' class="strong"' : ''}>${table.columns.map((c, i) => cell(table, row, c, i === 0)).join('')}</tr>`;
  });
  // no rows: say so (a totals row of zeros says nothing more)
  if (table.totals && rows.length > 0) rows.push(`<tr class="total">${table.columns.map((c, i) => cell(table, table.totals!, c, i === 0, RENDER_WORDS.total)).join('')}</tr>`);
  const body = rows.length > 0 ? rows.join('\n') : `<tr><td class="empty" colspan="${Math.max(1, table.columns.length)}">${escapeHtml(RENDER_WORDS.noRows)}</td></tr>`;
  return `<table class="report" data-name="${escapeHtml(table.name)}">\n<thead>${headerRows(table.columns)}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function headlines(table: Table): string {
  const figures = headlineFigures(table);
  if (figures.length === 0) return '';
  const items = figures.map((f) => `<div><dt>${escapeHtml(columnTitle(f.column))}</dt><dd data-key="${escapeHtml(f.column.key)}">${escapeHtml(f.value === null ? '—' : displayCell(f.column.kind, f.value))}</dd></div>`);
  return `<dl class="headlines">${items.join('')}</dl>`;
}

/** The page: title, the resolved options, the charts, then the table (a table per section). */
export function renderHtml(table: Table, page: HtmlPage): string {
  const facts = (page.facts ?? []).map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('');
  const charts = (page.charts ?? []).map((svg) => `<figure>${svg}</figure>`).join('\n');
  const sections =
    table.sectionBy !== undefined && table.rows.length > 0
      ? splitSections(table)
          .map((t) => `<section>\n<h2>${escapeHtml(t.name)}</h2>\n${htmlTable(t)}\n</section>`)
          .join('\n')
      : htmlTable(table);
  return `<!DOCTYPE html>
<html lang="${lang()}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="crm">
<title>${escapeHtml(page.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(page.title)}</h1>
${page.subtitle ? `<p class="subtitle">${escapeHtml(page.subtitle)}</p>` : ''}
${facts ? `<dl class="facts">${facts}</dl>` : ''}
</header>
${charts}
${sections}
${headlines(table)}
</body>
</html>
`;
}
