// The sheet host page: what a person sees of the local workbook — its tabs as tables and the
// add-on's menu as buttons. Everything from the workbook is HTML-escaped.
import { escapeHtml } from '../../shared/html';
import { looksLikeEnvelope } from '../../shared/envelope';
import { a1Cell } from '../workbook/a1';
import { HOST_BRIDGE } from './dialog-bridge';
import { HOST_EDITOR } from './host-edit';
import { chartSvg } from './chart-svg';
import type { ChartData } from '../facade/charts';
import { DEFAULT_COLUMN_WIDTH, DEFAULT_ROW_HEIGHT, type CellStyle } from '../host/sheets/data';
import type { ShownDialog } from '../host/ui';
import type { Runtime } from '../runtime';

export interface HostPageOptions {
  tab: string | null;
  flash: string;
  /** CSP nonce for the page's one script (the dialog bridge). */
  nonce: string;
  dialog?: ShownDialog & { id: string };
}

const MAX_ROWS_SHOWN = 500;
export const ENCRYPTED_LABEL = 'Confidential note (encrypted)';

/** CSS for a cell as Sheets draws it: its style, and numbers right-aligned when nothing else is set. */
function cellCss(style: CellStyle, isNumber: boolean): string {
  const css: string[] = [];
  if (style.background) css.push(`background:${style.background}`, `color:${style.fontColor ?? '#000000'}`);
  else if (style.fontColor) css.push(`color:${style.fontColor}`);
  if (style.fontWeight === 'bold') css.push('font-weight:700');
  if (style.fontStyle === 'italic') css.push('font-style:italic');
  // Sheets sizes text in points.
  if (style.fontSize) css.push(`font-size:${style.fontSize}pt`);
  const align = style.horizontalAlignment ?? (isNumber ? 'right' : null);
  if (align) css.push(`text-align:${align}`);
  if (style.verticalAlignment) css.push(`vertical-align:${style.verticalAlignment}`);
  // Sheets overflows text into the empty cells beside it unless the cell wraps (its default OVERFLOW).
  if (style.wrap) css.push('white-space:pre-wrap', 'overflow-wrap:normal');
  return css.join(';');
}

// The dialog's frame: scripts, forms, modals and downloads, as Google's HtmlService IFRAME sandbox
// allows them ("HTML Service: Restrictions" lists allow-downloads among its keywords; an export dialog
// offers its file through <a download>); stricter than Google otherwise (no allow-same-origin, no
// popups), and the frame's CSP (server.ts) allows no network.
function renderDialog(dialog: ShownDialog & { id: string }): string {
  const sidebar = dialog.kind === 'sidebar';
  const width = sidebar ? 300 : Math.min(Math.max(dialog.width, 200), 1200);
  const height = sidebar ? '100%' : `${Math.min(Math.max(dialog.height, 120), 900)}px`;
  return `<div class="${sidebar ? 'sidebar' : 'overlay'}"><div class="dialog" role="dialog" aria-modal="${dialog.kind === 'modal'}" aria-labelledby="ft-dialog-title" style="width:${width}px">
    <div class="dialog-bar"><h2 id="ft-dialog-title">${escapeHtml(dialog.title)}</h2><button type="button" id="ft-dialog-close" aria-label="Close">×</button></div>
    <iframe id="ft-dialog-frame" title="${escapeHtml(dialog.title)}" sandbox="allow-scripts allow-forms allow-modals allow-downloads" src="/__host/dialog?id=${encodeURIComponent(dialog.id)}" style="height:${height}"></iframe>
  </div></div>`;
}

export function renderHostPage(runtime: Runtime, { tab: requestedTab, flash, nonce, dialog }: HostPageOptions): string {
  const sheets = runtime.host.sheets;
  const book = sheets.spreadsheet();
  const all = sheets.sheets();
  const current = all.find((s) => s.name === requestedTab) ?? all.find((s) => s.name === 'Sessions') ?? all[0]!;
  // As Sheets shows them: number formats (percentages, dates) applied; blank rows kept in place.
  const numRows = Math.max(current.lastRow, 1);
  const merged = sheets.mergedRanges(current.sheetId, 1, 1, numRows, current.maxColumns);
  // A merged block's empty columns are still columns of the table.
  const numColumns = Math.max(current.lastColumn, 1, ...merged.map(([, c, , nc]) => c + nc - 1));
  const values = sheets.getDisplayValues(current.sheetId, 1, 1, numRows, numColumns);
  const frozen = current.frozenRows;
  const header = frozen > 0 ? values.slice(0, frozen) : [];
  const body = values.slice(frozen);
  const shown = body.slice(0, MAX_ROWS_SHOWN);

  const chartData = sheets.charts(current.sheetId) as Record<string, ChartData>;
  const charts = Object.values(chartData).length
    ? `<section class="charts" aria-label="Charts">${Object.values(chartData)
        .map((chart) => {
          const key = chart.ranges[0];
          if (!key) return '';
          const [r1, c1, r2, c2] = key.split(':').map(Number) as [number, number, number, number];
          return `<figure>${chartSvg(chart, sheets.getCells(current.sheetId, r1, c1, r2 - r1 + 1, c2 - c1 + 1), book.timeZone)}</figure>`;
        })
        .join('')}</section>`
    : '';
  const menus = runtime.menus
    .map(
      (
        menu,
      ) => `<div class="menu" role="group" aria-label="${escapeHtml(menu.name)} menu"><span class="menu-name">${escapeHtml(menu.name)}</span>
      ${menu.items
        .map(
          (item) => `<form method="post" action="/__host/menu"><input type="hidden" name="fn" value="${escapeHtml(item.functionName)}">
          <input type="hidden" name="tab" value="${escapeHtml(current.name)}"><button type="submit">${escapeHtml(item.caption)}</button></form>`,
        )
        .join('')}</div>`,
    )
    .join('');
  const tabs = all
    .map((s) => {
      const name = s.name;
      const selected = name === current.name;
      return `<a href="/?tab=${encodeURIComponent(name)}" ${selected ? 'aria-current="page"' : ''}>${escapeHtml(name)}</a>`;
    })
    .join('');
  // Styles, merged blocks, column widths and row heights of the shown rows, as Sheets draws them.
  const lastShown = Math.min(numRows, frozen + MAX_ROWS_SHOWN);
  const styles = sheets.getStyles(current.sheetId, 1, 1, lastShown, numColumns);
  const raw = sheets.getCells(current.sheetId, 1, 1, lastShown, numColumns);
  const spans = new Map<string, [number, number]>();
  const covered = new Set<string>();
  for (const [r, c, nr, nc] of merged) {
    spans.set(`${r}:${c}`, [nr, nc]);
    for (let i = 0; i < nr; i++) for (let j = 0; j < nc; j++) if (i || j) covered.add(`${r + i}:${c + j}`);
  }
  const widths = Array.from({ length: numColumns }, (_, i) => sheets.getColumnWidth(current.sheetId, i + 1));
  const colgroup = `<colgroup><col class="n">${widths.map((w) => `<col style="width:${w}px">`).join('')}</colgroup>`;
  const sized = widths.some((w) => w !== DEFAULT_COLUMN_WIDTH);
  // Checkbox cells toggle with Space (host-edit.ts); every cell carries its coordinates for editing.
  // A confidential note's cell holds an encrypted envelope only its coach's extension can open: the page
  // says what it is instead of showing the ciphertext.
  const cell = (c: string) =>
    looksLikeEnvelope(c)
      ? `<span class="enc" title="Encrypted in the coach’s browser; only the coach can read it">${ENCRYPTED_LABEL}</span>`
      : escapeHtml(c);
  const rules = sheets.getValidations(current.sheetId, 1, 1, lastShown + 1 <= current.maxRows ? lastShown + 1 : lastShown, numColumns);
  const row = (cells: string[], tag: 'th' | 'td', n: number) => {
    const height = sheets.getRowHeight(current.sheetId, n);
    const tds = cells.map((text, i) => {
      const key = `${n}:${i + 1}`;
      if (covered.has(key)) return '';
      const span = spans.get(key);
      const style = styles[n - 1]?.[i] ?? {};
      const css = cellCss(style, typeof raw[n - 1]?.[i] === 'number');
      const attrs = [
        tag === 'th' ? ' scope="col"' : '',
        span && span[0] > 1 ? ` rowspan="${span[0]}"` : '',
        span && span[1] > 1 ? ` colspan="${span[1]}"` : '',
        css ? ` style="${escapeHtml(css)}"` : '',
        ` data-r="${n}" data-c="${i + 1}" data-a1="${a1Cell(n, i + 1)}" tabindex="-1"`,
        rules[n - 1]?.[i]?.criteria === 'CHECKBOX' ? ' data-checkbox="1"' : '',
      ].join('');
      return `<${tag}${attrs}>${cell(text)}</${tag}>`;
    });
    return `<tr${height !== DEFAULT_ROW_HEIGHT ? ` style="height:${height}px"` : ''}><th scope="row" class="n">${n}</th>${tds.join('')}</tr>`;
  };
  // Below the data, an empty row to type a new record into (the grid goes on, as in Sheets).
  const blank =
    shown.length === body.length && current.lastRow < current.maxRows
      ? row(Array<string>(numColumns).fill(''), 'td', current.lastRow + 1)
      : '';
  const table =
    values.length && values.some((r) => r.some((v) => v !== ''))
      ? `<table data-tab="${escapeHtml(current.name)}"${sized ? ` class="sized" style="width:calc(3rem + ${widths.reduce((a, b) => a + b, 0)}px)"` : ''}>${colgroup}<thead>${header.map((r, i) => row(r, 'th', i + 1)).join('')}</thead>
       <tbody>${shown.map((r, i) => row(r, 'td', frozen + i + 1)).join('')}${blank}</tbody></table>
       ${body.length > shown.length ? `<p class="note">Showing ${shown.length} of ${body.length} rows; export the workbook to see all.</p>` : ''}`
      : '<p class="note">This tab is empty.</p>';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(book.name)} — FollowThrough local sheet</title>
<style>
  :root { color-scheme: light dark; --line: #d0d7de; --head: #f3f5f7; --accent: #1a73e8; font: 14px/1.4 system-ui, sans-serif; }
  @media (prefers-color-scheme: dark) { :root { --line: #3b434b; --head: #22272e; --accent: #8ab4f8; } }
  body { margin: 0; }
  header { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
  h1 { font-size: 1.05rem; margin: 0; }
  .menu { display: flex; gap: .4rem; align-items: center; }
  .menu-name { font-weight: 600; }
  .menu form { margin: 0; }
  button { font: inherit; padding: .25rem .7rem; border: 1px solid var(--line); border-radius: 4px; background: transparent; color: inherit; cursor: pointer; }
  button:hover, button:focus-visible { border-color: var(--accent); }
  .flash { padding: .5rem 1rem; background: var(--head); border-bottom: 1px solid var(--line); }
  main { overflow: auto; padding: 0 0 3rem; }
  table { border-collapse: collapse; font-size: 13px; }
  th, td { border: 1px solid var(--line); padding: .2rem .45rem; text-align: left; vertical-align: top; max-width: 28rem; white-space: pre-wrap; overflow-wrap: anywhere; }
  thead th { background: var(--head); position: sticky; top: 0; }
  th.n { background: var(--head); color: GrayText; font-weight: normal; text-align: right; }
  table.sized { table-layout: fixed; }
  table.sized th, table.sized td { max-width: none; white-space: nowrap; overflow: visible; overflow-wrap: normal; }
  col.n { width: 3rem; }
  nav { position: fixed; bottom: 0; left: 0; right: 0; display: flex; gap: .2rem; padding: .3rem 1rem; border-top: 1px solid var(--line); background: Canvas; overflow-x: auto; }
  nav a { padding: .2rem .7rem; border-radius: 4px; color: inherit; text-decoration: none; white-space: nowrap; }
  nav a[aria-current] { background: var(--head); color: var(--accent); font-weight: 600; }
  .note { padding: 0 1rem; color: GrayText; }
  .enc { font-style: italic; color: GrayText; }
  .charts { display: flex; flex-wrap: wrap; gap: 1rem; padding: 1rem; }
  .charts figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: .5rem; }
  .overlay { position: fixed; inset: 0; background: rgb(0 0 0 / .45); display: grid; place-items: center; z-index: 10; }
  .sidebar { position: fixed; top: 0; right: 0; bottom: 0; z-index: 10; box-shadow: -2px 0 8px rgb(0 0 0 / .25); }
  .dialog { background: #fff; color: #202124; border-radius: 8px; overflow: hidden; max-width: 95vw; }
  .sidebar .dialog { height: 100%; border-radius: 0; display: flex; flex-direction: column; }
  .dialog-bar { display: flex; justify-content: space-between; align-items: center; padding: .6rem .6rem .2rem 1.2rem; }
  .dialog-bar h2 { font-size: 1.15rem; margin: 0; font-weight: 500; }
  .dialog-bar button { border: 0; font-size: 1.4rem; line-height: 1; padding: .1rem .5rem; color: #5f6368; }
  .dialog iframe { display: block; width: 100%; border: 0; padding: 0 1.2rem 1rem; box-sizing: border-box; background: #fff; }
  .sidebar iframe { flex: 1; }
  /* Columns keep a usable width and the grid scrolls sideways, as Sheets' grid does on a narrow screen. */
  td[data-c], th[data-c] { min-width: 6rem; }
  td.active, th.active { outline: 2px solid var(--accent); outline-offset: -2px; }
  td:focus, th:focus { outline: 2px solid var(--accent); outline-offset: -2px; }
  .cell-editor { font: inherit; width: 100%; box-sizing: border-box; border: 0; outline: 2px solid var(--accent); padding: 0 .1rem; background: Canvas; color: CanvasText; }
  #ft-cell-alert { position: fixed; top: .6rem; left: 50%; transform: translateX(-50%); max-width: 34rem; z-index: 20; padding: .6rem 1rem; border-radius: 6px; background: #fce8e6; color: #a50e0e; border: 1px solid #f4c7c3; box-shadow: 0 2px 6px rgb(0 0 0 / .2); }
  @media print {
    header, nav, .flash { display: none; }
    main { overflow: visible; padding: 0; }
    :root { color-scheme: light; }
    thead th { position: static; }
    .charts figure { break-inside: avoid; }
  }
</style></head>
<body>
<header><h1>${escapeHtml(book.name)}</h1><span class="note">Time zone ${escapeHtml(book.timeZone)}</span>${menus}</header>
${flash ? `<div class="flash" role="status">${escapeHtml(flash)}</div>` : ''}
<div id="ft-cell-alert" role="alert" hidden></div>
<main aria-label="${escapeHtml(current.name)} tab">${table}${charts}</main>
<nav aria-label="Tabs">${tabs}</nav>
${dialog ? `${renderDialog(dialog)}<script nonce="${escapeHtml(nonce)}">${HOST_BRIDGE}</script>` : ''}
<script nonce="${escapeHtml(nonce)}">${HOST_EDITOR}</script>
</body></html>`;
}
