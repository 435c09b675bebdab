import { plainText, safeJson } from '../util/safe-text.js';

/** Colour only on a TTY and never with NO_COLOR (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

const CODES = { red: 31, yellow: 33, green: 32, bold: 1, dim: 2 } as const;
export type Style = keyof typeof CODES;

export function paint(text: string, style: Style, color = useColor()): string {
  return color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

export interface TableOptions {
  readonly maxCell?: number;
  /** Decorates a padded cell (colour); padding is computed on the plain text first. */
  readonly styleCell?: (row: number, col: number, padded: string) => string;
}

/** A plain-text table; every cell passes through plainText, so device text cannot steer the terminal. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const cells = rows.map((r) => r.map((c) => plainText(c, options.maxCell ?? 60)));
  // A loop, not Math.max(...column): a spread of 125k+ rows (`devices` on a large site) overflows the call stack.
  const widths = headers.map((h) => h.length);
  for (const r of cells) widths.forEach((w, i) => (widths[i] = Math.max(w, (r[i] ?? '').length)));
  const line = (r: readonly string[], row: number) =>
    r
      .map((c, col) => {
        const padded = c.padEnd(widths[col] ?? 0);
        return row >= 0 && options.styleCell ? options.styleCell(row, col, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(headers, -1), line(widths.map((w) => '-'.repeat(w)), -1), ...cells.map(line)].join('\n');
}

export function print(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Indented JSON safe to show on a terminal. */
export function terminalJson(value: unknown): string {
  return safeJson(value, 2);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${terminalJson(value)}\n`);
}
