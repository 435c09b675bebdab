import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryOptions } from '../../src/discovery/engine.js';
import { findNmap } from '../../src/discovery/nmap/nmap-binary.js';
import { createNmapEngine, nmapArguments } from '../../src/discovery/nmap/nmap-engine.js';
import type { Observation } from '../../src/observations/observation.js';
import { RuntimeError } from '../../src/util/errors.js';
import { rangeScope } from './scope-fixture.js';

const nmap = findNmap();
if (nmap === null) console.warn('nmap is not installed: skipping the tests that run it (apt-get install nmap)');

function options(overrides: Partial<DiscoveryOptions> = {}): DiscoveryOptions {
  return { ports: [80], connectTimeoutMs: 1000, concurrency: 16, rate: 500, deep: false, ...overrides };
}

async function collect(iterable: AsyncIterable<Observation>): Promise<Observation[]> {
  const all: Observation[] = [];
  for await (const o of iterable) all.push(o);
  return all;
}

describe('nmapArguments', () => {
  it('scans the configured ports (host discovery included); -sV with deep; -sn only without ports; rate, targets file and -v always', () => {
    expect(nmapArguments(options({ rate: 300 }), '/t')).toEqual([
      '-oX', '-', '-n', '-v', '--max-rate', '300', '--max-parallelism', '16', '--max-rtt-timeout', '1000ms', '-p', '80', '-iL', '/t',
    ]);
    const deep = nmapArguments(options({ deep: true, ports: [80, 554] }), '/t');
    expect(deep.slice(-5)).toEqual(['-sV', '-p', '80,554', '-iL', '/t']);
    expect(deep).not.toContain('-sn');
    expect(nmapArguments(options({ ports: [] }), '/t').slice(-3)).toEqual(['-sn', '-iL', '/t']);
  });
});

describe.skipIf(nmap === null)('nmap engine against 127.0.0.1', () => {
  let server: http.Server;
  let port = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.setHeader('Server', 'lighttpd/1.4.59');
      res.end('<html><title>t</title></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('-sn finds the host alive and reports progress to the end', async () => {
    const progress: number[] = [];
    const engine = createNmapEngine(nmap ?? '');
    const found = await collect(
      engine.discover(rangeScope('127.0.0.1'), options({ onProgress: ({ done }) => progress.push(done) }), new AbortController().signal),
    );
    expect(found.map((o) => `${o.ip} ${o.kind} ${o.value}`)).toEqual(['127.0.0.1 alive localhost']);
    expect(progress.at(-1)).toBe(1);
  });

  it('deep: the open port with its service and product, as nmap -sV names them', async () => {
    const engine = createNmapEngine(nmap ?? '');
    const found = await collect(
      engine.discover(rangeScope('127.0.0.1'), options({ deep: true, ports: [port] }), new AbortController().signal),
    );
    const text = found.map((o) => `${o.kind}${o.port !== undefined ? `/${o.port}` : ''} ${o.value}`);
    expect(text).toContain(`tcp.open/${port} ${port}`);
    expect(text).toContain(`nmap.service/${port} http`);
    expect(text).toContain(`nmap.product/${port} lighttpd 1.4.59`);
  });

  it('stops nmap when aborted', async () => {
    const children: ChildProcess[] = [];
    const engine = createNmapEngine(nmap ?? '', {
      spawn: (binary, args) => {
        const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        return child;
      },
    });
    const controller = new AbortController();
    // -sV waits seconds for a banner that never comes: long enough to abort in the middle.
    setTimeout(() => controller.abort(), 300);
    await collect(engine.discover(rangeScope('127.0.0.1'), options({ deep: true, ports: [port] }), controller.signal));
    expect(children).toHaveLength(1);
    expect(children[0]?.signalCode).toBe('SIGTERM');
  });
});

describe('nmap engine with a stand-in binary', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lanaudit-fake-nmap-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function fakeNmap(name: string, script: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, `#!/bin/sh\n${script}\n`);
    await chmod(file, 0o755);
    return file;
  }

  it('passes warnings on stderr to onWarning and still reports hosts, only those in scope', async () => {
    const xml = await readFile(new URL('fixtures/nmap-edited.xml', import.meta.url), 'utf8');
    const xmlFile = path.join(dir, 'out.xml');
    await writeFile(xmlFile, xml);
    const binary = await fakeNmap('warns', `echo "Warning: 10.0.0.1 giving up on port because retransmission cap hit (2)." >&2\ncat ${xmlFile}`);
    const warnings: string[] = [];
    const found = await collect(
      createNmapEngine(binary).discover(
        rangeScope('192.168.50.4', '192.168.50.7'),
        options({ onWarning: (m) => warnings.push(m) }),
        new AbortController().signal,
      ),
    );
    expect(warnings).toEqual(['nmap: Warning: 10.0.0.1 giving up on port because retransmission cap hit (2).']);
    expect(new Set(found.map((o) => o.ip))).toEqual(new Set(['192.168.50.4']));
  });

  it("reports a host as nmap's host discovery finds it (its hint), before the port scan's result, and each fact once", async () => {
    const marker = path.join(dir, 'hint-seen');
    const head = '<?xml version="1.0"?>\n<nmaprun scanner="nmap" args="nmap" version="7.93">\n';
    const who = '<status state="up" reason="arp-response" reason_ttl="0"/>\n<address addr="10.1.0.5" addrtype="ipv4"/>\n<address addr="BC:AD:28:12:34:56" addrtype="mac"/>\n<hostnames>\n</hostnames>\n';
    const hint = `<hosthint>${who}</hosthint>\n`;
    const host = `<host starttime="1795773344" endtime="1795773355">${who}<ports><port protocol="tcp" portid="80"><state state="open" reason="syn-ack" reason_ttl="64"/></port></ports>\n</host>\n`;
    // The port scan's result comes only once the engine has reported the host (or after 5 s, late).
    const binary = await fakeNmap(
      'hints',
      [
        `printf '%s' '${head}${hint}'`,
        `i=0; while [ ! -f ${marker} ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done`,
        `[ -f ${marker} ] || echo "late: the host was not reported before its port scan ended" >&2`,
        `printf '%s' '${host}</nmaprun>'`,
      ].join('\n'),
    );
    const warnings: string[] = [];
    const found: string[] = [];
    for await (const o of createNmapEngine(binary).discover(rangeScope('10.1.0.1', '10.1.0.6'), options({ onWarning: (m) => warnings.push(m) }), new AbortController().signal)) {
      if (found.length === 0) await writeFile(marker, '');
      found.push(`${o.kind}${o.port !== undefined ? `/${o.port}` : ''} ${o.value}`);
    }
    expect(warnings).toEqual([]);
    expect(found).toEqual(['mac bc:ad:28:12:34:56', 'alive arp', 'tcp.open/80 80']);
  });

  it('gives the targets as CIDR blocks in a file, removed afterwards', async () => {
    const seen = path.join(dir, 'seen-targets');
    const binary = await fakeNmap('copies', `while [ "$1" != "-iL" ]; do shift; done; cp "$2" ${seen}; echo "$2" > ${seen}.path`);
    await collect(createNmapEngine(binary).discover(rangeScope('10.1.0.1', '10.1.0.6'), options(), new AbortController().signal));
    expect(await readFile(seen, 'utf8')).toBe('10.1.0.1/32\n10.1.0.2/31\n10.1.0.4/31\n10.1.0.6/32\n');
    const targetFile = (await readFile(`${seen}.path`, 'utf8')).trim();
    await expect(readFile(targetFile)).rejects.toThrow();
  });

  it('fails with nmap\'s message on a non-zero exit', async () => {
    const binary = await fakeNmap('fails', 'echo "Failed to open device eth9" >&2\nexit 1');
    const run = collect(createNmapEngine(binary).discover(rangeScope('10.1.0.1'), options(), new AbortController().signal));
    await expect(run).rejects.toThrow(RuntimeError);
    await expect(run).rejects.toThrow('nmap exited with code 1: Failed to open device eth9');
  });

  it('says how to install nmap when the binary is missing', async () => {
    const run = collect(
      createNmapEngine(path.join(dir, 'no-such-nmap')).discover(rangeScope('10.1.0.1'), options(), new AbortController().signal),
    );
    await expect(run).rejects.toThrow(/apt-get install nmap/);
  });
});
