import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CSV_CELL_MAX, csvRecords } from '../../src/report/csv-report.js';
import type { ReportDevice } from '../../src/report/report-device.js';
import { plainText } from '../../src/util/safe-text.js';
import { DEVICES, HOSTILE, INPUT, INPUT_WITH_TRIAGE, META } from './fixtures.js';
import { render } from './render.js';
import { deviceList } from '../../src/report/device-list.js';

const FORMULA_START = /^[=+\-@\t\r]/;

async function rows(input = INPUT): Promise<Record<string, string>[]> {
  const { text } = await render('csv', input);
  return parse(text, { columns: true, bom: false, relax_quotes: false }) as Record<string, string>[];
}

/** What the spreadsheet should show: the device's text made inert and bounded as in every format, with a leading ' when it would run as a formula. */
const expected = (value: string) => {
  const shown = plainText(value, CSV_CELL_MAX);
  return FORMULA_START.test(shown) ? `'${shown}` : shown;
};

describe('CSV report', () => {
  it('is RFC 4180: CRLF records, a header, one row per device', async () => {
    const { text } = await render('csv', INPUT);
    expect(text.startsWith('ip,mac,status,covered,manufacturer,manufacturer_name,brand,model,confidence,randomized_mac,first_seen,last_seen,evidence,serial,triage_status')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(await rows()).toHaveLength(DEVICES.length);
  });

  it('keeps every device string but its control characters and its length (quotes, commas), and the formula guard', async () => {
    const parsed = await rows();
    const byIp = new Map(parsed.map((r) => [r.ip, r]));
    const fields: [keyof ReportDevice, string][] = [
      ['manufacturer', 'manufacturer'],
      ['manufacturerName', 'manufacturer_name'],
      ['brand', 'brand'],
      ['model', 'model'],
      ['serial', 'serial'],
      ['mac', 'mac'],
    ];
    for (const d of DEVICES) {
      const row = byIp.get(d.ip);
      expect(row, d.ip).toBeDefined();
      for (const [key, column] of fields) {
        const value = (d[key] as string | null) ?? '';
        expect(row?.[column], `${d.ip} ${column}`).toBe(expected(value));
      }
      expect(row?.status).toBe(d.status);
      expect(Number(row?.confidence)).toBe(d.confidence);
    }
  });

  it('neutralizes every cell a spreadsheet would execute', async () => {
    const cells = (await rows()).flatMap((r) => Object.values(r));
    for (const c of cells) expect(c, JSON.stringify(c.slice(0, 40))).not.toMatch(FORMULA_START);
    for (const attack of [HOSTILE.hyperlink, HOSTILE.plusCmd, HOSTILE.minus, HOSTILE.at]) expect(cells).toContain(`'${attack}`);
    // A leading tab or CR is a space like every control character: no formula either.
    for (const attack of [HOSTILE.tab, HOSTILE.cr]) expect(cells).toContain(` ${attack.slice(1)}`);
  });

  it('carries no control or bidi character (an ESC from a UPnP manufacturer, U+202E), and bounds every cell with a visible marker', async () => {
    const { text } = await render('csv', INPUT);
    const body = text.replaceAll('\r\n', '');
    expect(body).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
    const cells = (await rows()).flatMap((r) => Object.values(r));
    expect(Math.max(...cells.map((c) => c.length))).toBe(CSV_CELL_MAX);
    const evidence = cells.find((c) => c.includes(HOSTILE.longWord.slice(0, 100)));
    expect(evidence?.endsWith('…')).toBe(true);
    expect(cells).toContain('?[2J?[31mRED?[0m?]0;title?');
  });

  it('carries triage fields when triage is recorded (an expired waiver reads open)', async () => {
    const byIp = new Map((await rows(INPUT_WITH_TRIAGE)).map((r) => [r.ip, r]));
    expect(byIp.get('10.79.0.51')).toMatchObject({ triage_status: 'acknowledged', triage_by: 'J. Doe', triage_at: '2026-11-21T10:00:00.000Z' });
    expect(byIp.get('10.79.0.50')).toMatchObject({ triage_status: 'open', triage_until: '2026-06-30T00:00:00.000Z' });
    expect(byIp.get('10.79.0.9')?.triage_status).toBe('waiver');
    expect(byIp.get('10.79.0.61')?.triage_status).toBe('open');
    expect((await rows())[0]?.triage_status).toBe('');
  });

  it('writes only the header for an empty inventory', async () => {
    expect(await rows({ meta: META, devices: deviceList([]) })).toEqual([]);
  });

  it('writes records byte for byte as csv-stringify does with the formula guard and the inert-text cast (hostile cells, numbers, long text)', () => {
    // The options the report used csv-stringify with before its cells were written in csv-report.ts.
    const options = {
      escape_formulas: true,
      record_delimiter: 'windows',
      quoted_match: /[\r\n",]/,
      cast: { string: (value: string) => plainText(value, CSV_CELL_MAX) },
    } as const;
    const alphabet = ['a', 'Z', '0', ' ', ',', '"', "'", '\r', '\n', '\t', '=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', '\u202e', '\u0000', '\u001b', '\u0085', 'é', '\u{1d11e}', '|', ':'];
    // A fixed seed: the same cells every run.
    let seed = 12345;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const text = () => Array.from({ length: next(5) === 0 ? 1_990 + next(30) : next(12) }, () => alphabet[next(alphabet.length)]).join('');
    const numbers = [0, 1, 0.9, 20, -3, -0.5, 1e21];
    const rows = Array.from({ length: 2_000 }, () => Array.from({ length: 1 + next(8) }, () => (next(4) === 0 ? numbers[next(numbers.length)]! : text())));
    rows.push(['', '', ''], ['-1', '=1+1', '"quoted"']);
    expect(csvRecords(rows)).toBe(stringify(rows, options));
  });
});
