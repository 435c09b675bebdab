/**
 * Issue 13, done when: two sites in the lab, each with its own namespaces, agent and inventory, and
 * one `lanaudit server` (dist/, HTTPS with a certificate made here, real PostgreSQL) in a namespace
 * of its own that both sites reach. Each site is enrolled, scans (which pushes) and syncs; the
 * fleet then lists both sites' devices, verdicts, locations and changes and puts them in one FAR
 * report; a decision made centrally reaches its site and shows in the site's own commands. Then the
 * agent's link is cut in the middle of a large push: nothing lost, nothing doubled, and the agent says
 * what it could not send.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { ensureBuilt } from '../helpers/cli.js';
import { EAST_INFRASTRUCTURE, eastProfile, fleetNet, SERVER_ADDRESS, westProfile, type FleetNet } from '../helpers/fleet-lab.js';
import { builtBatches, cleanReplay, recordBuiltBatches, siteTables } from '../helpers/fleet-replay.js';
import { fleetCert, pgSocketUrl, serverAdmin, snapshotBuild, startFleetServer, type FleetServer } from '../helpers/fleet-server.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';
import { scanDevices, testClock } from '../sync/helpers.js';
import { labAvailable, upLab, type Lab } from '../lab/lab.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the fleet two-site test: ${available.why}`);

interface Site {
  readonly name: string;
  readonly lab: Lab;
  readonly db: string;
  readonly config: string;
  /** Scan targets: the profile's device addresses (a small sweep: the neighbour table is shared). */
  readonly targets: string[];
}

describe.skipIf(!available.ok)('a fleet of two lab sites and one server', () => {
  let dir = '';
  let database: TestDatabase;
  let east: Lab | undefined;
  let west: Lab | undefined;
  let net: FleetNet | undefined;
  let server: FleetServer | undefined;
  let caFile = '';
  let readToken = '';
  const sites: Site[] = [];
  const url = `https://${SERVER_ADDRESS}:8443`;
  /** This file's copy of the build (others may rebuild dist/ meanwhile). */
  let bin = '';
  const lanauditCommand = (...args: string[]) => [process.execPath, bin, ...args];

  beforeAll(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-fleet2-'));
    bin = snapshotBuild(dir);
    database = await testDatabase();
    serverAdmin(bin, database.url, 'init');
    // Each lab kept as soon as it is up, so that afterAll takes down whichever came up.
    const up = await Promise.allSettled([upLab(eastProfile(), { id: 'fleeteast' }).then((l) => (east = l)), upLab(westProfile(), { id: 'fleetwest' }).then((l) => (west = l))]);
    for (const r of up) if (r.status === 'rejected') throw r.reason;
    if (east === undefined || west === undefined) throw new Error('a lab did not come up');
    net = fleetNet('fleetsrv', [east.scannerNamespace, west.scannerNamespace]);
    const cert = fleetCert(dir, [SERVER_ADDRESS]);
    caFile = cert.certPath;
    server = await startFleetServer({ pgUrl: pgSocketUrl(database.url), cert, host: SERVER_ADDRESS, port: 8443, netns: net.namespace, dir, bin });
    readToken = (serverAdmin(bin, database.url, 'token', 'add', 'e2e') as { token: string }).token;
    for (const [name, lab, extra] of [['east', east, EAST_INFRASTRUCTURE], ['west', west, '']] as [string, Lab, string][]) {
      const { token } = serverAdmin(bin, database.url, 'site', 'add', name) as { token: string };
      const db = path.join(dir, `${name}.db`);
      const config = path.join(dir, `${name}.yaml`);
      fs.writeFileSync(config, `fleet:\n  url: ${url}\n  site: ${name}\n  token: ${token}\n  caFile: ${caFile}\n${extra}`, { mode: 0o600 });
      recordBuiltBatches(db);
      sites.push({ name, lab, db, config, targets: lab.devices.filter((d) => d.ip !== undefined).map((d) => d.ip!) });
    }
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    net?.down();
    await Promise.all([east?.down(), west?.down()]);
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const site = (name: string) => sites.find((s) => s.name === name)!;
  const lanaudit = async (s: Site, ...args: string[]) => {
    const r = await s.lab.exec(lanauditCommand(...args, '--db', s.db, '--config', s.config), { timeoutMs: 600_000 });
    return r;
  };
  const json = async (s: Site, ...args: string[]) => {
    const r = await lanaudit(s, ...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  /** `lanaudit fleet …` from site east's namespace (the server is reachable only from the sites), with the read token in its environment. */
  const fleet = async (...args: string[]): Promise<string> => {
    const r = await east!.exec(lanauditCommand('fleet', ...args, '--server', url, '--ca', caFile), { timeoutMs: 120_000, env: { ...process.env, LANAUDIT_FLEET_TOKEN: readToken } });
    expect(r.code, `fleet ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const fleetDevices = async (siteName: string): Promise<any[]> => JSON.parse(await fleet('devices', '--site', siteName, '--json'));
  const fleetChanges = async (...args: string[]): Promise<any[]> => JSON.parse(await fleet('changes', ...args, '--json'));

  it('both sites scan and sync; the fleet shows their devices, verdicts, locations and changes, and one FAR report covers both', async () => {
    for (const s of sites) {
      const scanned = await lanaudit(s, 'scan', ...s.targets, '--exclude', s.lab.scannerAddress);
      expect(scanned.code, scanned.stderr).toBe(0);
      const synced = await json(s, 'sync');
      expect(synced).toMatchObject({ ok: true, waiting: 0, error: null });
      expect(synced.acked).toBeGreaterThan(0);
    }
    // Site west changes: a camera arrives; its next scan pushes the change.
    const added = await site('west').lab.add({ id: 'hik-cam-new', mac: '58:50:ed:00:aa:01', ip: '10.92.0.90', truth: { maker: 'Hikvision', brand: 'Hikvision', covered: 'hikvision', type: 'camera' } });
    const west = site('west');
    const rescan = await lanaudit(west, 'scan', ...west.targets, added.ip!, '--exclude', west.lab.scannerAddress);
    expect(rescan.code, rescan.stderr).toBe(0);

    const flaggedAt: Record<string, number> = {};
    for (const s of sites) {
      const local: any[] = await json(s, 'devices');
      const central = await fleetDevices(s.name);
      // Every device of the site, as the site sees it: address, MAC, verdict, maker, model, place.
      const view = (d: any) => ({ id: d.id, ip: d.ip, mac: d.mac, status: d.status, covered: d.covered, manufacturer: d.manufacturer, model: d.model, location: d.location });
      expect(central.map((d) => d.site)).toEqual(central.map(() => s.name));
      expect(central.map(view).sort((a, b) => a.id - b.id)).toEqual(local.map((d) => view({ ...d, status: d.status ?? 'unidentified' })).sort((a, b) => a.id - b.id));
      flaggedAt[s.name] = local.filter((d) => d.covered !== null).length;
      expect(flaggedAt[s.name], s.name).toBeGreaterThanOrEqual(3);
    }
    // East's switches place its branch devices; the fleet carries the places.
    const nvrIp = site('east').lab.devices.find((d) => d.id === 'branch-nvr')!.ip;
    const nvr = (await fleetDevices('east')).find((d) => d.ip === nvrIp);
    expect(nvr, 'east: the Hikvision NVR placed by its switch').toMatchObject({ covered: 'hikvision', location: { switchName: 'core-sw-1', switchAddress: '10.91.1.3', port: 'Gi1/0/5', portAlias: 'NVR rack', vlan: 30, confidence: 'high' } });

    // Changes: the fleet has each site's events as the site recorded them; west's new camera among them.
    for (const s of sites) {
      const local = Inventory.open(s.db, { readonly: true });
      const events = local.changes.events().map((e) => ({ id: e.id, type: e.type, deviceId: e.deviceId, field: e.field }));
      local.close();
      const central = (await fleetChanges('--site', s.name)).map((e: any) => ({ id: e.id, type: e.type, deviceId: e.deviceId, field: e.field }));
      expect(central.sort((a: any, b: any) => a.id - b.id), s.name).toEqual(events.sort((a, b) => a.id - b.id));
    }
    const newCam = (await fleetChanges('--site', 'west', '--type', 'new')).find((e: any) => e.ip === added.ip);
    expect(newCam, 'west: the camera that arrived').toBeDefined();

    // One FAR report across both sites: every covered device of each, under its site.
    const far = await fleet('report', '--format', 'far-md', '--org', 'Example Corp', '--contract', 'W91-TEST-0001');
    expect(far).toContain('W91-TEST-0001');
    for (const s of sites) {
      expect(far).toContain(s.name);
      const local: any[] = await json(s, 'devices', '--flagged');
      for (const d of local.filter((x) => x.covered !== null)) expect(far, `${s.name} ${d.ip}`).toContain(d.ip);
    }
  }, 900_000);

  it('a decision made centrally reaches its site on the next sync and shows in its devices and show', async () => {
    const east = site('east');
    const local: any[] = await json(east, 'devices', '--flagged');
    const target = local.find((d) => d.covered !== null)!;
    const decided = serverAdmin(bin, database.url, 'triage', 'east', String(target.id), '--status', 'waiver', '--until', '2027-06-30', '--note', 'waiver W-42 granted by the CO', '--by', 'officer');
    expect(decided).toMatchObject({ status: 'waiver' });

    const synced = await json(east, 'sync');
    expect(synced).toMatchObject({ ok: true, decisionsApplied: 1 });
    const after: any[] = await json(east, 'devices', '--flagged');
    expect(after.find((d) => d.id === target.id)?.triage).toMatchObject({ status: 'waiver', note: 'waiver W-42 granted by the CO', by: 'officer', until: expect.stringMatching(/^2027-06-30/) });
    const shown = await lanaudit(east, 'show', target.ip);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('waiver W-42 granted by the CO');
    // The fleet has it in force too; the next sync applies nothing again.
    expect((await fleetDevices('east')).find((d) => d.id === target.id)?.triage).toMatchObject({ status: 'waiver', by: 'officer' });
    expect(await json(east, 'sync')).toMatchObject({ ok: true, decisionsApplied: 0 });
  }, 300_000);

  it("the agent's link cut in the middle of a large push: it says what it could not send; once the link is back, nothing is lost or doubled", async () => {
    const west = site('west');
    // A large backlog (generated devices through the Inventory API), built into the outbox as a scan would.
    const clock = testClock(new Date().toISOString());
    const inv = Inventory.open(west.db, { now: clock.now });
    await scanDevices(inv, 12_000, clock.iso(), 500);
    const built = buildBatches(inv, { site: 'west' });
    inv.close();
    expect(built.length).toBeGreaterThan(4);
    const firstNew = built[0]!.seq;

    const pushing = west.lab.spawnInScanner(lanauditCommand('sync', '--json', '--db', west.db, '--config', west.config), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    pushing.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => pushing.once('exit', (code) => resolve(code)));
    // Cut once the server has applied the first of these batches: the rest are in flight or waiting.
    await server!.waitFor(new RegExp(`"site":"west","seq":${firstNew}\\b`), 120_000);
    net!.link(2, false);
    const code = await exited;
    expect(code, out).toBe(1);
    const status = await json(west, 'status');
    expect(status.fleet.waiting).toBeGreaterThan(0);
    expect(status.fleet.lastError).toMatch(/not sent/);
    expect(status.fleet.acked).toBeLessThan(built.at(-1)!.seq);

    net!.link(2, true);
    const resumed = await json(west, 'sync');
    expect(resumed).toMatchObject({ ok: true, waiting: 0, acked: built.at(-1)!.seq, error: null });
    expect((await json(west, 'status')).fleet).toMatchObject({ waiting: 0, lastError: null });

    // Nothing lost, nothing doubled: the server's tables for west equal a clean replay of every batch west built.
    expect(await siteTables(database.url, 'west')).toEqual(await cleanReplay('west', builtBatches(west.db)));
  }, 600_000);
});
