/**
 * Issue #12, IPv6: a lab with IPv6 on (the profile's `ipv6`), scanned from the office segment. The
 * office hosts' IPv6 addresses come from the all-nodes echo and the scanner's neighbour table, the
 * branch host's from its router's ipNetToPhysicalTable (Debian's snmpd); each host is one device
 * with both families, and a second scan of the same site changes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, withLab, type Lab, type ProfileInput } from '../lab/lab.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the IPv6 lab test: ${available.why}`);

const COMMUNITY = 'lab-v6-c0mmunity';
const ssh = (banner: string) => [{ protocol: 'banner' as const, port: 22, banner }];
const profile: ProfileInput = {
  name: 'ipv6-site',
  description: 'IPv6 beside IPv4: an office with the scanner, a branch behind a router that runs snmpd.',
  ipv6: true,
  segments: [
    { name: 'office', subnet: '10.86.0.0/24', scanner: '10.86.0.2', scannerIpv6: 'fd86::2/64' },
    { name: 'branch', subnet: '10.86.1.0/24', router: { here: '10.86.1.1', upstream: '10.86.0.1', hereIpv6: 'fd86:1::1/64', snmp: { community: COMMUNITY } } },
  ],
  devices: [
    { id: 'cam-a', mac: '58:50:ed:86:00:10', ip: '10.86.0.10', ipv6: ['fd86::10/64'], truth: { maker: 'Hikvision', brand: 'Hikvision', covered: 'hikvision', type: 'camera' }, tcp: ssh('SSH-2.0-dropbear') },
    { id: 'pc-b', mac: 'f8:75:a4:86:00:11', ip: '10.86.0.11', truth: { maker: 'Lenovo', brand: 'Lenovo', covered: null, type: 'pc' }, tcp: ssh('SSH-2.0-OpenSSH_9.2p1') },
    { id: 'cam-c', segment: 'branch', mac: '58:50:ed:86:01:20', ip: '10.86.1.20', ipv6: ['fd86:1::20/64'], truth: { maker: 'Hikvision', brand: 'Hikvision', covered: 'hikvision', type: 'camera' }, tcp: ssh('SSH-2.0-dropbear') },
  ],
};

/** The link-local address the kernel forms from a MAC (modified EUI-64, RFC 4291 appendix A). */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((h) => Number.parseInt(h, 16));
  b[0] = b[0]! ^ 0x02;
  const groups = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | 0xff, (0xfe << 8) | b[3]!, (b[4]! << 8) | b[5]!];
  return `fe80::${groups.map((g) => g.toString(16)).join(':')}`;
}

interface Listed {
  id: number;
  ip: string;
  mac: string | null;
  ipv6?: string[];
}

async function cli(lab: Lab, ...args: string[]) {
  const r = await lab.exec(lanauditCommand(...args), { timeoutMs: 300_000 });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

describe.skipIf(!available.ok)('IPv6 beside IPv4', () => {
  it('gives each host its IPv6 addresses, on the local segment and from the router, as one device with both families', async () => {
    ensureBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-ipv6-'));
    try {
      await withLab(
        profile,
        async (lab) => {
          const db = path.join(dir, 'inventory.db');
          const config = path.join(dir, 'config.yaml');
          fs.writeFileSync(config, `infrastructure:\n  devices:\n    - targets: [10.86.0.1]\n      community: ${COMMUNITY}\n`, { mode: 0o600 });
          // The routed segment as a /27 (its router and camera): a routed /24 is 254 silent
          // addresses that nmap's ping retries, which took this test from ~50 s to 110-200 s beside
          // other lab files on two cores, and proves nothing more about IPv6.
          const scan = () => cli(lab, 'scan', '10.86.0.0/24', '10.86.1.0/27', '--exclude', lab.scannerAddress, '--config', config, '--db', db);
          await scan();
          const listed = JSON.parse((await cli(lab, 'devices', '--json', '--db', db)).stdout) as Listed[];
          const byIp = new Map(listed.map((d) => [d.ip, d]));
          const v6 = (id: string) => [...(byIp.get(lab.devices.find((d) => d.id === id)!.ip)?.ipv6 ?? [])].sort();
          console.log(`IPv6: ${listed.filter((d) => d.ipv6).map((d) => `${d.ip} ${d.ipv6!.join(' ')}`).join('; ')}`);

          // On the scanner's segment: from the neighbour table after the all-nodes echo.
          expect(v6('cam-a')).toEqual(['fd86::10', linkLocal('58:50:ed:86:00:10')].sort());
          expect(v6('pc-b')).toEqual([linkLocal('f8:75:a4:86:00:11')]);
          // Behind the router: from its ipNetToPhysicalTable, joined by the MAC its IPv4 rows give.
          expect(v6('cam-c')).toEqual(['fd86:1::20', linkLocal('58:50:ed:86:01:20')].sort());
          // One device per host: no device at an IPv6 address, and each keeps its IPv4 one and its MAC.
          expect(listed.every((d) => d.ip.includes('.'))).toBe(true);
          for (const d of profile.devices) expect(byIp.get(d.ip!)?.mac, d.id).toBe(d.mac);

          // `show` lists them in the device's addresses, with where they came from among its facts.
          const shown = JSON.parse((await cli(lab, 'show', '10.86.1.20', '--json', '--db', db)).stdout) as { ipHistory: { ip: string }[]; observations: { kind: string; source: string }[] };
          expect(shown.ipHistory.map((h) => h.ip).sort()).toEqual(['10.86.1.20', 'fd86:1::20', linkLocal('58:50:ed:86:01:20')].sort());
          expect(shown.observations.filter((o) => o.kind === 'ipv6').map((o) => o.source)).toEqual(['snmp-arp:10.86.0.1', 'snmp-arp:10.86.0.1']);
          const text = (await cli(lab, 'show', '10.86.0.10', '--db', db)).stdout;
          expect(text).toContain('fd86::10');

          // The same site again: nothing new, gone or changed.
          await scan();
          const changes = JSON.parse((await cli(lab, 'changes', '--json', '--db', db)).stdout) as unknown[];
          expect(changes).toEqual([]);
          expect((JSON.parse((await cli(lab, 'devices', '--json', '--db', db)).stdout) as Listed[]).length).toBe(listed.length);
        },
        { id: 'ipv6six' },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
