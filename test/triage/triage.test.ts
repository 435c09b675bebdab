import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { effectiveStatus, parseUntil, recordDecision, triageLabel, triageState } from '../../src/triage/triage.js';
import { UsageError } from '../../src/util/errors.js';
import { device, scanAndTrack, tempDbPath, testClock, useTempDirs } from '../changes/helpers.js';

const tempDir = useTempDirs();
const LAN = ['10.0.0.0/24'];
const CAM_A = '58:50:ed:00:00:01';
const CAM_B = '58:50:ed:00:00:02';
const PRINTER = '00:1b:a9:00:00:02';

afterEach(() => {
  vi.restoreAllMocks();
});

/** An inventory with two covered cameras and a printer, two scans apart (the printer arrives in the second). */
async function site(): Promise<string> {
  const path = tempDbPath(tempDir);
  const clock = testClock(new Date(Date.now() - 86_400_000).toISOString());
  const inv = Inventory.open(path, { now: clock.now });
  await scanAndTrack(inv, LAN, [...device('10.0.0.5', CAM_A, clock.iso()), ...device('10.0.0.6', CAM_B, clock.iso())], { now: clock.now });
  clock.advance();
  await scanAndTrack(inv, LAN, [...device('10.0.0.5', CAM_A, clock.iso()), ...device('10.0.0.6', CAM_B, clock.iso()), ...device('10.0.0.2', PRINTER, clock.iso())], { now: clock.now });
  inv.close();
  return path;
}

/** Runs the CLI in-process; returns its exit code and what it printed. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'lanaudit', ...args]);
    return { code, out, err };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}

describe('triage decisions', () => {
  it('records who and when, keeps the history, and refuses what makes no sense', async () => {
    const inv = Inventory.open(await site());
    const now = new Date();
    const { record } = recordDecision(inv, CAM_A, { status: 'acknowledged', note: 'replacement ordered', by: 'ann' }, now);
    expect(record).toMatchObject({ status: 'acknowledged', by: 'ann', at: now.toISOString(), until: null, note: 'replacement ordered' });
    recordDecision(inv, '10.0.0.5', { status: 'waiver', note: 'waiver W-12', until: '2099-12-31', by: 'bob' }, now);
    const id = inv.devices.find(CAM_A)!.id;
    expect(inv.triage.history(id).map((h) => [h.status, h.by, h.until])).toEqual([
      ['acknowledged', 'ann', null],
      ['waiver', 'bob', '2099-12-31T23:59:59.999Z'],
    ]);
    expect(triageState(inv).get(id)).toMatchObject({ status: 'waiver', by: 'bob' });

    expect(() => recordDecision(inv, CAM_A, { status: 'removed', note: '  ' })).toThrow(/--note/);
    expect(() => recordDecision(inv, CAM_A, { status: 'acknowledged', note: 'x', until: '2099-01-01' })).toThrow(/waiver only/);
    expect(() => recordDecision(inv, CAM_A, { status: 'waiver', note: 'x', until: '2001-01-01' })).toThrow(/already past/);
    expect(() => recordDecision(inv, '10.0.0.99', { status: 'removed', note: 'x' })).toThrow(UsageError);
    expect(() => recordDecision(inv, CAM_A, { status: 'removed', note: 'x', by: 'lanaudit' })).toThrow(/reserved/);
    inv.close();
  });

  it('defaults the decider to the user behind sudo', async () => {
    const inv = Inventory.open(await site());
    vi.stubEnv('SUDO_USER', 'carol');
    try {
      expect(recordDecision(inv, CAM_B, { status: 'false-positive', note: 'Axis camera, OUI reused' }).record.by).toBe('carol');
    } finally {
      vi.unstubAllEnvs();
    }
    inv.close();
  });

  it('a waiver past its end is open again', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(effectiveStatus({ status: 'waiver', until: '2026-05-31T23:59:59.999Z' }, now)).toBe('open');
    expect(effectiveStatus({ status: 'waiver', until: '2026-06-30T23:59:59.999Z' }, now)).toBe('waiver');
    expect(effectiveStatus({ status: 'waiver', until: null }, now)).toBe('waiver');
    expect(effectiveStatus(undefined, now)).toBe('open');
    expect(triageLabel({ status: 'waiver', until: '2026-05-31T23:59:59.999Z' }, now)).toBe('open (waiver ended 2026-05-31)');
    expect(triageLabel({ status: 'waiver', until: '2026-06-30T23:59:59.999Z' }, now)).toBe('waiver to 2026-06-30');
    expect(parseUntil('2026-06-30')).toBe('2026-06-30T23:59:59.999Z');
    expect(() => parseUntil('next week')).toThrow(UsageError);
  });
});

describe('CLI: triage, devices --open, show, changes', () => {
  it('a triaged device leaves `devices --flagged --open`; `devices --flagged` shows each state; `show` prints the history', async () => {
    const db = await site();
    expect((await cli('--db', db, 'devices', '--flagged', '--open')).out).toMatch(/10\.0\.0\.5[\s\S]*10\.0\.0\.6[\s\S]*2 devices need action/);

    const triaged = await cli('--db', db, 'triage', CAM_A, '--status', 'acknowledged', '--note', 'replacement ordered', '--by', 'ann');
    expect(triaged.code).toBe(0);
    expect(triaged.out).toMatch(/10\.0\.0\.5 .*acknowledged — recorded by ann/);

    const open = await cli('--db', db, 'devices', '--flagged', '--open');
    expect(open.out).not.toContain('10.0.0.5');
    expect(open.out).toMatch(/10\.0\.0\.6[\s\S]*1 device needs action/);

    const flagged = await cli('--db', db, 'devices', '--flagged');
    expect(flagged.out).toMatch(/TRIAGE/);
    expect(flagged.out).toMatch(/10\.0\.0\.5 .* acknowledged /);
    expect(flagged.out).toMatch(/10\.0\.0\.6 .* open /);

    const json = JSON.parse((await cli('--db', db, 'devices', '--flagged', '--json')).out) as { ip: string; triage: { status: string; by: string | null } }[];
    expect(json.map((d) => [d.ip, d.triage.status, d.triage.by])).toEqual([
      ['10.0.0.5', 'acknowledged', 'ann'],
      ['10.0.0.6', 'open', null],
    ]);

    const show = await cli('--db', db, 'show', '10.0.0.5');
    expect(show.out).toMatch(/Triage: acknowledged\n.*DECISION[\s\S]*acknowledged\s+ann\s+replacement ordered/);
  });

  it('usage errors: unknown status, missing note', async () => {
    const db = await site();
    expect((await cli('--db', db, 'triage', CAM_A, '--status', 'ignored', '--note', 'x')).code).toBe(2);
    expect((await cli('--db', db, 'triage', CAM_A, '--status', 'removed')).code).toBe(2);
    expect((await cli('--db', db, 'triage', '10.0.0.99', '--status', 'removed', '--note', 'x')).code).toBe(2);
  });

  it('`changes` shows the last compared scan by default, and earlier ones with --since', async () => {
    const db = await site();
    const last = await cli('--db', db, 'changes');
    expect(last.out).toMatch(/new\s+10\.0\.0\.2\s+00:1b:a9:00:00:02/);
    expect(last.out).not.toContain('10.0.0.5');
    expect(last.out).toMatch(/1 new$/m);

    const all = JSON.parse((await cli('--db', db, 'changes', '--since', '0', '--json')).out) as { type: string; ip: string; scanId: number; device: { covered: string | null } }[];
    expect(all.map((e) => [e.scanId, e.type, e.ip, e.device.covered])).toEqual([
      [1, 'new', '10.0.0.5', 'hikvision'],
      [1, 'new', '10.0.0.6', 'hikvision'],
      [2, 'new', '10.0.0.2', null],
    ]);
    expect(JSON.parse((await cli('--db', db, 'changes', '--since', '1', '--json')).out)).toHaveLength(1);
    expect(JSON.parse((await cli('--db', db, 'changes', '--since', '2099-01-01', '--json')).out)).toEqual([]);
    expect((await cli('--db', db, 'changes', '--since', 'yesterday')).code).toBe(2);
  });
});
