/**
 * The mDNS probe against bonjour-service's own responder, over real multicast, inside a
 * throwaway network namespace (never on the host's network). Needs root for `ip netns`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/observations/observation.js';

const ROOT = process.getuid?.() === 0;
if (!ROOT) console.warn('mdns-netns.test.ts skipped: needs root to create a network namespace');

const repo = join(import.meta.dirname, '..', '..');
const ns = `la-mdnstest-${randomBytes(3).toString('hex')}`;
let dir = '';
let created = false;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/** Publishes a Hikvision-like service with bonjour-service, browses with the probe, prints the outcome as JSON. */
const body = (probe: string, bonjour: string) => `
import Bonjour from ${JSON.stringify(bonjour)};
import { runMdnsProbe } from ${JSON.stringify(probe)};
const bonjour = new Bonjour({}, (err) => { console.error(String(err)); process.exit(3); });
bonjour.publish({ name: 'HIKVISION DS-2CD2722FWD-IZS - 733050075', type: 'CGI', port: 80, txt: { path: '/' },
  host: 'DS-2CD2722FWD-IZS20170321BBWR733050075.local', disableIPv6: true, probe: false });
await new Promise((r) => setTimeout(r, 300));
const scope = { ranges: [{ first: 0x0a4d0000, last: 0x0a4d00ff }], size: 256, labels: ['10.77.0.0/24'], excluded: [] };
const outcome = await runMdnsProbe({ scope, signal: new AbortController().signal, timeoutMs: 1500, interfaces: ['10.77.0.1'] });
process.stdout.write(JSON.stringify(outcome));
bonjour.destroy(() => process.exit(0));
`;

describe.skipIf(!ROOT)('mDNS probe in a network namespace (bonjour-service responder)', () => {
  beforeAll(() => {
    ip('netns', 'add', ns);
    created = true;
    try {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      // Two segments: 10.77.0.0/24 is the scope, 10.88.0.0/24 is not (the responder announces both addresses).
      // veth pairs rather than dummy links: not every kernel has the dummy module.
      for (const [dev, cidr] of [['la0', '10.77.0.1/24'], ['la1', '10.88.0.1/24']] as const) {
        ip('-n', ns, 'link', 'add', dev, 'type', 'veth', 'peer', 'name', `${dev}p`);
        ip('-n', ns, 'link', 'set', `${dev}p`, 'up');
        ip('-n', ns, 'link', 'set', dev, 'multicast', 'on', 'up');
        ip('-n', ns, 'addr', 'add', cidr, 'dev', dev);
      }
      ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'la0');
      dir = mkdtempSync(join(tmpdir(), 'la-mdnstest-'));
    } catch (error) {
      ip('netns', 'del', ns);
      created = false;
      throw error;
    }
  });
  afterAll(() => {
    if (created) ip('netns', 'del', ns);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the published camera: instance, service, TXT and host for its in-scope address only', () => {
    const script = join(dir, 'browse.mts');
    const probe = pathToFileURL(join(repo, 'src/probes/mdns/mdns-probe.ts')).href;
    const bonjour = pathToFileURL(join(repo, 'node_modules/bonjour-service/dist/index.js')).href;
    writeFileSync(script, body(probe, bonjour));
    const out = execFileSync('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', script], { cwd: repo, timeout: 20_000 }).toString();
    const { observations } = JSON.parse(out) as { observations: Observation[] };
    const facts = observations.map((o) => `${o.ip} ${o.kind}=${o.value}`);
    expect(facts).toEqual(
      expect.arrayContaining([
        '10.77.0.1 mdns.instance=HIKVISION DS-2CD2722FWD-IZS - 733050075',
        '10.77.0.1 mdns.service=_CGI._tcp',
        '10.77.0.1 mdns.txt=path=/',
        '10.77.0.1 hostname=DS-2CD2722FWD-IZS20170321BBWR733050075.local',
      ]),
    );
    expect(observations.every((o) => o.ip === '10.77.0.1')).toBe(true);
  });
});
