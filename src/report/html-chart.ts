import type { MakerCount } from './summary.js';
import { escapeHtml, htmlText } from './text-escape.js';

const STATUSES = ['covered', 'review', 'clear', 'unidentified'] as const;
const COLORS: Readonly<Record<(typeof STATUSES)[number], string>> = { covered: '#b3261e', review: '#a15c00', clear: '#2e7d32', unidentified: '#9ca3af' };

/** Inline SVG: one stacked bar per maker (devices by status). Presentation attributes only: the CSP forbids style attributes. */
export function chartSvg(rows: readonly MakerCount[]): string {
  if (rows.length === 0) return '';
  const label = 150;
  const barMax = 300;
  const rowH = 20;
  const top = 22;
  const height = top + rows.length * rowH + 6;
  const max = Math.max(...rows.map((r) => r.total));
  const legend = STATUSES.map(
    (s, i) => `<rect x="${label + i * 80}" y="4" width="10" height="10" fill="${COLORS[s]}"/><text x="${label + i * 80 + 14}" y="13">${s}</text>`,
  ).join('');
  const bars = rows
    .map((r, i) => {
      const y = top + i * rowH;
      let x = label;
      const parts = STATUSES.filter((s) => r[s] > 0).map((s) => {
        const w = Math.max(1, (r[s] / max) * barMax);
        const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${COLORS[s]}"><title>${escapeHtml(`${s}: ${r[s]}`)}</title></rect>`;
        x += w;
        return rect;
      });
      return `<text x="${label - 6}" y="${y + 11}" text-anchor="end">${htmlText(r.maker, 24)}</text>${parts.join('')}<text x="${(x + 4).toFixed(1)}" y="${y + 11}">${r.total}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="Devices by maker and status" viewBox="0 0 ${label + barMax + 50} ${height}" xmlns="http://www.w3.org/2000/svg">${legend}${bars}</svg>`;
}
