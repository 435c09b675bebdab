/** Issue 12: scanned from behind its router, site-routed's hosts get their MACs from the router and their ports from the switches. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLocation } from '../../src/infrastructure/location.js';
import { lanauditCommand } from '../helpers/cli.js';
import { withResolver } from '../lab/resolver.js';
import { describeScore, score } from './ground-truth.js';
import { available, useLab } from './lab-fixture.js';

if (!available.ok) console.warn(`skipping the site-routed infrastructure test: ${available.why}`);

const SECRETS = ['lab-rtr-c0mmunity', 'lab-sw-c0mmunity', 'lab-auth-k3y-2024', 'lab-priv-k3y-2024'];

describe.skipIf(!available.ok)('site-routed: routers and switches read over SNMP', () => {
  const site = useLab('site-routed', 'itinfra');

  it('gives every routed host its MAC from the router (SNMPv3), every host behind the switches its edge port and VLAN, and every host that has a name its name', async () => {
    const db = site.db('infra');
    const config = path.join(path.dirname(db), 'config.yaml');
    fs.writeFileSync(
      config,
      `infrastructure:
  devices:
    - targets: [10.78.0.1]
      v3: { username: lanaudit, authKey: lab-auth-k3y-2024, privKey: lab-priv-k3y-2024 }
    - targets: [10.78.1.3, 10.78.1.4, 10.78.1.5]
      community: lab-sw-c0mmunity
  maxRows: 2000
  deviceTimeoutMs: 20000
`,
      { mode: 0o600 },
    );
    // The site's DNS server (its reverse zone) answers the scanner's system resolver.
    const dns = site.lab.devices.find((d) => d.dns)!;
    const r = await withResolver(site.lab, dns.ip, () => site.scan(db, '--config', config, '--json'));
    expect(r.code, r.stderr).toBe(0);
    // The hostile switch was cut short after it had answered, and said so: at the row cap, at the
    // device's time limit, or (a simulator slowed by a loaded machine) when a request timed out mid-walk.
    expect(r.stderr).toMatch(/infrastructure 10\.78\.1\.5: .*(longer than 2000 rows|time limit|agent stopped answering)/);
    for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(fs.readFileSync(db).includes(Buffer.from(SECRETS[0]!))).toBe(false);

    const cabled = site.inspect(db, (inv) => {
      const s = score(inv, site.lab.devices);
      console.log(describeScore('site-routed + infrastructure', s));
      expect(s.missed.map((o) => o.id)).toEqual([]);
      expect(s.falselyFlagged.map((o) => o.id)).toEqual([]);
      const branch = site.lab.devices.filter((d) => d.segment === 'branch');
      for (const d of branch) expect(inv.devices.find(d.ip)?.mac ?? null, d.id).toBe(d.mac);

      // Ground truth: the cabling in the switches' profile entries.
      const want = new Map<string, { switch: string; port: string; vlan: number }>();
      for (const sw of site.lab.devices) {
        for (const port of sw.snmp?.bridge?.ports ?? []) for (const id of port.devices) want.set(id, { switch: sw.snmp!.sysName, port: port.name, vlan: port.vlan });
      }
      expect(want.size).toBeGreaterThan(5);
      for (const [id, place] of want) {
        const ip = site.lab.devices.find((d) => d.id === id)!.ip;
        const device = inv.devices.find(ip)!;
        const location = device.observations.filter((o) => o.kind === 'location').map((o) => decodeLocation(o.value));
        expect(location.at(-1), id).toMatchObject({ switchName: place.switch, port: place.port, vlan: place.vlan, confidence: 'high' });
      }
      return want;
    });
    // What a person sees: `devices --json` places each of them, the covered NVR on its switch port included.
    const listed = await site.lab.exec(lanauditCommand('devices', '--json', '--db', db));
    expect(listed.code, listed.stderr).toBe(0);
    const byIp = new Map((JSON.parse(listed.stdout) as { ip: string; name: string | null; covered: string | null; location: unknown }[]).map((d) => [d.ip, d]));
    const nvr = site.lab.devices.find((d) => d.id === 'branch-nvr')!;
    const nvrPlace = { switchName: 'core-sw-1', switchAddress: '10.78.1.3', port: 'Gi1/0/5', portAlias: 'NVR rack', vlan: 30, confidence: 'high' };
    expect(byIp.get(nvr.ip)).toMatchObject({ covered: 'hikvision', name: 'branch-nvr.site.example', location: nvrPlace });
    // The scan's own summary names the flagged NVR and places it too.
    const summary = JSON.parse(r.stdout) as { flagged: { ip: string; name: string | null; location: unknown }[] };
    expect(summary.flagged.find((f) => f.ip === nvr.ip)).toMatchObject({ name: 'branch-nvr.site.example', location: nvrPlace });
    // Every device that has a name is shown by it (device-name.ts's rule): its PTR record in the site's
    // DNS, else the sysName of a switch the configuration reads (not the hostile one: its tables are noise).
    const read = new Set(['10.78.1.3', '10.78.1.4']);
    const names = new Map<string, string>(Object.entries(dns.dns?.ptr ?? {}));
    for (const d of site.lab.devices) if (d.snmp?.sysName && read.has(d.ip) && !names.has(d.ip)) names.set(d.ip, d.snmp.sysName);
    expect(names.size).toBeGreaterThan(5);
    const shown = [...names].map(([ip, want]) => [ip, want, byIp.get(ip)?.name ?? null]);
    console.log(`site-routed names: ${shown.filter(([, want, got]) => want === got).length} of ${names.size} devices that have one shown by it`);
    expect(shown.filter(([, want, got]) => want !== got)).toEqual([]);
    for (const [id, place] of cabled) {
      const ip = site.lab.devices.find((d) => d.id === id)!.ip;
      expect(byIp.get(ip)?.location, id).toMatchObject({ switchName: place.switch, port: place.port, vlan: place.vlan, confidence: 'high' });
    }
  }, 600_000);
});
