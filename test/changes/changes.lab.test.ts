/**
 * Issue 5's "done when" for change tracking and alerts, on the lab: two real `lanaudit scan` runs
 * from the scanner namespace, a device added and one removed between them; `changes` shows exactly
 * that, and the new covered device costs exactly one webhook call (receiver inside the scanner
 * namespace on 127.0.0.1, HMAC checked). A third scan changes nothing and calls nobody.
 */
import { type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { lanauditCommand } from '../helpers/cli.js';
import { siteSmallDevices, WEBHOOK_RECEIVER } from '../helpers/lab-devices.js';
import { available, useLab } from '../integration/lab-fixture.js';
import type { ProfileInput } from '../lab/lab.js';

if (!available.ok) console.warn(`skipping the change-tracking lab test: ${available.why}`);

const SUBNET = '10.78.40.0/24';
const SECRET = 'lab-hmac-secret';

const PROFILE: ProfileInput = {
  name: 'changes',
  description: 'three ordinary devices; a Hikvision camera arrives and the NAS leaves between scans',
  segments: [{ name: 'lan', subnet: SUBNET, scanner: '10.78.40.2' }],
  devices: siteSmallDevices(['dell-ws-01', 'brother-hl-l2350', 'synology-nas']),
} as ProfileInput;

describe.skipIf(!available.ok)('lab: changes and alerts across scans', () => {
  const site = useLab(PROFILE, 'chg');
  let receiver: ChildProcess | undefined;
  afterAll(() => {
    receiver?.kill();
  });

  it('the second scan shows exactly the added and the removed device; one webhook call for the new covered camera', async () => {
    const dir = path.dirname(site.db('x'));
    const calls = path.join(dir, 'calls.jsonl');
    const script = path.join(dir, 'receiver.mjs');
    fs.writeFileSync(script, WEBHOOK_RECEIVER);
    receiver = site.lab.spawnInScanner([process.execPath, script, calls], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve, reject) => {
      receiver!.once('error', reject);
      createInterface({ input: receiver!.stdout! }).once('line', resolve);
    });

    const config = path.join(dir, 'config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        scope: { targets: [SUBNET], exclude: [site.lab.scannerAddress] },
        discovery: { engine: 'native' },
        alerts: { webhooks: [{ url: `http://127.0.0.1:${port}/lanaudit`, token: 'lab-token', hmacSecret: SECRET }] },
        tracking: { goneAfterScans: 1 },
      }),
      { mode: 0o600 },
    );
    const db = site.db('changes');
    const scan = async () => {
      const r = await site.lab.exec(lanauditCommand('scan', '--config', config, '--db', db), { timeoutMs: 300_000 });
      expect(r.code, r.stderr).toBe(0);
    };
    const changes = async (...args: string[]) => {
      const r = await site.lab.exec(lanauditCommand('changes', '--db', db, '--json', ...args));
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { type: string; ip: string; device: { covered: string | null } }[]).map((e) => `${e.type} ${e.ip} ${e.device.covered ?? '-'}`);
    };
    const received = () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean) : []);
    const ip = (id: string) => site.lab.devices.find((d) => d.id === id)!.ip;

    await scan();
    expect((await changes()).sort()).toEqual([`new ${ip('brother-hl-l2350')} -`, `new ${ip('dell-ws-01')} -`, `new ${ip('synology-nas')} -`].sort());
    expect(received()).toEqual([]);

    const nas = ip('synology-nas');
    await site.lab.remove('synology-nas');
    const [camera] = siteSmallDevices(['hik-cam-lobby']);
    const added = await site.lab.add(camera as never);
    await scan();
    expect((await changes()).sort()).toEqual([`gone ${nas} -`, `new ${added.ip} hikvision`].sort());

    const [call] = received().map((line) => JSON.parse(line) as { headers: Record<string, string>; body: string });
    expect(received()).toHaveLength(1);
    expect(call!.headers.authorization).toBe('Bearer lab-token');
    expect(call!.headers['x-lanaudit-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(call!.body).digest('hex')}`);
    expect(JSON.parse(call!.body)).toMatchObject({ reason: 'new', device: { ip: added.ip }, verdict: { status: 'covered', covered: 'hikvision' } });

    await scan();
    expect(await changes()).toEqual([]);
    expect(received()).toHaveLength(1);
  }, 900_000);
});
