/**
 * Issue #10 defect 1 on the lab: `lanaudit agent` in the scanner namespace, scanning every 15
 * seconds. The scanner's address is deleted during a scan (as a DHCP renew or a Wi-Fi or VPN drop
 * does): the agent logs it, stores that scan interrupted (never left running, never complete) and,
 * the address back, its next scan completes. Two devices without simulators keep it cheap.
 */
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lanauditCommand } from '../helpers/cli.js';
import { siteSmallDevices } from '../helpers/lab-devices.js';
import { available, useLab } from '../integration/lab-fixture.js';
import type { ProfileInput } from '../lab/lab.js';
import { follow } from './helpers.js';

if (!available.ok) console.warn(`skipping the interface-loss lab test: ${available.why}`);

const SUBNET = '10.78.45.0/24';

const PROFILE: ProfileInput = {
  name: 'interface-loss',
  description: 'two ordinary devices; the scanner loses its address during a scan',
  segments: [{ name: 'lan', subnet: SUBNET, scanner: '10.78.45.2' }],
  devices: siteSmallDevices(['dell-ws-01', 'brother-hl-l2350']),
} as ProfileInput;

describe.skipIf(!available.ok)('lab: the agent when the scanner loses its address mid-scan', () => {
  const site = useLab(PROFILE, 'ifloss');
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('logs the loss, stores that scan interrupted, and the next scan runs and completes', async () => {
    const lab = site.lab;
    const dir = path.dirname(site.db('x'));
    const config = path.join(dir, 'agent.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        scope: { targets: [SUBNET], exclude: [lab.scannerAddress] },
        discovery: { engine: 'native' },
        // The multicast probes listen 8 s from the scan's start: the scan is surely running when the address goes.
        probes: { timeoutMs: 8000 },
        schedule: { cron: '*/15 * * * * *' },
      }),
      { mode: 0o600 },
    );
    const db = site.db('agent');
    const addresses = JSON.parse((await lab.exec(['ip', '-4', '-j', 'addr', 'show'])).stdout) as { ifname: string; addr_info: { local: string; prefixlen: number }[] }[];
    const link = addresses.find((a) => a.addr_info.some((i) => i.local === lab.scannerAddress))!;
    const cidr = `${lab.scannerAddress}/${link.addr_info.find((i) => i.local === lab.scannerAddress)!.prefixlen}`;

    const agent = lab.spawnInScanner(lanauditCommand('agent', '--config', config, '--db', db), { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(agent);
    let stderr = '';
    agent.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const log = follow(agent);
    await log.waitFor((l) => l.msg === 'agent started', 'agent started', 30_000);

    await log.waitFor((l) => l.msg.startsWith('Scanning '), 'a scan started', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const running = site.inspect(db, (inv) => inv.scans.list(1)[0]);
    expect(running?.status).toBe('running');
    const del = await lab.exec(['ip', 'addr', 'del', cidr, 'dev', link.ifname]);
    expect(del.code, del.stderr).toBe(0);

    const interrupted = await log.waitFor((l) => l.msg === 'scan interrupted', 'the scan stored interrupted', 60_000);
    expect(interrupted['scan']).toBe(running!.id);
    expect(String(interrupted['error'])).toContain(`this host's address ${lab.scannerAddress} went away during the scan`);
    expect(site.inspect(db, (inv) => inv.scans.get(running!.id))).toMatchObject({ status: 'interrupted' });

    const add = await lab.exec(['ip', 'addr', 'add', cidr, 'dev', link.ifname]);
    expect(add.code, add.stderr).toBe(0);
    // A scan that began while the address was gone does not count: the next one after it is back.
    const after = site.inspect(db, (inv) => inv.scans.list(1)[0]!.id);
    const complete = await log.waitFor((l) => l.msg === 'scan complete' && Number(l['scan']) > after, 'a later scan complete', 90_000);
    expect(complete['devices']).toBe(2);

    agent.kill('SIGTERM');
    expect(await log.exited, stderr).toBe(0);
    expect(stderr).toBe('');
    expect(site.inspect(db, (inv) => inv.scans.list(100)).filter((s) => s.status === 'running')).toEqual([]);
  }, 300_000);
});
