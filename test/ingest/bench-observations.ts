/**
 * The throughput benchmark's `lanaudit identify` input, shared with the golden test so that the
 * verdicts the benchmark times are verdicts the golden test pins. Reads only the site-small
 * fixture: the benchmark's memory figure must not include test helpers' tables.
 */
import { readFileSync } from 'node:fs';

export interface Row {
  readonly kind: string;
  readonly value: string;
  readonly port?: number;
}

export const jsonl = (url: URL): Row[] =>
  readFileSync(url, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Row);

// Real values to draw from: the site-small fixture's observations (one lab scan) minus their MACs.
export const fixture = jsonl(new URL('../identify/fixtures/site-small.jsonl', import.meta.url)).filter((row) => row.kind !== 'mac');
const macPrefixes = ['58:50:ed', 'bc:ad:28', '00:e0:fc', 'cc:1a:fa', 'a4:83:e7', '3c:2a:f4', '00:e0:4c', '08:ea:40', '90:09:d0', 'f4:cf:e2'];

/**
 * The benchmark's mix: ten observations per device, every device has a MAC (ten prefixes, covered
 * and not), the rest drawn from a lab scan (open ports, banners, a few discovery answers).
 */
export function* benchLines(total: number, perDevice = 10): Generator<string> {
  let n = 0;
  for (let device = 0; n < total; device += 1) {
    const hex = device.toString(16).padStart(6, '0');
    const mac = `${macPrefixes[device % macPrefixes.length]}:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
    const id = `dev-${device}`;
    yield `${JSON.stringify({ device: id, kind: 'mac', value: mac })}\n`;
    n += 1;
    for (let i = 1; i < perDevice && n < total; i += 1, n += 1) {
      const row = fixture[(device * 7 + i * 13) % fixture.length]!;
      yield `${JSON.stringify({ device: id, kind: row.kind, value: row.value, ...(row.port === undefined ? {} : { port: row.port }) })}\n`;
    }
  }
}

