/** `lanaudit report` through the CLI entry point, on an inventory filled by the real identification. */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { identify } from '../../src/identify/identify.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { cycloneDx16Validator } from './cyclonedx-schema.js';
import { HOSTILE } from './fixtures.js';
import { scopeOf } from '../inventory/helpers.js';

let dir: string;
let db: string;

function scan(inv: Inventory, observations: Observation[]): void {
  const id = inv.scans.begin({ scope: scopeOf('10.80.0.0/24'), engine: 'native' });
  inv.observations.record(id, observations);
  const devices = inv.observations.resolveDevices(id);
  inv.verdicts.saveAll(id, devices.map((d) => [d, identify(inv.devices.observations(d))] as const));
  inv.scans.finish(id, 'complete', { hosts: devices.length, flagged: 0 });
}

const obs = (ip: string, mac: string, at: string, extra: Omit<Observation, 'ip' | 'at' | 'source'>[] = []): Observation[] => [
  { ip, mac, kind: 'mac', value: mac, source: 'neigh', at },
  ...extra.map((e) => ({ ...e, ip, at, source: 'http' })),
];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-report-cli-'));
  db = path.join(dir, 'inventory.db');
  let now = new Date('2026-11-01T09:00:00Z');
  const inv = Inventory.open(db, { now: () => now });
  scan(inv, obs('10.80.0.5', '00:14:22:01:02:03', now.toISOString())); // Dell, seen only in the old scan
  now = new Date('2026-11-20T09:00:00Z');
  scan(inv, [
    ...obs('10.80.0.10', '58:50:ed:1f:e3:85', now.toISOString(), [{ kind: 'http.title', value: HOSTILE.script }, { kind: 'hostname', value: HOSTILE.img }]),
    ...obs('10.80.0.11', '08:ed:ed:87:42:7a', now.toISOString(), [{ kind: 'http.server', value: HOSTILE.hyperlink }]),
  ]);
  // Triage as `lanaudit triage` records it: the Dahua camera is a false positive.
  const dahua = inv.devices.list({}).find((d) => d.ip === '10.80.0.11');
  if (dahua) inv.triage.record(dahua.id, { status: 'false-positive', note: 'lab simulator', by: 'tester', at: now.toISOString(), until: null, scanId: null });
  inv.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function report(...args: string[]): Promise<number> {
  return main(['node', 'lanaudit', '--db', db, 'report', ...args]);
}

describe('lanaudit report (CLI)', () => {
  it('writes every format to a file', async () => {
    for (const [format, file] of [['json', 'r.json'], ['csv', 'r.csv'], ['html', 'r.html'], ['md', 'r.md'], ['far', 'far.md'], ['far', 'far.html'], ['far-html', 'far2.html'], ['cyclonedx', 'bom.json']] as const) {
      const out = path.join(dir, file);
      expect(await report('--format', format, '-o', out, '--org', 'Example Corp', '--contract', 'C-1', '--order', 'O-1,O-2', '--uei', 'UEI123456789', '--cage', '1ABC2'), format).toBe(0);
      expect(readFileSync(out, 'utf8').length, format).toBeGreaterThan(100);
    }
    const json = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { summary: { devices: number; covered: number }; context: Record<string, unknown> };
    expect(json.summary).toMatchObject({ devices: 3, covered: 2 });
    expect(json.context).toMatchObject({ organization: 'Example Corp', contract: 'C-1', orders: ['O-1', 'O-2'], scanWindow: { scans: 2 } });
    expect(readFileSync(path.join(dir, 'far.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(path.join(dir, 'far.md'), 'utf8')).toMatch(/^# Report of covered telecommunications equipment/);
    const far = readFileSync(path.join(dir, 'far2.html'), 'utf8');
    for (const v of ['C-1', 'O-1, O-2', 'Example Corp', 'UEI123456789', '1ABC2', '10.80.0.10']) expect(far).toContain(v);
    expect(far).not.toContain('10.80.0.11'); // triaged as a false positive
    const html = readFileSync(path.join(dir, 'r.html'), 'utf8');
    expect(html).toContain('Example Corp');
    expect(html).not.toContain('<script>window');
    const v = cycloneDx16Validator();
    expect(v(JSON.parse(readFileSync(path.join(dir, 'bom.json'), 'utf8')))).toBe(true);
  });

  it('--since limits the report to devices seen since then, --flagged to covered ones', async () => {
    const out = path.join(dir, 'since.json');
    expect(await report('--since', '2026-11-10', '-o', out)).toBe(0);
    const since = JSON.parse(readFileSync(out, 'utf8')) as { devices: { ip: string }[]; context: { since: string; scanWindow: { scans: number } } };
    expect(since.devices.map((d) => d.ip).sort()).toEqual(['10.80.0.10', '10.80.0.11']);
    expect(since.context).toMatchObject({ since: '2026-11-10T00:00:00.000Z', scanWindow: { scans: 1 } });
    expect(await report('--flagged', '--format', 'csv', '-o', out)).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\r\n')).toHaveLength(3);
  });

  it('FAR clause and deadlines are options', async () => {
    const out = path.join(dir, 'far-72h.md');
    expect(await report('--format', 'far', '--clause', '52.240-91(d)', '--far-initial', '72h', '--far-followup', 'none', '-o', out)).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('52.240-91');
    expect(text).toContain('72 hours');
  });

  it('takes triage from the inventory: the FAR report leaves out the false positive', async () => {
    const out = path.join(dir, 'far-triage.md');
    expect(await report('--format', 'far', '-o', out)).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('10.80.0.10');
    expect(text).not.toContain('10.80.0.11');
    expect(text).toContain('1 covered device(s) excluded as waived or false positive');
    const json = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { devices: { ip: string; triage: { status: string } | null }[] };
    expect(json.devices.find((d) => d.ip === '10.80.0.11')?.triage?.status).toBe('false-positive');
    expect(json.devices.find((d) => d.ip === '10.80.0.10')?.triage).toBeNull();
  });

  it('takes report facts from the config file; options win', async () => {
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, 'report:\n  organization: Config Corp\n  contract: CFG-9\n  order: ["A-1", "A-2"]\n  uei: ABCDEFGH1234\n  cage: 1A2B3\n  farClause: 52.240-91(d)\n  deadlines: { initial: 72h, followUp: null }\n', { mode: 0o600 });
    const out = path.join(dir, 'far-config.md');
    expect(await main(['node', 'lanaudit', '--db', db, '--config', config, 'report', '--format', 'far', '--contract', 'CLI-1', '-o', out])).toBe(0);
    const text = readFileSync(out, 'utf8');
    for (const v of ['Config Corp', 'CLI-1', 'A-1, A-2', 'ABCDEFGH1234', '1A2B3', '52.240-91', '72 hours', 'single report']) expect(text, v).toContain(v);
    expect(text).not.toContain('CFG-9');
  });

  it('refuses bad dates, deadlines and formats with a usage error', async () => {
    expect(await report('--since', 'yesterday-ish')).toBe(2);
    expect(await report('--format', 'far', '--far-initial', 'soon')).toBe(2);
    expect(await report('--format', 'pdf')).toBe(2);
  });

  it('-o never writes through a symbolic link: a link to a root-only file is refused and the file is untouched', async () => {
    const victim = path.join(dir, 'shadow');
    writeFileSync(victim, 'root-only secret\n', { mode: 0o600 });
    const link = path.join(dir, 'planted.csv');
    symlinkSync(victim, link);
    expect(await report('--format', 'csv', '-o', link)).toBe(2);
    expect(readFileSync(victim, 'utf8')).toBe('root-only secret\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(await report('--format', 'csv', '-o', dir)).toBe(2);
  });

  it('-o replaces an existing file with a new one of its own owner and mode, leaving no temporary file', async () => {
    const out = path.join(dir, 'theirs.csv');
    writeFileSync(out, 'old\n');
    chmodSync(out, 0o666);
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }));
    if (process.geteuid?.() === 0) chownSync(out, nobody, nobody);
    expect(await report('--format', 'csv', '-o', out)).toBe(0);
    const stat = statSync(out);
    expect(stat.mode & 0o777).toBe(0o640 & ~process.umask());
    expect(stat.uid).toBe(process.geteuid?.());
    expect(readFileSync(out, 'utf8')).toMatch(/^ip,mac,status/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
