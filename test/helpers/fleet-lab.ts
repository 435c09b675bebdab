/**
 * Two sites in the lab and the fleet server between them: each site is a lab of its own (its own
 * namespaces, scanner and devices), and the server runs in a namespace of ours, on 10.96.0.1 (its
 * loopback), linked by one veth to each site's scanner namespace (10.96.<n>.0/30) with a host route
 * to 10.96.0.1. Nothing touches the root namespace; PostgreSQL is reached over its Unix socket.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileInput } from '../lab/lab.js';
import { ROOT } from './cli.js';

export const SERVER_ADDRESS = '10.96.0.1';

/** A shipped profile with its subnets moved (10.78. → 10.91.), its hostile members dropped and only `keep` devices. */
function moved(name: string, from: string, to: string, keep: (id: string) => boolean): ProfileInput {
  const text = readFileSync(join(ROOT, 'test', 'lab', 'profiles', `${name}.json`), 'utf8').replaceAll(from, to);
  const profile = JSON.parse(text) as ProfileInput & { devices: { id: string }[] };
  return { ...profile, name: `fleet-${name}`, devices: profile.devices.filter((d) => keep(d.id)) };
}

/**
 * Site east: site-routed (a router and two managed switches that place the branch's devices, a
 * Hikvision NVR, a Huawei switch, a ZTE ONT, a Dahua DVR), its hostile switch left out.
 */
export function eastProfile(): ProfileInput {
  return moved('site-routed', '10.78.', '10.91.', (id) => id !== 'branch-bad-sw');
}

/** Site west: a dozen devices of site-small (Hikvision and Dahua cameras, a Huawei switch, look-alikes, PCs); no switches to place them. */
export function westProfile(): ProfileInput {
  const keep = new Set(['hw-s5700', 'hik-nvr', 'hik-cam-lobby', 'dahua-cam-gate', 'axis-cam-entry', 'uniview-cam-lot', 'dell-ws-01', 'brother-hl-l2350', 'synology-nas']);
  return moved('site-small', '10.77.0.', '10.92.0.', (id) => keep.has(id));
}

/** The configuration of site east's infrastructure reads (as test/integration/site-routed-infra.test.ts, without the hostile switch). */
export const EAST_INFRASTRUCTURE = `infrastructure:
  devices:
    - targets: [10.91.0.1]
      v3: { username: lanaudit, authKey: lab-auth-k3y-2024, privKey: lab-priv-k3y-2024 }
    - targets: [10.91.1.3, 10.91.1.4]
      community: lab-sw-c0mmunity
  deviceTimeoutMs: 20000
`;

export interface FleetNet {
  readonly namespace: string;
  /** Cuts or restores site n's link to the server (its scanner side). */
  link(n: number, up: boolean): void;
  down(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** The server's namespace `la-<id>-srv` with a link to each scanner namespace (site n = index + 1). */
export function fleetNet(id: string, scannerNamespaces: readonly string[]): FleetNet {
  const ns = `la-${id}-srv`;
  const down = () => {
    try {
      ip('netns', 'del', ns);
    } catch {
      // Not there (never built, or gone already).
    }
  };
  down();
  try {
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'addr', 'add', `${SERVER_ADDRESS}/32`, 'dev', 'lo');
    scannerNamespaces.forEach((scan, i) => {
      const n = i + 1;
      // Both ends made from inside the namespaces: no interface ever exists in the root namespace.
      ip('-n', ns, 'link', 'add', `s${n}`, 'type', 'veth', 'peer', 'name', 'fleet0', 'netns', scan);
      ip('-n', ns, 'addr', 'add', `10.96.${n}.1/30`, 'dev', `s${n}`);
      ip('-n', ns, 'link', 'set', `s${n}`, 'up');
      ip('-n', scan, 'addr', 'add', `10.96.${n}.2/30`, 'dev', 'fleet0');
      ip('-n', scan, 'link', 'set', 'fleet0', 'up');
      ip('-n', scan, 'route', 'add', `${SERVER_ADDRESS}/32`, 'via', `10.96.${n}.1`);
    });
  } catch (err) {
    down();
    throw err;
  }
  return {
    namespace: ns,
    link: (n, up) => {
      const scan = scannerNamespaces[n - 1]!;
      ip('-n', scan, 'link', 'set', 'fleet0', up ? 'up' : 'down');
      // The kernel drops the host route with the link: put it back.
      if (up) ip('-n', scan, 'route', 'replace', `${SERVER_ADDRESS}/32`, 'via', `10.96.${n}.1`);
    },
    down,
  };
}
