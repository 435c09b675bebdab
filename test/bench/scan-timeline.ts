/**
 * Where a lab scan's time goes (site-small unless --profile), from the wire (#15): one scan per engine through the scan job
 * (profile-scan.ts, in the scanner's namespace, from a cold neighbour table) while tcpdump captures
 * the scanner's interface. Prints, per engine, the scan's phases and, per protocol, how many packets
 * went out and came in and when the first and last did, in seconds from the process's start: what
 * the scan was waiting for at the end is the gap between the last answer and the phase's end.
 *
 * As root, alone under the lab lock: flock /tmp/lanaudit-lab.lock npx tsx test/bench/scan-timeline.ts [--engine nmap,native] [--profile site-large|sparse-16] [--target CIDR] [--arp-seconds 2]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../helpers/cli.js';
import type { Lab } from '../lab/lab.js';
import { withBenchLab } from './lab-figures.js';
import { sparseProfile } from './sparse-segment.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'nmap,native' },
    profile: { type: 'string', default: 'site-small' },
    'arp-seconds': { type: 'string' },
    target: { type: 'string' },
  },
});
/** With --arp-seconds N: the sweep's ARP in N-second slices (how many addresses were first asked, answered, how late). */
const arpSlice = values['arp-seconds'] === undefined ? null : Number(values['arp-seconds']);

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

/**
 * Per address, from the capture: when the scanner first asked for it, how many requests it sent,
 * and when the answer came (if one did). Sliced by the first request's time, it shows how many
 * addresses the sweep started per slice, how many answered after one request, after more, or never,
 * and how late the answers were: where a sweep waits for ARP.
 */
export function arpSlices(lines: readonly string[], scanner: string, origin: number, sliceSeconds: number): string[] {
  const asked = new Map<string, { first: number; requests: number; answer: number | null }>();
  for (const line of lines) {
    const at = Number(/^(\d+\.\d+) /.exec(line)?.[1]) * 1000 - origin;
    const request = / ARP, Request who-has (\d+\.\d+\.\d+\.\d+) tell (\d+\.\d+\.\d+\.\d+)/.exec(line);
    if (request && request[2] === scanner) {
      const a = asked.get(request[1]!) ?? { first: at, requests: 0, answer: null };
      a.requests += 1;
      asked.set(request[1]!, a);
      continue;
    }
    const reply = / ARP, Reply (\d+\.\d+\.\d+\.\d+) is-at /.exec(line);
    const a = reply ? asked.get(reply[1]!) : undefined;
    if (a && a.answer === null) a.answer = at;
  }
  const slices = new Map<number, { asked: number; answered: number; afterRetry: number; never: number; latencies: number[] }>();
  for (const a of asked.values()) {
    const k = Math.floor(a.first / 1000 / sliceSeconds);
    const s = slices.get(k) ?? { asked: 0, answered: 0, afterRetry: 0, never: 0, latencies: [] };
    s.asked += 1;
    if (a.answer === null) s.never += 1;
    else {
      s.answered += 1;
      s.latencies.push(a.answer - a.first);
      if (a.answer - a.first > 1000) s.afterRetry += 1;
    }
    slices.set(k, s);
  }
  const pct = (xs: number[], p: number): string => {
    if (xs.length === 0) return '-';
    const sorted = [...xs].sort((x, y) => x - y);
    return String(Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!));
  };
  const out = [`  ${'first asked (s)'.padEnd(16)} ${'asked'.padStart(6)} ${'answered'.padStart(9)} ${'>1 s'.padStart(6)} ${'never'.padStart(6)}  answer ms p50/p90/max`];
  for (const [k, s] of [...slices].sort((a, b) => a[0] - b[0])) {
    const from = (k * sliceSeconds).toFixed(1);
    out.push(`  ${`${from}–${((k + 1) * sliceSeconds).toFixed(1)}`.padEnd(16)} ${String(s.asked).padStart(6)} ${String(s.answered).padStart(9)} ${String(s.afterRetry).padStart(6)} ${String(s.never).padStart(6)}  ${pct(s.latencies, 0.5)}/${pct(s.latencies, 0.9)}/${pct(s.latencies, 1)}`);
  }
  return out;
}

async function timeline(lab: Lab, dir: string, engine: string): Promise<void> {
  const pcap = path.join(dir, `${engine}.pcap`);
  await lab.exec(['ip', 'neigh', 'flush', 'all']);
  const capture = lab.spawnInScanner(['tcpdump', '--immediate-mode', '-i', 'eth0', '-nn', '-U', '-s', '128', '-w', pcap], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  capture.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  for (let i = 0; i < 100 && !err.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 100));
  if (!err.includes('listening on')) throw new Error(`tcpdump did not start: ${err}`);
  const script = path.join(ROOT, 'test/bench/profile-scan.ts');
  const origin = Date.now();
  const r = await lab.exec([process.execPath, '--import', 'tsx', script, '--db', path.join(dir, `${engine}.db`), '--target', values.target ?? lab.profile.segments[0]!.subnet, '--exclude', lab.scannerAddress, '--engine', engine], { timeoutMs: 1_800_000, cwd: ROOT });
  const ended = Date.now();
  await new Promise((r) => setTimeout(r, 300));
  capture.kill('SIGTERM');
  await new Promise((r) => capture.once('exit', r));
  if (r.code !== 0) throw new Error(`profile-scan (${engine}) failed: ${r.stderr.slice(-2000)}`);
  const profile = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { devices: number; at: Record<string, number> };
  const read = await lab.exec(['tcpdump', '-r', pcap, '-nn', '-tt']);
  const lines = read.stdout.split('\n').filter(Boolean);
  const by = spans(lines, lab.scannerAddress, origin);
  const rel = (ms: number) => ((ms - origin) / 1000).toFixed(2);
  const phases = Object.entries(profile.at).map(([k, v]) => `${k} ${rel(v)}`).join(', ');
  console.log(`\n${engine} engine: ${profile.devices} devices; process ${rel(ended)} s; phases began at (s): ${phases}`);
  const f = (x: number) => (Number.isNaN(x) ? '   -  ' : x.toFixed(2).padStart(6));
  console.log(`  ${'protocol'.padEnd(40)} ${'out'.padStart(5)} ${'in'.padStart(5)}  first  lastOut lastIn`);
  for (const [what, s] of [...by].sort((a, b) => a[1].first - b[1].first)) {
    console.log(`  ${what.padEnd(40)} ${String(s.out).padStart(5)} ${String(s.in).padStart(5)} ${f(s.first)} ${f(s.lastOut)} ${f(s.lastIn)}`);
  }
  if (arpSlice !== null) for (const row of arpSlices(lines, lab.scannerAddress, origin, arpSlice)) console.log(row);
}

// sparse-16 is figure 8's generated /16; --target a part of it (a /18 holds 125 of its hosts) profiles it in minutes.
const profile = values.profile === 'sparse-16' ? sparseProfile() : values.profile;
await withBenchLab(profile, 'benchtime', async (lab, dir) => {
  console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const engine of values.engine.split(',')) await timeline(lab, dir, engine.trim());
});
