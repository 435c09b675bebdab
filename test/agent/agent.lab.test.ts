/**
 * Issue 5's "done when", on the lab, with the agent: `lanaudit agent` in the scanner namespace on a
 * schedule: every 20 seconds (a cron with seconds, croner's sixth field: the scheduler `every: 1m`
 * uses, without a minute's wait per scan). After its first scheduled scan a Hikvision camera is added
 * and the NAS removed; after the scan that finds the camera `changes` shows exactly those two, the
 * camera cost exactly one signed webhook call (receiver in the scanner namespace on 127.0.0.1), and
 * `devices` shows triage states.
 * SIGTERM stops the agent: exit 0, no scan left running.
 */
import { type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { lanauditCommand } from '../helpers/cli.js';
import { follow, type LogLine } from './helpers.js';
import { siteSmallDevices, WEBHOOK_RECEIVER } from '../helpers/lab-devices.js';
import { available, useLab } from '../integration/lab-fixture.js';
import type { ProfileInput } from '../lab/lab.js';

if (!available.ok) console.warn(`skipping the agent lab test: ${available.why}`);

const SUBNET = '10.78.41.0/24';
const SECRET = 'agent-lab-hmac';
const TOKEN = 'agent-lab-token';

const PROFILE: ProfileInput = {
  name: 'agent',
  description: 'three ordinary devices; between two scheduled scans a Hikvision camera arrives and the NAS leaves',
  segments: [{ name: 'lan', subnet: SUBNET, scanner: '10.78.41.2' }],
  devices: siteSmallDevices(['dell-ws-01', 'brother-hl-l2350', 'synology-nas']),
} as ProfileInput;

/** "scan 7 changes: 1 new, …", logged once a scheduled scan has been compared: the scan and how many devices were new. */
const compared = (l: LogLine): { scan: number; fresh: number } | null => {
  const m = /^scan (\d+) changes: (\d+) new\b/.exec(l.msg);
  return m ? { scan: Number(m[1]), fresh: Number(m[2]) } : null;
};

describe.skipIf(!available.ok)('lab: the agent on a schedule', () => {
  const site = useLab(PROFILE, 'agt');
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('two scheduled scans: changes shows the added camera and the removed NAS, one signed webhook call, triage in devices; SIGTERM exits 0', async () => {
    const dir = path.dirname(site.db('x'));
    const calls = path.join(dir, 'calls.jsonl');
    const script = path.join(dir, 'receiver.mjs');
    fs.writeFileSync(script, WEBHOOK_RECEIVER);
    const receiver = site.lab.spawnInScanner([process.execPath, script, calls], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(receiver);
    const port = await new Promise<string>((resolve, reject) => {
      receiver.once('error', reject);
      createInterface({ input: receiver.stdout! }).once('line', resolve);
    });

    const config = path.join(dir, 'agent.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        scope: { targets: [SUBNET], exclude: [site.lab.scannerAddress] },
        discovery: { engine: 'native' },
        schedule: { cron: '*/20 * * * * *' },
        alerts: { webhooks: [{ url: `http://127.0.0.1:${port}/lanaudit`, token: TOKEN, hmacSecret: SECRET }] },
        tracking: { goneAfterScans: 1 },
      }),
      { mode: 0o600 },
    );
    const db = site.db('agent');
    const cli = async (...args: string[]) => {
      const r = await site.lab.exec(lanauditCommand(...args, '--db', db), { timeoutMs: 60_000 });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const changes = async (...args: string[]) =>
      (JSON.parse(await cli('changes', '--json', ...args)) as { type: string; ip: string; device: { covered: string | null } }[])
        .map((e) => `${e.type} ${e.ip} ${e.device.covered ?? '-'}`)
        .sort();
    const received = () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean) : []);
    const ip = (id: string) => site.lab.devices.find((d) => d.id === id)!.ip;

    const agent = site.lab.spawnInScanner(lanauditCommand('agent', '--config', config, '--db', db), { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(agent);
    let stderr = '';
    agent.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const log = follow(agent);
    await log.waitFor((l) => l.msg === 'agent started', 'agent started', 30_000);

    // First scheduled run: at the next third of a minute, then compared.
    const first = compared(await log.waitFor((l) => compared(l) !== null, 'the first scan compared', 150_000))!.scan;
    expect(await changes()).toEqual([`new ${ip('brother-hl-l2350')} -`, `new ${ip('dell-ws-01')} -`, `new ${ip('synology-nas')} -`].sort());
    expect(received()).toEqual([]);

    const nas = ip('synology-nas');
    // The camera first, so it gets an address of its own: at this pace the scanner still holds the
    // NAS's MAC for the NAS's address (the kernel keeps a neighbour entry up to a minute).
    const camera = await site.lab.add(siteSmallDevices(['hik-cam-lobby'])[0] as never);
    await site.lab.remove('synology-nas');
    // Normally the next scan; one that began while the lab was changing may have found the camera already.
    const found = (l: LogLine) => (compared(l)?.scan ?? 0) > first && (compared(l)?.fresh ?? 0) > 0;
    const second = compared(await log.waitFor(found, 'the scan that found the camera compared', 150_000))!.scan;
    await log.waitFor((l) => /^alert \d+ \(new, device \d+\) delivered to webhook /.test(l.msg), 'the alert delivered', 30_000);

    expect(await changes('--since', String(first))).toEqual([`gone ${nas} -`, `new ${camera.ip} hikvision`].sort());
    const [call, ...more] = received().map((line) => JSON.parse(line) as { headers: Record<string, string>; body: string });
    expect(more).toEqual([]);
    expect(call!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call!.headers['x-lanaudit-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(call!.body).digest('hex')}`);
    expect(JSON.parse(call!.body)).toMatchObject({ reason: 'new', scan: second, device: { ip: camera.ip }, verdict: { status: 'covered', covered: 'hikvision' } });

    // Triage states in `devices`: the camera is open until someone decides.
    const row = (out: string) => out.split('\n').find((l) => l.includes(camera.mac)) ?? '';
    expect(row(await cli('devices'))).toMatch(/\bopen\b/);
    await cli('triage', camera.ip, '--status', 'acknowledged', '--note', 'replacement ordered', '--by', 'lab');
    expect(row(await cli('devices', '--flagged'))).toMatch(/\backnowledged\b/);
    expect(await cli('devices', '--flagged', '--open')).toContain('No flagged device needs action.');

    agent.kill('SIGTERM');
    expect(await log.exited, stderr).toBe(0);
    expect(log.lines.at(-1)?.msg).toBe('agent stopped; inventory closed');
    expect(log.notJson).toEqual([]);
    const scans = site.inspect(db, (inv) => inv.scans.list(100));
    expect(scans.filter((s) => s.status === 'running')).toEqual([]);
    expect(scans.find((s) => s.id === first)?.status).toBe('complete');
    expect(scans.find((s) => s.id === second)?.status).toBe('complete');
    expect(received()).toHaveLength(1);
  }, 360_000);
});
