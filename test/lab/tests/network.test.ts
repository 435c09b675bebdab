/**
 * The lab's network, built for real in namespaces (root only; skipped with the reason otherwise).
 * Every lab here has its own id, and afterAll removes them even when an assertion failed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { downLab, labAvailable, upLab, withLab, type Lab } from '../lab.js';
import { labMac } from '../network/naming.js';
import { isAlive } from '../network/processes.js';
import { listNamespaces, run } from '../network/run.js';
import { REPO_ROOT, simulatorInstalled } from '../network/simulator.js';
import { stateDir } from '../network/state.js';

const available = labAvailable();
const suffix = String(process.pid % 100_000);
const ids = { main: `nt${suffix}`, crash: `nc${suffix}`, sim: `ns${suffix}` };

async function labNamespaces(id: string): Promise<string[]> {
  return (await listNamespaces()).filter((ns) => ns.startsWith(`la-${id}-`));
}

/** What the root namespace has: the lab must add nothing to it. */
async function rootNetwork(): Promise<{ links: string[]; routes: string; rules: string }> {
  const links = (await run('ip', ['-o', 'link', 'show'])).stdout
    .split('\n')
    .map((l) => l.split(':')[1]?.trim().split('@')[0] ?? '')
    .filter((n) => n !== '')
    .sort();
  return {
    links,
    routes: (await run('ip', ['route', 'show', 'table', 'all'])).stdout,
    rules: (await run('ip', ['rule'])).stdout,
  };
}

/** The scanner's neighbour table: IP → MAC, as a scanner would read it. */
async function neighbours(lab: Lab): Promise<Map<string, string>> {
  const out = (await lab.exec(['ip', '-4', 'neigh', 'show', 'dev', 'eth0'])).stdout;
  const map = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^(\S+) lladdr (\S+)/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) map.set(m[1], m[2]);
  }
  return map;
}

// One echo, waiting up to 3 s: the kernel's whole ARP resolution (3 requests, 1 s apart), which a
// loaded machine may need beyond the first; a removed device stays silent however long we wait.
const ping = (lab: Lab, ip: string) => lab.exec(['ping', '-n', '-c1', '-W3', ip]);

describe.skipIf(!available.ok)('lab network (in namespaces)', () => {
  afterAll(async () => {
    for (const id of Object.values(ids)) await downLab(id);
    for (const id of Object.values(ids)) expect(await labNamespaces(id)).toEqual([]);
  });

  it('builds a site where each device answers ARP with its own MAC and routed hosts answer by IP', async () => {
    const before = await rootNetwork();
    const lab = await upLab('site-routed', { id: ids.main, sim: false });
    try {
      expect(await rootNetwork()).toEqual(before);
      expect(new Set(await labNamespaces(ids.main))).toEqual(new Set(lab.namespaces));

      const local = lab.devices.filter((d) => d.segment === 'office');
      const routed = lab.devices.filter((d) => d.segment === 'branch');
      expect(local.length).toBeGreaterThan(0);
      expect(routed.length).toBeGreaterThan(0);
      for (const d of lab.devices) expect((await ping(lab, d.ip)).code, `${d.id} ${d.ip}`).toBe(0);

      const seen = await neighbours(lab);
      for (const d of local) expect(seen.get(d.ip), d.id).toBe(d.mac);
      // Behind the router the scanner sees no device MAC, only the router's.
      for (const d of routed) expect(seen.has(d.ip), d.id).toBe(false);
      const upstream = lab.profile.segments.find((s) => s.name === 'branch')?.router?.upstream ?? '';
      expect(seen.get(upstream)).toBe(labMac.routerUp(1));

      // Nothing routes out of the lab: no default route, so an outside address is unreachable.
      const out = await lab.exec(['ip', 'route', 'get', '192.0.2.1']);
      expect(out.code).not.toBe(0);
    } finally {
      await lab.down();
    }
    expect(await labNamespaces(ids.main)).toEqual([]);
    expect(await rootNetwork()).toEqual(before);
  });

  it('adds and removes a device while the site is up', async () => {
    await withLab(
      'site-routed',
      async (lab) => {
        const added = await lab.add({
          id: 'late-camera',
          mac: 'bc:ad:28:00:00:42',
          truth: { maker: 'Hikvision', brand: 'Hikvision', covered: 'hikvision', type: 'camera' },
        });
        expect(lab.devices.map((d) => d.id)).toContain('late-camera');
        expect(lab.devices.filter((d) => d.ip === added.ip)).toHaveLength(1);
        expect((await ping(lab, added.ip)).code).toBe(0);
        expect((await neighbours(lab)).get(added.ip)).toBe('bc:ad:28:00:00:42');

        await lab.remove('late-camera');
        expect(lab.devices.map((d) => d.id)).not.toContain('late-camera');
        await lab.exec(['ip', 'neigh', 'flush', 'dev', 'eth0']);
        expect((await ping(lab, added.ip)).code).not.toBe(0);
        // The others are untouched.
        const other = lab.devices[0];
        expect((await ping(lab, other?.ip ?? '')).code).toBe(0);

        await expect(lab.add({ id: 'office-pc-1', mac: '00:00:00:00:00:01', truth: added.truth })).rejects.toThrow(/used twice/);
      },
      { id: ids.main, sim: false },
    );
    expect(await labNamespaces(ids.main)).toEqual([]);
  });

  it('`down` by id removes a lab whose owner crashed, processes included', async () => {
    const lab = await upLab('site-routed', { id: ids.crash, sim: false });
    // A process left running inside the lab, as a crashed scan would leave it.
    const orphan = spawn('ip', ['netns', 'exec', lab.scannerNamespace, 'sleep', '600'], { detached: true, stdio: 'ignore' });
    orphan.unref();
    expect(await labNamespaces(ids.crash)).not.toEqual([]);

    // The handle is forgotten; only the id is known, as after a crash.
    const cli = await run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/lab/cli.ts'), 'down', '--id', ids.crash], { cwd: REPO_ROOT });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    // The orphan, and the router's snmpd (site-routed's router runs one even without simulators).
    expect(cli.stdout).toMatch(/removed: 5 namespaces, 2 processes/);
    expect(await labNamespaces(ids.crash)).toEqual([]);
    expect(isAlive(orphan.pid ?? 0)).toBe(false);
  });

  it.skipIf(!simulatorInstalled())('starts the simulators and serves TCP to the scanner, also behind the router', async () => {
    await withLab(
      'site-routed',
      async (lab) => {
        expect(Object.values(lab.simulators())).toEqual([true, true]);
        const sw = lab.devices.find((d) => d.id === 'branch-switch');
        const banner = await lab.exec(
          [process.execPath, '-e', `const s=require('net').connect(22,'${sw?.ip ?? ''}');s.setTimeout(3000,()=>process.exit(2));s.once('data',d=>{process.stdout.write(d);s.destroy()})`],
          { timeoutMs: 10_000 },
        );
        expect(banner.stdout).toBe('SSH-2.0-HUAWEI-1.5\r\n');
        const recorded = () => JSON.parse(readFileSync(join(stateDir(ids.sim), 'state.json'), 'utf8')).simulators as Record<string, number>;
        const before = recorded();
        // The branch simulator restarts to drop the device; the office one is left alone.
        await lab.remove('branch-pc-1');
        expect(lab.simulators()).toEqual({ office: true, branch: true });
        expect(isAlive(before['branch'] ?? 0)).toBe(false);
        expect(recorded()['office']).toBe(before['office']);
      },
      { id: ids.sim },
    );
    expect(await labNamespaces(ids.sim)).toEqual([]);
  });
});

describe.skipIf(available.ok)('lab network (skipped)', () => {
  it.skip(`needs namespaces: ${available.why}`, () => {});
});
