import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identifyJsonl } from '../../src/ingest/identify-jsonl.js';
import { readLines } from '../../src/ingest/line-reader.js';
import { benchLines } from './bench-observations.js';

async function* from(...chunks: string[]): AsyncGenerator<string> {
  yield* chunks;
}

async function run(text: string, unsorted = false) {
  const warnings: string[] = [];
  let out = '';
  const result = await identifyJsonl(from(text), { unsorted, warn: (m) => warnings.push(m), write: (t) => void (out += t) });
  const verdicts = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { result, warnings, verdicts };
}

const truth = JSON.parse(readFileSync(new URL('../lab/profiles/site-small.json', import.meta.url), 'utf8')) as {
  devices: { mac: string; id: string; truth: { covered: string | null; brand: string | null } }[];
};
const fixture = readFileSync(new URL('../identify/fixtures/site-small.jsonl', import.meta.url), 'utf8');

describe('identify over JSON Lines', () => {
  it('site-small observations: every covered device flagged with its entity, no look-alike flagged, labels from the device itself', async () => {
    const { verdicts, warnings } = await run(fixture);
    expect(warnings).toEqual([]);
    const byMac = new Map(verdicts.map((v) => [v['device'], v]));
    for (const device of truth.devices) {
      const v = byMac.get(device.mac);
      expect(v, device.id).toBeDefined();
      expect(v?.['status'] === 'covered' ? v['covered'] : null, device.id).toBe(device.truth.covered);
    }
    // The LTS camera's MAC is a Wi-Fi module maker's (Bilian); its ONVIF name says LTS.
    expect(byMac.get('08:ea:40:3c:9d:21')).toMatchObject({ status: 'covered', covered: 'hikvision', brand: 'LTS' });
    // The Xiongmai DVR's MAC is Realtek's NIC default: no brand, and Realtek is not its maker.
    const dvr = byMac.get('00:e0:4c:68:1d:32');
    expect(dvr?.['brand']).toBeNull();
    expect(String(dvr?.['manufacturer'])).not.toMatch(/realtek/i);
    expect(byMac.get('9c:8e:cd:1f:3a:7b')).toMatchObject({ covered: 'dahua', brand: 'Amcrest' });
    expect(byMac.get('ac:cc:8e:51:0e:3d')).toMatchObject({ brand: 'Axis' });
  });

  it('reports malformed lines and unknown kinds by line number and keeps going', async () => {
    const text = [
      '{"device":"a","kind":"mac","value":"58:50:ed:1f:e3:85"}',
      'not json',
      '{"device":"a","kind":"banner.of.doom","value":"x"}',
      '{"device":"a","kind":"http.server","value":7}',
      '[1,2]',
      '',
      '{"device":"b","kind":"http.server","value":"App-webs/","port":99999}',
    ].join('\n');
    const { result, warnings, verdicts } = await run(text);
    expect(verdicts.map((v) => v['device'])).toEqual(['a', 'b']);
    expect(warnings).toEqual([
      'line 2: not JSON: skipped',
      'line 3: unknown kind "banner.of.doom": skipped',
      'line 4: "value" must be a string: skipped',
      'line 5: not a JSON object: skipped',
      'line 7: "port" is not a port number (1-65535): ignored',
    ]);
    expect(result).toMatchObject({ observations: 2, devices: 2, skipped: 4 });
    expect(verdicts[0]).toMatchObject({ status: 'covered', covered: 'hikvision' });
  });

  it('a device seen again after its group is reported; --unsorted gathers it into one verdict', async () => {
    const text = [
      '{"device":"x","kind":"http.server","value":"App-webs/"}',
      '{"device":"y","kind":"mac","value":"a4:83:e7:25:c1:6a"}',
      '{"device":"x","kind":"sadp.reply","value":"<ProbeMatch><Types>inquiry</Types></ProbeMatch>"}',
    ].join('\n');
    const sorted = await run(text);
    expect(sorted.verdicts.map((v) => v['device'])).toEqual(['x', 'y', 'x']);
    expect(sorted.warnings[0]).toMatch(/^line 3: device "x" appears again/);
    const unsorted = await run(text, true);
    expect(unsorted.verdicts.map((v) => v['device'])).toEqual(['x', 'y']);
    expect(unsorted.warnings).toEqual([]);
  });
});

describe('readLines', () => {
  it('splits across chunks, handles CRLF and a last line without newline, and skips over-long lines without holding them', async () => {
    const lines = [];
    for await (const line of readLines(from('ab', 'c\r\nde', 'f\n', 'x'.repeat(50), 'y'.repeat(50), '\nlast'), 64)) lines.push(line);
    expect(lines).toEqual([
      { line: 1, text: 'abc' },
      { line: 2, text: 'def' },
      { line: 3, tooLong: 100 },
      { line: 4, text: 'last' },
    ]);
  });
});

describe('identify output', () => {
  it('leaves in chunks of whole lines as it goes, sorted or --unsorted, never held until the end', async () => {
    const input = [...benchLines(20_000)].join('');
    for (const unsorted of [false, true]) {
      const chunks: Buffer[] = [];
      const result = await identifyJsonl(from(input), { unsorted, warn: () => undefined, write: (chunk) => void chunks.push(chunk) });
      expect(result.devices).toBe(2_000);
      expect(chunks.length).toBeGreaterThan(10);
      for (const chunk of chunks) {
        expect(chunk.at(-1)).toBe(0x0a);
        expect(chunk.length).toBeLessThan(256 * 1024);
      }
      expect(Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean)).toHaveLength(2_000);
    }
  });
});
