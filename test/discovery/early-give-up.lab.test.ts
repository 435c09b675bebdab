import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/observations/observation.js';

/**
 * The native engine's early give-up on the real kernel (#15): on a segment whose hosts answer ARP at
 * once, an address still unresolved after the kernel's second request is called empty without
 * waiting for the kernel's third request and give-up; on a segment with hosts that answer only the
 * kernel's second or third request, none of them is lost.
 *
 * Two throwaway namespaces joined by a veth pair. Prompt hosts are addresses of the segment's
 * interface (the kernel answers their ARP at once); late hosts are addresses the kernel does not
 * answer ARP for (on lo, arp_ignore=1), answered instead by a responder that watches the requests
 * (tcpdump) and sends a unicast ARP reply (nping) only after the kernel's 2nd or 3rd request. Every
 * host has port 443 open and 80 closed. Needs root, tcpdump and nping; nothing leaves the namespaces.
 */
const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const tools = ['tcpdump', 'nping'].every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);
if (!isRoot || !tools) console.warn('not root or no tcpdump/nping: skipping the early give-up test in network namespaces');

const tag = `${process.pid}`;
const scanner = `la-egu-scan-${tag}`;
const segment = `la-egu-seg-${tag}`;
const NET = '10.79.5';
const SCANNER_IP = `${NET}.1`;
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${NET}.${from + i}`);
/**
 * Prompt hosts: the first scope holds only these, the second these and the late ones. Both scopes
 * have more empty addresses than hosts, so the engine does not ask them all again (retry-plan.ts).
 */
const PROMPT = [...range(10, 29), ...range(60, 69)];
/**
 * Late hosts, by the kernel request they answer. Those answering the 3rd are far from those
 * answering the 2nd, past the silent addresses a sparse segment's retry asks again (the nearest to
 * a late answer): only the engine's own fallback can find them.
 */
const LATE: Readonly<Record<string, number>> = { [`${NET}.50`]: 2, [`${NET}.52`]: 2, [`${NET}.190`]: 3, [`${NET}.191`]: 3 };

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
function inSegment(cmd: string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', segment, ...cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
}
function macOf(ns: string, dev: string): string {
  return (JSON.parse(execFileSync('ip', ['-n', ns, '-j', 'link', 'show', dev], { encoding: 'utf8' })) as { address: string }[])[0]!.address;
}
async function until(child: ChildProcess, stream: 'stdout' | 'stderr', text: string): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child[stream]!.on('data', (b: Buffer) => {
      seen += b.toString();
      if (seen.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before "${text}": ${seen}`)));
  });
}

interface Sweep {
  readonly macs: Set<string>;
  readonly open443: Set<string>;
  readonly others: Observation[];
  readonly resolving: string[];
}

/** Runs the engine in the scanner's namespace; not synchronously, so the responder keeps answering meanwhile. */
async function sweep(first: string, last: string): Promise<Sweep> {
  const script = path.join(import.meta.dirname, 'netns', 'sweep.ts');
  const { stdout: out } = await run('ip', ['netns', 'exec', scanner, process.execPath, '--import', 'tsx', script, first, last, '80,443'], { encoding: 'utf8' });
  const lines = out.trim().split('\n').map((line) => JSON.parse(line) as Observation | { summary: { resolving: string[] } });
  const observations = lines.filter((l): l is Observation => !('summary' in l));
  const summary = lines.flatMap((l) => ('summary' in l ? [l.summary] : []))[0]!;
  return {
    macs: new Set(observations.filter((o) => o.kind === 'mac').map((o) => o.ip)),
    open443: new Set(observations.filter((o) => o.kind === 'tcp.open' && o.port === 443).map((o) => o.ip)),
    others: observations.filter((o) => o.kind !== 'mac' && !(o.kind === 'tcp.open' && o.port === 443)),
    resolving: summary.resolving,
  };
}

describe.skipIf(!isRoot || !tools)('native engine early give-up in network namespaces', () => {
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ip('netns', 'add', scanner);
    ip('netns', 'add', segment);
    ip('-n', scanner, 'link', 'add', 'scan0', 'type', 'veth', 'peer', 'name', 'seg0', 'netns', segment);
    ip('-n', scanner, 'addr', 'add', `${SCANNER_IP}/24`, 'dev', 'scan0');
    ip('-n', scanner, 'link', 'set', 'scan0', 'up');
    ip('-n', segment, 'link', 'set', 'lo', 'up');
    ip('-n', segment, 'link', 'set', 'seg0', 'up');
    // Answer ARP only for addresses of the interface asked on: the late hosts' addresses (on lo) get no kernel answer.
    execFileSync('ip', ['netns', 'exec', segment, 'sysctl', '-q', '-w', 'net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.seg0.arp_ignore=1']);
    for (const a of PROMPT) ip('-n', segment, 'addr', 'add', `${a}/24`, 'dev', 'seg0');
    for (const a of Object.keys(LATE)) ip('-n', segment, 'addr', 'add', `${a}/32`, 'dev', 'lo');
    const segMac = macOf(segment, 'seg0');
    const scanMac = macOf(scanner, 'scan0');

    const server = inSegment([process.execPath, '-e', "require('net').createServer((s) => s.destroy()).listen(443, '0.0.0.0', () => console.log('ready'))"]);
    children.push(server);
    await until(server, 'stdout', 'ready');

    const requests = new Map<string, number>();
    const capture = inSegment(['tcpdump', '--immediate-mode', '-l', '-n', '-s', '128', '-B', '4096', '-i', 'seg0', 'arp']);
    children.push(capture);
    let partial = '';
    capture.stdout!.on('data', (b: Buffer) => {
      const lines = (partial + b.toString()).split('\n');
      partial = lines.pop()!;
      for (const m of lines.join('\n').matchAll(/Request who-has (\d+\.\d+\.\d+\.\d+) tell /g)) {
        const asked = m[1]!;
        const n = (requests.get(asked) ?? 0) + 1;
        requests.set(asked, n);
        if (LATE[asked] !== n) continue;
        // A unicast reply, as a host sends it: the scanner's kernel takes it as long as it still resolves the address.
        const reply = inSegment(['nping', '--arp', '--arp-type', 'ARP-reply', '--arp-sender-mac', segMac, '--arp-sender-ip', asked, '--arp-target-mac', scanMac, '--arp-target-ip', SCANNER_IP, '--dest-mac', scanMac, '--source-mac', segMac, '-e', 'seg0', '-c', '1', '-q', SCANNER_IP]);
        children.push(reply);
      }
    });
    await until(capture, 'stderr', 'listening on');
  });

  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    for (const ns of [scanner, segment]) spawnSync('ip', ['netns', 'del', ns]);
  });

  it('on a segment that answers at once, gives empty addresses up before the kernel does, and finds every host', async () => {
    const result = await sweep(`${NET}.2`, `${NET}.49`);
    const hosts = PROMPT.filter((a) => Number(a.split('.')[3]) < 50);
    expect([...result.macs].sort()).toEqual([...hosts].sort());
    expect([...result.open443].sort()).toEqual([...hosts].sort());
    expect(result.others).toEqual([]);
    // The sweep ended while the kernel was still asking for every empty address (it gives up 3 s after its first request).
    const empty = range(2, 49).filter((a) => !hosts.includes(a));
    expect(empty.filter((a) => !result.resolving.includes(a))).toEqual([]);
  }, 60_000);

  it('on a segment with hosts that answer only the kernel\'s 2nd or 3rd ARP request, loses none of them', async () => {
    const result = await sweep(`${NET}.50`, `${NET}.200`);
    const hosts = [...PROMPT.filter((a) => Number(a.split('.')[3]) >= 50), ...Object.keys(LATE)].sort();
    expect([...result.macs].sort()).toEqual(hosts);
    // Found late, and still probed: their other port was tried.
    expect([...result.open443].sort()).toEqual(hosts);
    expect(result.others).toEqual([]);
  }, 60_000);
});
