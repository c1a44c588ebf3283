// Draws an embedded chart as SVG for the sheet host page: labels from the first column of its range,
// one series per other column (header row = series names). Text is escaped.
import { escapeHtml } from '../../shared/html';
import { displayValue } from '../workbook/display';
import type { ChartData } from '../facade/charts';
import type { Cell } from '../workbook/workbook';

const COLORS = ['#1a73e8', '#e8710a', '#188038', '#d01884', '#9334e6'];

export function chartSvg(chart: ChartData, cells: Cell[][], timeZone: string): string {
  const headers = Number(chart.options.numHeaders ?? 1);
  const names = headers > 0 ? (cells[0] ?? []).slice(1).map((c) => displayValue(c, timeZone)) : [];
  const rows = cells.slice(Math.max(headers, 0)).filter((r) => r.some((c) => c !== null));
  const labels = rows.map((r) => displayValue(r[0] ?? null, timeZone));
  const series = (cells[0] ?? []).slice(1).map((_, s) => rows.map((r) => (typeof r[s + 1] === 'number' ? (r[s + 1] as number) : 0)));
  const title = String(chart.options.title ?? '');
  const width = 560;
  const height = 260;
  const pad = { left: 44, right: 12, top: title ? 28 : 12, bottom: 46 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...series.flat());
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const step = plotW / Math.max(labels.length, 1);
  const parts: string[] = [];
  if (title) parts.push(`<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">${escapeHtml(title)}</text>`);
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ccc" stroke-width="0.5"/>`);
    parts.push(
      `<text x="${pad.left - 4}" y="${y(v) + 4}" text-anchor="end" font-size="10">${escapeHtml(String(Math.round(v * 100) / 100))}</text>`,
    );
  }
  // Dates lose their year, and with many points only every n-th label is written, so none overlap.
  const every = Math.max(1, Math.ceil(labels.length / Math.floor(plotW / 48)));
  labels.forEach((label, i) => {
    if (i % every) return;
    const short = /^\d{4}-\d{2}-\d{2}$/.test(label) ? label.slice(5) : label.slice(0, 12);
    parts.push(
      `<text x="${pad.left + step * (i + 0.5)}" y="${height - pad.bottom + 14}" text-anchor="middle" font-size="10">${escapeHtml(short)}</text>`,
    );
  });
  series.forEach((values, s) => {
    const color = COLORS[s % COLORS.length]!;
    if (chart.type === 'LINE' || chart.type === 'AREA') {
      const points = values.map((v, i) => `${pad.left + step * (i + 0.5)},${y(v)}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>`);
    } else {
      const barW = (step * 0.8) / series.length;
      values.forEach((v, i) => {
        const x = pad.left + step * i + step * 0.1 + barW * s;
        parts.push(
          `<rect x="${x}" y="${y(v)}" width="${barW}" height="${pad.top + plotH - y(v)}" fill="${color}"><title>${escapeHtml(`${labels[i]}: ${v}`)}</title></rect>`,
        );
      });
    }
  });
  names.forEach((name, s) => {
    parts.push(
      `<rect x="${pad.left + s * 140}" y="${height - 16}" width="10" height="10" fill="${COLORS[s % COLORS.length]}"/><text x="${pad.left + s * 140 + 14}" y="${height - 7}" font-size="11">${escapeHtml(name)}</text>`,
    );
  });
  return `<svg role="img" aria-label="${escapeHtml(title || 'Chart')}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" fill="currentColor">${parts.join('')}</svg>`;
}
