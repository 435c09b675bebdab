import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import type { ScanJob } from '../../src/agent/scan-job.js';
import type { ScanResult } from '../../src/pipeline/run-scan.js';
import { parseConfig } from '../../src/config/load.js';
import { nextRuns } from '../../src/config/schedule.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { ScanBusyError } from '../../src/inventory/scan-lock.js';
import type { Logger } from '../../src/util/log.js';
import { scopeOf } from '../inventory/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function inventory(): Inventory {
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-agent-'));
  dirs.push(dir);
  return Inventory.open(join(dir, 'inventory.db'));
}

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string, fields?: object) => void lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A stand-in scan that stores a real (empty) scan and finishes when told. */
function controllableScan(inv: Inventory) {
  const calls: ScanJob[] = [];
  let finish: () => void = () => {};
  const scan = async (job: ScanJob): Promise<ScanResult> => {
    calls.push(job);
    const scanId = inv.scans.begin({ scope: scopeOf('127.0.0.1'), engine: 'native' });
    await new Promise<void>((resolve) => (finish = resolve));
    inv.scans.finish(scanId, 'complete', { hosts: 0, flagged: 0 });
    return { scanId, status: 'complete', deviceIds: [], flagged: 0, observations: 0 };
  };
  return { scan, calls, finish: () => finish() };
}

const config = parseConfig('scope:\n  targets: [127.0.0.1]\nschedule:\n  every: 1m\n', 'c.yaml');

describe('agent', () => {
  it('a one-minute schedule fires at each minute boundary', () => {
    expect(Agent.schedule(config)).toBe('* * * * *');
    const from = new Date(2026, 2, 1, 10, 0, 30);
    expect(nextRuns(Agent.schedule(config), 3, from)).toEqual([new Date(2026, 2, 1, 10, 1, 0), new Date(2026, 2, 1, 10, 2, 0), new Date(2026, 2, 1, 10, 3, 0)]);
    const sixHours = parseConfig('schedule:\n  every: 6h\n', 'c.yaml');
    expect(nextRuns(Agent.schedule(sixHours), 2, from)).toEqual([new Date(2026, 2, 1, 12, 0, 0), new Date(2026, 2, 1, 18, 0, 0)]);
  });

  it('never overlaps: a tick while a scan runs is skipped and logged; the next tick after it scans', async () => {
    const inv = inventory();
    const log = recorder();
    const fake = controllableScan(inv);
    const agent = new Agent({ config, inventory: inv, log, signal: new AbortController().signal, scan: fake.scan });
    const first = agent.tick();
    expect(first).not.toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    expect(agent.tick()).toBeNull();
    expect(log.lines).toContain('warn the previous scan is still running: this scheduled run is skipped');
    fake.finish();
    expect((await first)?.kind).toBe('scanned');
    const second = agent.tick();
    await new Promise((resolve) => setImmediate(resolve));
    fake.finish();
    expect((await second)?.kind).toBe('scanned');
    expect(fake.calls).toHaveLength(2);
    expect(inv.scans.list().map((s) => s.status)).toEqual(['complete', 'complete']);
    inv.close();
  });

  it('a failed scan is logged and the next tick scans again', async () => {
    const inv = inventory();
    const log = recorder();
    let attempts = 0;
    const agent = new Agent({
      config,
      inventory: inv,
      log,
      signal: new AbortController().signal,
      scan: async () => {
        attempts++;
        if (attempts === 1) throw new Error('nmap exited with code 1');
        return { scanId: 7, status: 'complete', deviceIds: [], flagged: 0, observations: 0 };
      },
    });
    expect(await agent.tick()).toEqual({ kind: 'failed', error: 'nmap exited with code 1' });
    expect(log.lines).toContain('error scan failed; the next scheduled run tries again {"error":"nmap exited with code 1"}');
    expect((await agent.tick())?.kind).toBe('scanned');
    inv.close();
  });

  it('another process holding the inventory makes the tick wait for the next one', async () => {
    const inv = inventory();
    const log = recorder();
    const holder = { id: 4, pid: 999, hostname: 'h', startedAt: '2026-03-01T10:00:00.000Z', heartbeatAt: '2026-03-01T10:00:00.000Z' };
    const agent = new Agent({
      config,
      inventory: inv,
      log,
      signal: new AbortController().signal,
      scan: async () => {
        throw new ScanBusyError(holder, inv.path);
      },
    });
    expect(await agent.tick()).toEqual({ kind: 'busy' });
    expect(log.lines).toContain('warn another scan is running: waiting for the next scheduled run {"scan":4,"pid":999,"host":"h","started":"2026-03-01T10:00:00.000Z"}');
    inv.close();
  });

  it('jitter delays the scan by a random share of jitterSeconds; a stop during the delay scans nothing', async () => {
    const inv = inventory();
    const log = recorder();
    const controller = new AbortController();
    const jittery = parseConfig('schedule:\n  every: 1m\n  jitterSeconds: 600\n', 'c.yaml');
    const fake = controllableScan(inv);
    const agent = new Agent({ config: jittery, inventory: inv, log, signal: controller.signal, random: () => 0.5, scan: fake.scan });
    const tick = agent.tick();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.lines).toContain('info waiting before the scan (jitter) {"seconds":300}');
    controller.abort();
    expect(await tick).toEqual({ kind: 'stopped' });
    expect(fake.calls).toHaveLength(0);
    inv.close();
  });

  it('run stops on abort and waits for the running scan', async () => {
    const inv = inventory();
    const log = recorder();
    const controller = new AbortController();
    const fake = controllableScan(inv);
    const agent = new Agent({ config, inventory: inv, log, signal: controller.signal, scan: fake.scan });
    const running = agent.run('0 0 1 1 *');
    void agent.tick();
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    setTimeout(() => fake.finish(), 50);
    await running;
    expect(log.lines[0]).toMatch(/^info agent started \{"schedule":"0 0 1 1 \*","jitterSeconds":0,"nextRun":"\d{4}-01-01T/);
    expect(log.lines).toContain('info stopping: the running scan is being stopped and stored as interrupted');
    expect(inv.scans.list().map((s) => s.status)).toEqual(['complete']);
    inv.close();
  });
});
