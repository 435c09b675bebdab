/**
 * Where a lab scan's time goes (site-small unless --profile), from the wire (#15): one scan per engine through the scan job
 * (profile-scan.ts, in the scanner's namespace, from a cold neighbour table) while tcpdump captures
 * the scanner's interface. Prints, per engine, the scan's phases and, per protocol, how many packets
 * went out and came in and when the first and last did, in seconds from the process's start: what
 * the scan was waiting for at the end is the gap between the last answer and the phase's end.
 *
 * As root, alone under the lab lock: flock /tmp/lanaudit-lab.lock npx tsx test/bench/scan-timeline.ts [--engine nmap,native] [--profile site-large]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../helpers/cli.js';
import type { Lab } from '../lab/lab.js';
import { withBenchLab } from './lab-figures.js';

const { values } = parseArgs({ options: { engine: { type: 'string', default: 'nmap,native' }, profile: { type: 'string', default: 'site-small' } } });

/** The probes' well-known UDP ports. */
const UDP_PORTS: Readonly<Record<number, string>> = {
  53: 'DNS (reverse names)',
  137: 'NetBIOS names',
  161: 'SNMP',
  1900: 'SSDP',
  3702: 'WS-Discovery',
  5353: 'mDNS',
  37020: 'SADP',
  37810: 'DHIP',
};
const WEB_PORTS = new Set([80, 443, 8000, 8080, 8443, 8081, 9000]);

interface Span {
  out: number;
  in: number;
  first: number;
  last: number;
  lastOut: number;
  lastIn: number;
}

/** The protocol a line of `tcpdump -nn -tt` belongs to, the direction, and its time. */
export function classify(line: string, scanner: string): { at: number; what: string; out: boolean } | null {
  const at = Number(/^(\d+\.\d+) /.exec(line)?.[1]);
  if (!Number.isFinite(at)) return null;
  if (/ ARP, Request who-has /.test(line)) return { at, what: 'ARP requests/replies', out: line.includes(`tell ${scanner}`) };
  if (/ ARP, Reply /.test(line)) return { at, what: 'ARP requests/replies', out: line.includes(` ${scanner} is-at`) };
  if (/ IP6 /.test(line)) return { at, what: 'IPv6 (all-nodes echo, neighbour discovery)', out: / > ff02::/.test(line) };
  const ip = / IP (\d+\.\d+\.\d+\.\d+)(?:\.(\d+))? > (\d+\.\d+\.\d+\.\d+)(?:\.(\d+))?: (.*)$/.exec(line);
  if (!ip) return null;
  const out = ip[1] === scanner;
  const rest = ip[5]!;
  if (rest.startsWith('ICMP')) return { at, what: rest.includes('unreachable') ? 'ICMP unreachable' : 'ICMP other', out };
  // No ports: IGMP (the multicast sockets joining and leaving their groups) and the like.
  if (ip[2] === undefined) return { at, what: rest.split(/[ ,]/)[0]!, out };
  // The device's side of the conversation names the protocol.
  const port = Number(out ? ip[4] : ip[2]);
  const flags = /Flags \[([^\]]*)\]/.exec(rest)?.[1];
  if (flags !== undefined) {
    if (flags === 'S') return { at, what: 'TCP connect attempts (SYN) / SYN-ACK', out };
    if (flags === 'S.') return { at, what: 'TCP connect attempts (SYN) / SYN-ACK', out };
    if (flags.startsWith('R')) return { at, what: 'TCP resets', out };
    if (!/length [1-9]/.test(rest)) return null;
    return { at, what: WEB_PORTS.has(port) ? 'HTTP(S) data' : port === 554 ? 'RTSP data' : `TCP data, port ${port}`, out };
  }
  const udp = UDP_PORTS[port];
  return { at, what: udp ?? `UDP port ${port}`, out };
}

function spans(lines: readonly string[], scanner: string, origin: number): Map<string, Span> {
  const by = new Map<string, Span>();
  for (const line of lines) {
    const c = classify(line, scanner);
    if (!c) continue;
    const t = Math.round((c.at * 1000 - origin)) / 1000;
    const s = by.get(c.what) ?? { out: 0, in: 0, first: t, last: t, lastOut: Number.NaN, lastIn: Number.NaN };
    if (c.out) {
      s.out += 1;
      s.lastOut = t;
    } else {
      s.in += 1;
      s.lastIn = t;
    }
    s.first = Math.min(s.first, t);
    s.last = Math.max(s.last, t);
    by.set(c.what, s);
  }
  return by;
}

async function timeline(lab: Lab, dir: string, engine: string): Promise<void> {
  const pcap = path.join(dir, `${engine}.pcap`);
  await lab.exec(['ip', 'neigh', 'flush', 'all']);
  const capture = lab.spawnInScanner(['tcpdump', '-i', 'eth0', '-nn', '-U', '-s', '128', '-w', pcap], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  capture.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  for (let i = 0; i < 100 && !err.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 100));
  if (!err.includes('listening on')) throw new Error(`tcpdump did not start: ${err}`);
  const script = path.join(ROOT, 'test/bench/profile-scan.ts');
  const origin = Date.now();
  const r = await lab.exec([process.execPath, '--import', 'tsx', script, '--db', path.join(dir, `${engine}.db`), '--target', lab.profile.segments[0]!.subnet, '--exclude', lab.scannerAddress, '--engine', engine], { timeoutMs: 1_800_000, cwd: ROOT });
  const ended = Date.now();
  await new Promise((r) => setTimeout(r, 300));
  capture.kill('SIGTERM');
  await new Promise((r) => capture.once('exit', r));
  if (r.code !== 0) throw new Error(`profile-scan (${engine}) failed: ${r.stderr.slice(-2000)}`);
  const profile = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { devices: number; at: Record<string, number> };
  const read = await lab.exec(['tcpdump', '-r', pcap, '-nn', '-tt']);
  const by = spans(read.stdout.split('\n').filter(Boolean), lab.scannerAddress, origin);
  const rel = (ms: number) => ((ms - origin) / 1000).toFixed(2);
  const phases = Object.entries(profile.at).map(([k, v]) => `${k} ${rel(v)}`).join(', ');
  console.log(`\n${engine} engine: ${profile.devices} devices; process ${rel(ended)} s; phases began at (s): ${phases}`);
  const f = (x: number) => (Number.isNaN(x) ? '   -  ' : x.toFixed(2).padStart(6));
  console.log(`  ${'protocol'.padEnd(40)} ${'out'.padStart(5)} ${'in'.padStart(5)}  first  lastOut lastIn`);
  for (const [what, s] of [...by].sort((a, b) => a[1].first - b[1].first)) {
    console.log(`  ${what.padEnd(40)} ${String(s.out).padStart(5)} ${String(s.in).padStart(5)} ${f(s.first)} ${f(s.lastOut)} ${f(s.lastIn)}`);
  }
}

await withBenchLab(values.profile, 'benchtime', async (lab, dir) => {
  console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const engine of values.engine.split(',')) await timeline(lab, dir, engine.trim());
});
