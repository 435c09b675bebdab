/** Median and spread of repeated measurements, and the rows the bench prints and stores. */

export interface Sample {
  /** Every measurement, in run order. */
  readonly values: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function sample(values: readonly number[]): Sample {
  if (values.length === 0) return { values, median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { values, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** One line of the results table: a lanaudit figure, its anchor in the same run, and the target. */
export interface Row {
  readonly figure: string;
  readonly unit: string;
  readonly lanaudit: Sample;
  /** The anchor's name and figure; absent for absolute targets (throughput, memory). */
  readonly anchor?: { readonly name: string; readonly sample: Sample };
  /** lanaudit median / anchor median. */
  readonly ratio?: number;
  readonly target: string;
  /** null when the figure has no target of its own (context rows). */
  readonly met: boolean | null;
  readonly note?: string;
}

export function row(fields: Omit<Row, 'ratio'>): Row {
  const ratio = fields.anchor ? fields.lanaudit.median / fields.anchor.sample.median : undefined;
  return ratio === undefined ? fields : { ...fields, ratio };
}

function num(x: number, unit: string): string {
  if (!Number.isFinite(x)) return '-';
  if (unit === 's') return x < 1 ? `${(x * 1000).toFixed(0)} ms` : `${x.toFixed(2)} s`;
  if (x >= 1000) return `${Math.round(x).toLocaleString('en-US')} ${unit}`;
  return `${Number(x.toPrecision(3))} ${unit}`;
}

/** "1.23 s (1.10–1.40)": median, then the range over the runs when there were several. */
export function formatSample(s: Sample, unit: string): string {
  const spread = s.values.length > 1 ? ` (${num(s.min, unit)}–${num(s.max, unit)})` : '';
  return `${num(s.median, unit)}${spread}`;
}

export function formatTable(rows: readonly Row[]): string {
  const header = ['figure', 'lanaudit (median, range)', 'anchor', 'ratio', 'target', 'met?'];
  const lines = rows.map((r) => [
    r.figure,
    formatSample(r.lanaudit, r.unit),
    r.anchor ? `${r.anchor.name}: ${formatSample(r.anchor.sample, r.unit)}` : '-',
    r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}×`,
    r.target,
    r.met === null ? '-' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.figure}: ${r.note}`);
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

/**
 * Runs each measurement of a pair `reps` times, alternating which goes first (A B, B A, …) so a
 * drift in the machine's load does not favour one side.
 */
export async function alternate<K extends string>(reps: number, order: readonly K[], run: (which: K, rep: number) => Promise<number>): Promise<Record<K, number[]>> {
  const out = Object.fromEntries(order.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let rep = 0; rep < reps; rep += 1) {
    const turn = rep % 2 === 0 ? order : [...order].reverse();
    for (const which of turn) out[which].push(await run(which, rep));
  }
  return out;
}
