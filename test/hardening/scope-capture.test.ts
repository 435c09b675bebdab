/**
 * Issue 7, scope: a packet capture on the lab's switch bridge during a real scan with exclusions
 * proves that the scanner sent no IPv4 packet and no ARP request to an excluded or out-of-scope
 * address, and that new connection attempts (SYNs) stay within the --rate cap plus the token
 * bucket's burst. The site is site-small plus an SSDP flooder whose 2,000 replies name distinct
 * description LOCATIONs (issue #16 finding 3): description fetches are probes and count in the cap.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScope, scopeContains } from '../../src/scope/index.js';
import { defaultBurst } from '../../src/util/token-bucket.js';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, upLab, type ExecResult, type Lab } from '../lab/lab.js';
import { PROFILES_DIR } from '../lab/network/load-profile.js';
import type { LabDevice, LabProfile } from '../lab/profile-schema.js';
import { type BridgeCapture, captureBridge, labNamespacesLeft, peakIn, tempDir } from './helpers.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the scope-capture hardening tests: ${available.why}`);

const LAB_ID = 'hscope';
const RATE = 20;
const TARGETS = ['10.77.0.0/26', '10.77.0.100-110'];
/** The gateway, a block of devices, and the scanner itself. */
const EXCLUDE = ['10.77.0.1', '10.77.0.20-24', '10.77.0.2'];

/** Inside the first target, not excluded, free in site-small. */
const SSDP_FLOODER: LabDevice = {
  id: 'ssdp-flooder',
  mac: '02:4c:00:00:00:45',
  ip: '10.77.0.45',
  truth: { maker: null, brand: null, covered: null, type: 'unknown', note: 'attack: 2,000 SSDP replies, each LOCATION a distinct port (20000 + i).' },
  tcp: [],
  mdns: [],
  ssdp: {
    server: 'Linux/5.10 UPnP/1.0 MiniUPnPd/2.3',
    usn: 'uuid:7f1e0c1a-0000-4000-8000-000000000045::{st}',
    st: ['upnp:rootdevice'],
    headers: [],
    location: { port: 49152, path: '/description.xml' },
    floodLocations: 2000,
    description: '<?xml version="1.0"?>\n<root xmlns="urn:schemas-upnp-org:device-1-0"><device><manufacturer>Flood</manufacturer></device></root>\n',
  },
};

/** A multicast group or the limited broadcast: segment-wide discovery, not a packet to a host. */
const isGroup = (ip: string) => Number(ip.split('.')[0]) >= 224;

describe.skipIf(!available.ok)('hardening: what the scanner puts on the wire', () => {
  let lab: Lab | undefined;
  let tmp: ReturnType<typeof tempDir>;
  let pcap: string;
  let capture: BridgeCapture | undefined;
  let scan: ExecResult;
  const read = async (filter: string[]) => {
    const r = await lab!.exec(['tcpdump', '-r', pcap, '-n', '-tt', ...filter]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  };

  beforeAll(async () => {
    ensureBuilt();
    tmp = tempDir('scope');
    pcap = path.join(tmp.dir, 'bridge.pcap');
    const site = JSON.parse(readFileSync(path.join(PROFILES_DIR, 'site-small.json'), 'utf8')) as LabProfile;
    lab = await upLab({ ...site, devices: [...site.devices, SSDP_FLOODER] }, { id: LAB_ID });
    capture = await captureBridge(lab, pcap);
    scan = await lab.exec(
      lanauditCommand('scan', ...TARGETS, ...EXCLUDE.flatMap((x) => ['--exclude', x]), '--engine', 'native', '--rate', String(RATE), '--db', path.join(tmp.dir, 'inventory.db')),
      { timeoutMs: 240_000 },
    );
    await capture.stop();
  }, 360_000);

  afterAll(async () => {
    capture?.kill();
    await lab?.down();
    tmp?.remove();
    expect(labNamespacesLeft(LAB_ID)).toEqual([]);
  });

  it('the scan completes', () => {
    expect(scan.code, scan.stderr).toBe(0);
  });

  it('sends no IPv4 packet and no ARP request to an excluded or out-of-scope address', async () => {
    const { scope } = buildScope({ targets: TARGETS, exclude: EXCLUDE, maxHosts: 65536, allowPublic: false, linkLocal: false });
    const scanner = lab!.scannerAddress;
    const ipLines = await read(['ip and src host', scanner]);
    expect(ipLines.length).toBeGreaterThan(100);
    const destinations = new Set<string>();
    for (const line of ipLines) {
      const m = / IP \d+\.\d+\.\d+\.\d+(?:\.\d+)? > (\d+\.\d+\.\d+\.\d+)(?:\.\w+)?:/.exec(line);
      expect(m, `unparsed: ${line}`).not.toBeNull();
      destinations.add(m![1]!);
    }
    const arpTargets = new Set((await read(['arp and arp[6:2] = 1'])).filter((l) => l.includes(`tell ${scanner}`)).map((l) => /who-has (\S+)/.exec(l)![1]!));
    expect(arpTargets.size).toBeGreaterThan(10);
    const outside = [...destinations, ...arpTargets].filter((ip) => !isGroup(ip) && !scopeContains(scope, ip));
    expect(outside, 'packets to addresses outside the scope').toEqual([]);
    // The excluded devices exist and answer ARP: they were left alone by choice, not missed by chance.
    for (const ip of ['10.77.0.1', '10.77.0.20', '10.77.0.24']) {
      expect(lab!.devices.some((d) => d.ip === ip)).toBe(true);
      expect(destinations.has(ip) || arpTargets.has(ip), ip).toBe(false);
    }
    // Devices out of range (e.g. .150) were never touched either.
    expect([...destinations].some((ip) => ip.startsWith('10.77.0.15'))).toBe(false);
  });

  it(`new connection attempts stay within --rate ${RATE} plus the burst`, async () => {
    const syns = (await read(['src host', lab!.scannerAddress, 'and tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack = 0'])).map((l) => {
      const m = /^(\d+\.\d+) IP \S+ > (\d+\.\d+\.\d+\.\d+)\.(\d+):/.exec(l)!;
      return { at: Number(m[1]), target: `${m[2]}:${m[3]}` };
    });
    expect(syns.length).toBeGreaterThan(100);
    // Over any t seconds the bucket lets through at most burst + rate·t (token-bucket.ts).
    const allowed = defaultBurst(RATE) + RATE;
    // The discovery sweep: the first attempt at each address and port.
    const seen = new Set<string>();
    const sweep = syns.filter((s) => !seen.has(s.target) && seen.add(s.target)).map((s) => s.at);
    const sweepPeak = peakIn(sweep, 1);
    const allPeak = peakIn(syns.map((s) => s.at), 1);
    console.log(`SYNs: ${syns.length} (${sweep.length} sweep); peak per second: sweep ${sweepPeak}, all ${allPeak}; allowed ${allowed}`);
    expect(sweepPeak, 'discovery sweep over the cap').toBeLessThanOrEqual(allowed);
    // Every new connection counts, identification probes included (README: --rate caps new probes per second).
    expect(allPeak, 'new connections (discovery and identification probes) over the cap').toBeLessThanOrEqual(allowed);
    // The flooder's 2,000 LOCATIONs cost one description fetch (ports 20000-21999 are no discovery port).
    const floodPorts = new Set(syns.filter((s) => s.target.startsWith(`${SSDP_FLOODER.ip}:`) && Number(s.target.split(':')[1]) >= 20000 && Number(s.target.split(':')[1]) < 22000).map((s) => s.target));
    expect(floodPorts.size, 'description fetches to the SSDP flooder').toBe(1);
  });
});
