/**
 * The simulator as the lab runs it: main.ts inside a network namespace on the real ports,
 * answering multicast discovery for every device of the segment from each device's own
 * address. Needs root (`ip netns`); the namespace is always deleted.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const isRoot = process.getuid?.() === 0;
const NS = `la-simtest-${process.pid}`;
const SIM_DIR = resolve(import.meta.dirname, '../sim');
const ASKER = '10.98.0.100';
const SPOOF = '192.0.2.66';
const [CAM, NVR, ODD] = ['10.98.0.11', '10.98.0.12', '10.98.0.13'];

const profile = {
  name: 'simtest', description: 'simulator namespace test',
  segments: [{ name: 'lan', subnet: '10.98.0.0/24', scanner: ASKER }, { name: 'far', subnet: '10.98.1.0/24' }],
  devices: [
    {
      id: 'cam', mac: '58:50:ed:1f:e3:85', ip: CAM, hostname: 'DS-2CD2722FWD-IZS20170321BBWR733050075',
      truth: { maker: 'Hikvision', brand: 'Hikvision', covered: 'hikvision', type: 'camera' },
      tcp: [{ protocol: 'http', port: 80, paths: { '/': { headers: [['Server', 'App-webs/']], body: '' } } }],
      sadp: { fields: [['DeviceDescription', 'DS-2CD2385G1-I']] },
      onvif: { endpoint: 'urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385', scopes: ['onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I'] },
      mdns: [{ type: '_CGI._tcp', name: 'HIKVISION DS-2CD2722FWD-IZS - 733050075', port: 80, txt: { path: '/' } }],
      snmp: { sysDescr: 'Hikvision company products', sysObjectID: '1.3.6.1.4.1.50001' },
    },
    {
      id: 'nvr', mac: '08:ed:ed:87:42:7a', ip: NVR,
      truth: { maker: 'Dahua', brand: 'Dahua', covered: 'dahua', type: 'nvr' },
      dhip: { deviceInfo: { DeviceType: 'DHI-NVR4104', Vendor: 'General' } },
      onvif: { endpoint: 'uuid:503b687a-b9d7-474f-a2d0-a18c8b25a464', scopes: ['onvif://www.onvif.org/name/Dahua'] },
      ssdp: { server: 'Linux/3.8.8, UPnP/1.0, ZheJiang Dahua Technology CO.,LTD. Upnp SDK', usn: 'uuid:dahua::{st}', location: { port: 49152, path: '/desc.xml' }, description: '<root/>' },
    },
    {
      id: 'odd', mac: '02:11:22:33:44:55', ip: ODD,
      truth: { maker: null, brand: null, covered: null, type: 'hostile' },
      sadp: { fields: [['DeviceDescription', '<script>alert(1)</script>']] },
      spoofFrom: SPOOF,
    },
    { id: 'elsewhere', segment: 'far', mac: '02:00:00:00:01:01', ip: '10.98.1.5', truth: { maker: null, brand: null, covered: null, type: 'pc' }, sadp: { fields: [] } },
  ],
};

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });
const inNs = (...args: string[]): string[] => ['netns', 'exec', NS, process.execPath, '--import', 'tsx', ...args];

let dir = '';
let sim: ChildProcess | undefined;
let simErr = '';

describe.skipIf(!isRoot)('simulator in a namespace (root)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'la-simtest-'));
    writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
    ip('netns', 'add', NS);
    ip('-n', NS, 'link', 'set', 'lo', 'up');
    // A veth pair with both ends inside: an interface that carries multicast (no dummy module needed).
    ip('-n', NS, 'link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
    ip('-n', NS, 'link', 'set', 'd1', 'up');
    ip('-n', NS, 'link', 'set', 'd0', 'up');
    for (const a of [CAM, NVR, ODD, ASKER]) ip('-n', NS, 'addr', 'add', `${a}/24`, 'dev', 'd0');
    ip('-n', NS, 'route', 'add', '224.0.0.0/4', 'dev', 'd0');

    sim = spawn('ip', inNs(join(SIM_DIR, 'main.ts'), '--profile', join(dir, 'profile.json'), '--segment', 'lan'), { stdio: ['ignore', 'pipe', 'pipe'] });
    sim.stderr?.on('data', (chunk: Buffer) => {
      simErr += chunk.toString();
    });
    await new Promise<void>((ready, fail) => {
      let out = '';
      sim?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out === 'ready\n') ready();
      });
      sim?.on('exit', (code) => fail(new Error(`simulator exited (${code}) before ready: ${simErr}`)));
    });
  });

  afterAll(() => {
    if (sim && sim.exitCode === null) sim.kill('SIGKILL');
    try {
      ip('netns', 'del', NS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers each multicast probe once per device, from each device\'s own address, unicast to the asker', async () => {
    const out = execFileSync('ip', inNs(join(SIM_DIR, 'testing', 'multicast-client.ts'), '--from', ASKER), { encoding: 'utf8' });
    const replies = JSON.parse(out) as Record<string, { address: string; port: number; payload: string }[]>;
    const sources = (name: string): string[] => (replies[name] ?? []).map((r) => `${r.address}:${r.port}`).sort();
    const text = (name: string): string[] => (replies[name] ?? []).map((r) => Buffer.from(r.payload, 'base64').toString('utf8'));

    expect(sources('sadp')).toEqual([`${CAM}:37020`, `${ODD}:37020`, `${SPOOF}:37020`]);
    expect(text('sadp').every((t) => t.includes('<Uuid>5B7A1D0C-0E3F-4A57-9C3B-7D2E4F1A9B10</Uuid>'))).toBe(true);
    expect(text('sadp').some((t) => t.includes('&#60;script&#62;'))).toBe(true);
    expect(sources('wsd')).toEqual([`${CAM}:3702`, `${NVR}:3702`]);
    expect(text('wsd').every((t) => t.includes('<wsadis:RelatesTo>uuid:0d9d5e8e-1111-4a1e-9a5b-000000000001</wsadis:RelatesTo>'))).toBe(true);
    expect(sources('dhip')).toEqual([`${NVR}:37810`]);
    expect(sources('ssdp')).toEqual([`${NVR}:1900`]);
    expect(text('ssdp')[0]).toContain(`LOCATION: http://${NVR}:49152/desc.xml\r\n`);
    // mDNS answers go to the group from port 5353 (RFC 6762 §6), source = the device.
    expect(sources('mdns')).toEqual([`${CAM}:5353`]);
  });

  it('serves TCP and SNMP on the real ports at each device address', () => {
    const http = execFileSync('ip', ['netns', 'exec', NS, 'curl', '-si', `http://${CAM}/`], { encoding: 'utf8' });
    expect(http).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: App-webs\/\r\n/);
    const snmp = execFileSync('ip', ['netns', 'exec', NS, 'snmpget', '-v2c', '-c', 'public', '-On', '-t', '1', '-r', '0', CAM, '1.3.6.1.2.1.1.1.0'], { encoding: 'utf8' });
    expect(snmp).toContain('"Hikvision company products"');
  });

  it('leaves devices of other segments alone, and exits cleanly on SIGTERM', async () => {
    // 10.98.1.5 is on no interface here: had the simulator tried to bind it, it would never have been ready.
    expect(simErr).not.toContain('10.98.1.5');
    const exited = new Promise<number | null>((done) => sim?.on('exit', (code) => done(code)));
    sim?.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The spoofed address the simulator added is gone again.
    expect(ip('-n', NS, '-4', 'addr', 'show', 'dev', 'd0')).not.toContain(SPOOF);
  });
});

describe.skipIf(isRoot)('simulator in a namespace', () => {
  it.skip('needs root to create network namespaces (CI runs it as root)', () => undefined);
});
