/**
 * #15, the nmap engine's streaming scan on the wire: over a /24 the probes of the hosts nmap's host
 * discovery found start while nmap still scans, and nmap (--max-rate, its share of the cap) and the
 * probes (the rest) together stay within --rate. A capture on the lab's switch bridge during a real
 * `lanaudit scan --engine nmap` of part of site-small counts every new probe the scanner sent: TCP
 * connection attempts (nmap's SYN scan and the banner connects) and UDP datagrams to a host.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScope, scopeContains } from '../../src/scope/index.js';
import { defaultBurst } from '../../src/util/token-bucket.js';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { type BridgeCapture, captureBridge, labNamespacesLeft, peakIn, query, tempDir } from '../hardening/helpers.js';
import { labAvailable, upLab, type ExecResult, type Lab } from '../lab/lab.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the nmap rate capture: ${available.why}`);

const LAB_ID = 'nmaprate';
const RATE = 20;
const TARGET = '10.77.0.0/26';

describe.skipIf(!available.ok)('nmap engine on the wire: probes beside the sweep, within --rate', () => {
  let lab: Lab | undefined;
  let tmp: ReturnType<typeof tempDir>;
  let pcap: string;
  let db: string;
  let capture: BridgeCapture | undefined;
  let scan: ExecResult;
  /** The scanner's packets as `tcpdump -n -tt` lines, matching `filter`. */
  const sent = async (filter: string) => {
    const r = await lab!.exec(['tcpdump', '-r', pcap, '-n', '-tt', `src host ${lab!.scannerAddress} and (${filter})`]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  };
  const at = (line: string) => Number(/^(\d+\.\d+) /.exec(line)![1]);

  beforeAll(async () => {
    ensureBuilt();
    tmp = tempDir('nmaprate');
    pcap = path.join(tmp.dir, 'bridge.pcap');
    db = path.join(tmp.dir, 'inventory.db');
    lab = await upLab('site-small', { id: LAB_ID });
    capture = await captureBridge(lab, pcap);
    scan = await lab.exec(lanauditCommand('scan', TARGET, '--exclude', lab.scannerAddress, '--engine', 'nmap', '--rate', String(RATE), '--db', db), { timeoutMs: 240_000 });
    await capture.stop();
  }, 360_000);

  afterAll(async () => {
    capture?.kill();
    await lab?.down();
    tmp?.remove();
    expect(labNamespacesLeft(LAB_ID)).toEqual([]);
  });

  it('finds every device of the target', () => {
    expect(scan.code, scan.stderr).toBe(0);
    const { scope } = buildScope({ targets: [TARGET], exclude: [lab!.scannerAddress], maxHosts: 65536, allowPublic: false, linkLocal: false });
    const expected = lab!.devices.filter((d) => scopeContains(scope, d.ip)).map((d) => d.ip).sort();
    expect(expected.length).toBeGreaterThan(20);
    const found = query<{ ip: string }>(db, 'SELECT DISTINCT ip FROM devices').map((r) => r.ip).sort();
    expect(found).toEqual(expected);
  });

  it("asks the first hosts' SNMP before nmap's port scan of the last hosts ends", async () => {
    const snmp = (await sent('udp dst port 161')).map(at);
    // nmap's scan: the first attempt at each address and port (a banner connect comes after it).
    const seen = new Set<string>();
    const sweep = (await sent('tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack = 0'))
      .filter((l) => {
        const target = / > (\S+): /.exec(l)![1]!;
        return !seen.has(target) && seen.add(target);
      })
      .map(at);
    expect(snmp.length).toBeGreaterThan(20);
    expect(Math.min(...snmp)).toBeLessThan(Math.max(...sweep));
  });

  it(`new probes (connection attempts and datagrams to hosts) stay within --rate ${RATE} plus the burst`, async () => {
    const syns = (await sent('tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack = 0')).map(at);
    const datagrams = (await sent('udp and not dst net 224.0.0.0/4 and not dst host 255.255.255.255')).map(at);
    const all = [...syns, ...datagrams].sort((a, b) => a - b);
    const allowed = defaultBurst(RATE) + RATE;
    const peak = peakIn(all, 1);
    console.log(`new probes: ${syns.length} SYNs, ${datagrams.length} datagrams; peak per second ${peak}; allowed ${allowed}`);
    expect(syns.length).toBeGreaterThan(200);
    expect(peak).toBeLessThanOrEqual(allowed);
  });
});
