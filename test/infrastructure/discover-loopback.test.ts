/**
 * Infrastructure discovery (issue #12, config infrastructure.discover) against the lab simulator's
 * SNMP agent on three loopback addresses sharing one port: a router (ipForwarding 1, an ARP
 * table), a switch (a bridge: dot1dBaseNumPorts, forwarding tables) and a host that answers SNMP but
 * neither forwards nor bridges. The scan's SNMP probe asks each, then the infrastructure step reads
 * what discovery found, as the scan job wires them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { DiscoveredInfrastructure } from '../../src/infrastructure/discover.js';
import { decodeLocation } from '../../src/infrastructure/location.js';
import { infrastructureStep } from '../../src/infrastructure/scan-step.js';
import { runSnmpProbe } from '../../src/probes/snmp/snmp-probe.js';
import { parseIpv4 } from '../../src/scope/ipv4.js';
import type { Scope } from '../../src/scope/types.js';
import { bridgeTables, type TableValue } from '../lab/sim/snmp/bridge-tables.js';
import { startLoopbackAgent, type LoopbackAgent } from './loopback-agent.js';

const COMMUNITY = 'Qd4-discover-community';
const ROUTER = '127.0.0.2';
const SWITCH = '127.0.0.3';
const HOST = '127.0.0.4';
const CAMERA = { id: 'cam', mac: 'bc:ad:28:4f:19:3c', ip: '10.9.0.5' };
const ipForwarding = (n: 1 | 2): [string, TableValue] => ['1.3.6.1.2.1.4.1.0', { kind: 'int', n }];
const bridge = {
  routerMac: '02:1a:b0:02:01:01',
  ports: [
    { port: 1, name: 'ge-0/0/1', alias: 'uplink', vlan: 20, devices: [], uplink: 'router' },
    { port: 5, name: 'ge-0/0/5', alias: 'lobby camera', vlan: 20, devices: [CAMERA.id] },
  ],
};
const sw = { id: 'sw', mac: '02:00:00:00:00:10', sysName: 'core-sw' };
const TABLES: Record<string, [string, TableValue][]> = {
  [ROUTER]: [
    ipForwarding(1),
    [`1.3.6.1.2.1.4.22.1.2.7.${CAMERA.ip}`, { kind: 'bytes', hex: CAMERA.mac.replace(/:/g, '') }],
    [`1.3.6.1.2.1.4.22.1.4.7.${CAMERA.ip}`, { kind: 'int', n: 3 }],
  ],
  [SWITCH]: [ipForwarding(2), ...bridgeTables({ ...sw, bridge }, [{ ...sw, snmp: { sysName: sw.sysName, bridge } }, CAMERA])],
  // A printer, say: SNMP, neither forwarding nor a bridge (and an ARP row of its own, never read).
  [HOST]: [ipForwarding(2), [`1.3.6.1.2.1.4.22.1.2.1.${CAMERA.ip}`, { kind: 'bytes', hex: '020000000099' }]],
};
const NAMES: Record<string, string> = { [ROUTER]: 'edge-rtr', [SWITCH]: 'core-sw', [HOST]: 'printer-3' };

const range = (first: string, last: string) => ({ first: parseIpv4(first) ?? 0, last: parseIpv4(last) ?? 0 });
const scope: Scope = { ranges: [range('10.9.0.0', '10.9.0.255'), range(ROUTER, HOST)], size: 259, labels: ['10.9.0.0/24', `${ROUTER}-${HOST}`], excluded: [] };
const found = { live: [CAMERA.ip, ROUTER, SWITCH, HOST], macs: new Map<string, string>() };

let agents = new Map<string, LoopbackAgent>();
afterEach(async () => {
  await Promise.all([...agents.values()].map((a) => a.close()));
  agents = new Map();
});

/** The three agents, on one port (the probe asks every host on the same one). */
async function startAgents(): Promise<number> {
  let port = 0;
  for (const address of [ROUTER, SWITCH, HOST]) {
    const profile = { community: COMMUNITY, sysDescr: 'loopback device', sysObjectID: '1.3.6.1.4.1.8072', sysName: NAMES[address]!, extra: {}, tables: TABLES[address] };
    const agent = await startLoopbackAgent(profile, 'honest', { address, port });
    agents.set(address, agent);
    port = agent.port;
  }
  return port;
}

/** The probe, then the infrastructure step, as the scan job runs them with this configuration. */
async function scan(configYaml: string) {
  const port = await startAgents();
  const config = parseConfig(configYaml, 'c.yaml');
  const discovered = config.infrastructure.discover.enabled ? new DiscoveredInfrastructure() : undefined;
  let paced = 0;
  const ctx = { scope, signal: new AbortController().signal, timeoutMs: 1000, interfaces: [], pace: () => Promise.resolve(void paced++) };
  await runSnmpProbe([ROUTER, SWITCH, HOST], ctx, { communities: ['public', COMMUNITY], concurrency: 3, port, ...(discovered ? { answered: discovered.note } : {}) });
  const probeRequests = new Map([...agents].map(([address, a]) => [address, a.requests.length]));
  const step = infrastructureStep(scope, config.infrastructure, { timeoutMs: 1000, port }, discovered);
  const outcome = step ? await step(found, new AbortController().signal) : undefined;
  return { probeRequests, paced, outcome, requests: (address: string) => agents.get(address)!.requests.length };
}

describe('infrastructure discovery (loopback SNMP agents)', () => {
  it('reads the router and the switch that answered the probe, with the community they answered to, and never the host that neither forwards nor bridges', async () => {
    const r = await scan('infrastructure:\n  discover: { enabled: true }\n');
    // Per host: 'public' asked twice (silence, one retry), the system GET answered, then one role GET and
    // one GETBULK of entPhysicalClass (these agents have no ENTITY-MIB); each through the --rate bucket.
    expect([...r.probeRequests.values()]).toEqual([5, 5, 5]);
    expect(r.paced).toBe(3 * 5);
    expect(r.outcome?.devices).toEqual([
      { addresses: [ROUTER], sysName: 'edge-rtr', discovered: true },
      { addresses: [SWITCH], sysName: 'core-sw', discovered: true },
    ]);
    // The host heard nothing after the probe: not one walk.
    expect(r.requests(HOST)).toBe(r.probeRequests.get(HOST));
    expect(r.requests(ROUTER)).toBeGreaterThan(r.probeRequests.get(ROUTER)!);
    const facts = r.outcome!.observations;
    // The camera's MAC from the router's ARP table (not the host's), its port from the switch.
    expect(facts.filter((o) => o.kind === 'mac')).toEqual([expect.objectContaining({ ip: CAMERA.ip, value: CAMERA.mac, source: `snmp-arp:${ROUTER}` })]);
    const place = facts.filter((o) => o.kind === 'location' && o.ip === CAMERA.ip).map((o) => decodeLocation(o.value));
    expect(place).toEqual([expect.objectContaining({ switchName: 'core-sw', switchAddress: SWITCH, port: 'ge-0/0/5', vlan: 20 })]);
    expect(JSON.stringify(r.outcome)).not.toContain(COMMUNITY);
  });

  it('reads a discovered device named in devices as named there, not twice', async () => {
    const r = await scan(`infrastructure:\n  discover: { enabled: true }\n  devices:\n    - { targets: [${SWITCH}/32], community: ${COMMUNITY} }\n`);
    expect(r.outcome?.devices).toEqual([
      { addresses: [ROUTER], sysName: 'edge-rtr', discovered: true },
      { addresses: [SWITCH], sysName: 'core-sw', discovered: false },
    ]);
  });

  it('with discover off (the default), asks no host more than its system group and chassis row and reads only the devices named', async () => {
    const r = await scan(`infrastructure:\n  devices:\n    - { targets: [${SWITCH}], community: ${COMMUNITY} }\n`);
    // 'public' twice, the system GET, one GETBULK of entPhysicalClass: no role GET.
    expect([...r.probeRequests.values()]).toEqual([4, 4, 4]);
    expect(r.outcome?.devices).toEqual([{ addresses: [SWITCH], sysName: 'core-sw', discovered: false }]);
    expect(r.requests(ROUTER)).toBe(4);
    expect(r.requests(HOST)).toBe(4);
    expect(r.outcome!.observations.filter((o) => o.kind === 'mac')).toEqual([]);
  });

  it('with discover off and no device named, has no infrastructure step at all', async () => {
    const r = await scan('probes: { enabled: true }\n');
    expect(r.outcome).toBeUndefined();
    expect([...r.probeRequests.values()]).toEqual([4, 4, 4]);
  });
});
