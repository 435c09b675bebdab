import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/observations/observation.js';

/**
 * The native engine on a segment with more live hosts (1,100) than the kernel's neighbour table
 * holds by default (1,024), in two throwaway network namespaces joined by a veth pair: every host
 * must be found by its MAC. Paced to half the table per 45 s, it takes about 100 s. Needs root;
 * nothing leaves the namespaces.
 */
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.warn('not root: skipping the native engine test in network namespaces');

const LIVE = 1100;
const SCOPE = ['10.77.0.2', '10.77.4.120'] as const; // 1,143 addresses, 43 of them silent
const tag = `${process.pid}`;
const scanner = `la-disc-scan-${tag}`;
const segment = `la-disc-seg-${tag}`;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function liveAddress(i: number): string {
  const n = i + 2; // 10.77.0.2 onwards
  return `10.77.${Math.floor(n / 256)}.${n % 256}`;
}

describe.skipIf(!isRoot)('native engine in network namespaces', () => {
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-netns-'));
    ip('netns', 'add', scanner);
    ip('netns', 'add', segment);
    ip('-n', scanner, 'link', 'add', 'scan0', 'type', 'veth', 'peer', 'name', 'seg0', 'netns', segment);
    ip('-n', scanner, 'addr', 'add', '10.77.0.1/21', 'dev', 'scan0');
    ip('-n', scanner, 'link', 'set', 'scan0', 'up');
    ip('-n', segment, 'link', 'set', 'seg0', 'up');
    // One interface answering for 1,100 addresses: 1,100 hosts as ARP and TCP see them (all ports closed).
    const batch = path.join(dir, 'addresses');
    writeFileSync(batch, Array.from({ length: LIVE }, (_, i) => `addr add ${liveAddress(i)}/21 dev seg0\n`).join(''));
    ip('-n', segment, '-batch', batch);
  });

  afterAll(() => {
    for (const ns of [scanner, segment]) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every live host by its MAC although they outnumber the neighbour table', () => {
    const sweep = path.join(import.meta.dirname, 'netns', 'sweep.ts');
    const out = execFileSync('ip', ['netns', 'exec', scanner, process.execPath, '--import', 'tsx', sweep, ...SCOPE, '80'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = out.trim().split('\n').map((line) => JSON.parse(line) as Observation | { summary: { warnings: string[]; ms: number } });
    const summary = lines.flatMap((l) => ('summary' in l ? [l.summary] : []))[0];
    const observations = lines.filter((l): l is Observation => !('summary' in l));
    const macs = new Set(observations.filter((o) => o.kind === 'mac').map((o) => o.ip));
    const expected = new Set(Array.from({ length: LIVE }, (_, i) => liveAddress(i)));
    const missing = [...expected].filter((a) => !macs.has(a));
    expect(missing, `missed ${missing.length}; engine warnings: ${summary?.warnings.join(' | ')}`).toEqual([]);
    expect([...macs].filter((a) => !expected.has(a))).toEqual([]);
    // Hosts with a MAC need no separate 'alive'; silent addresses get nothing.
    expect(observations.filter((o) => o.kind !== 'mac')).toEqual([]);
    console.info(`netns sweep of ${SCOPE.join('-')}: ${macs.size} hosts in ${summary?.ms} ms`);
  }, 300_000);
});
