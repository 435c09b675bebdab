/**
 * The infrastructure stage (after the probes, before identification): reads the routers and
 * switches the configuration names, and turns their tables into facts about the scan's hosts.
 *
 *  - A router's ARP table gives the MAC of each host it serves: a `mac` observation with source
 *    `snmp-arp:<router>`, for in-scope hosts that answered this scan and whose MAC the scanner
 *    could not see itself (an ARP entry outlives its host by minutes: it never makes a host alive).
 *  - The switches' forwarding tables place each of those MACs on a port: a `location`
 *    observation (see location.ts) with source `snmp-fdb:<switch>`.
 *  - Its IPv6 rows give those hosts' IPv6 addresses: `ipv6` observations (ipv6-rows.ts).
 *  - Each device read gives its own sysName (`snmp.sysname`): its name where nothing better names it.
 *  - A device read over SNMPv3, which the scan's v2c probe cannot ask, also tells which device it
 *    is: its sysDescr and sysObjectID, its ENTITY-MIB chassis row and its maker's own objects
 *    (observations/snmp-identity.ts), the same facts the probe gives of the hosts it can ask.
 *  - A device whose system group the probe read (its community reached it too) keeps the probe's
 *    sysName and identity: one set of facts per device and object, not one per source.
 */
import type { Session } from 'net-snmp';
import pLimit from 'p-limit';
import { boundValue, type Observation, type ObservationKind } from '../observations/observation.js';
import { readIdentity } from '../observations/snmp-identity.js';
import { SYSTEM_OBJECTS, systemFacts, type SnmpFact } from '../observations/snmp-system.js';
import { scopeContains } from '../scope/index.js';
import { parseTarget } from '../scope/parse-target.js';
import { parseIpv4 } from '../scope/ipv4.js';
import type { Scope } from '../scope/types.js';
import { decodeIpNetToMedia, decodeIpNetToPhysical, macOf, type ArpEntry } from './decode-tables.js';
import { ipv6Facts } from './ipv6-rows.js';
import { encodeLocation } from './location.js';
import { COLUMNS, type Cell, type Column } from './mib.js';
import { placeDevices } from './place-devices.js';
import { switchTables, sysNameOf, type Columns, type SwitchTables } from './switch-tables.js';
import { closeSession, identityRequests, openSession, walkColumn, type Credentials, type WalkBounds } from './table-walk.js';

export interface InfrastructureEntry {
  /** Addresses, ranges or CIDRs. A single address is always read; in a range, the hosts that answered this scan. */
  readonly targets: readonly string[];
  readonly credentials: Credentials;
  /** Found by infrastructure discovery, not named in the configuration. */
  readonly discovered?: boolean;
}

export interface InfrastructureOptions {
  readonly entries: readonly InfrastructureEntry[];
  readonly maxRepetitions: number;
  readonly maxRows: number;
  /** Time one device may take, all its tables together. */
  readonly deviceTimeoutMs: number;
  /** Per request. */
  readonly timeoutMs: number;
  /** Devices read at once. */
  readonly concurrency: number;
  /** Agent port; 161 unless a test says otherwise. */
  readonly port?: number;
  /**
   * Hosts whose system group the scan's SNMP probe read, with the kinds it recorded of each: one
   * set of facts per device and object, so what the probe recorded is the probe's, and the reads
   * here add only what its community's view withheld (an ENTITY-MIB row only the v3 user sees).
   */
  readonly readByProbe?: ReadonlyMap<string, ReadonlySet<ObservationKind>>;
}

export interface InfrastructureContext {
  readonly scope: Scope;
  readonly signal: AbortSignal;
  readonly pace?: () => Promise<void>;
  readonly now?: () => Date;
}

export interface FoundOnSegment {
  /** Addresses that answered this scan. */
  readonly live: readonly string[];
  /** MACs the scanner saw itself (neighbour table), by address. */
  readonly macs: ReadonlyMap<string, string>;
}

/** A router or switch that answered the reads, for the scan's summary. */
export interface InfrastructureDevice {
  /** Its addresses that were read (a router answers on each of its interfaces), in address order. */
  readonly addresses: readonly string[];
  readonly sysName: string;
  /** Read only because discovery found it. */
  readonly discovered: boolean;
}

export interface InfrastructureOutcome {
  readonly observations: Observation[];
  /** The devices read, in address order. */
  readonly devices?: readonly InfrastructureDevice[];
  /** Devices that could not be read whole: for the scan's warnings, never with credentials. */
  readonly warnings: string[];
}

interface DeviceRead {
  readonly address: string;
  readonly discovered: boolean;
  /** It answered the first question (its sysName). */
  readonly answered: boolean;
  /** Its sysName ('' when it gave none). */
  readonly sysName: string;
  readonly arp: readonly ArpEntry[];
  readonly ownMacs: readonly string[];
  readonly bridge: SwitchTables | null;
  /** What it says it is (SNMPv3 devices only): system group, chassis row, maker's objects. */
  readonly identity: readonly SnmpFact[];
  readonly problems: readonly string[];
}

/** sysDescr and sysObjectID: sysName is read as a column with the tables. */
const IDENTITY_OIDS = SYSTEM_OBJECTS.filter((o) => o.kind !== 'snmp.sysname').map((o) => o.oid);

const SYSTEM_KINDS: ReadonlySet<ObservationKind> = new Set(SYSTEM_OBJECTS.map((o) => o.kind));

/** Whether the probe recorded more of a host's identity than its system group: its chassis row or its maker's objects. */
function hasIdentityBeyondSystem(kinds: ReadonlySet<ObservationKind> | undefined): boolean {
  return kinds !== undefined && [...kinds].some((k) => k.startsWith('snmp.') && !SYSTEM_KINDS.has(k));
}

/** The identity reads of a device that answered: one GET of its system group, then at most four requests (snmp-identity.ts). */
async function identityOf(session: Session, bounds: WalkBounds): Promise<SnmpFact[]> {
  const requests = identityRequests(session, bounds);
  const system = await requests.get(IDENTITY_OIDS);
  if (system.kind === 'unreadable') return [{ kind: 'malformed', value: `system group: unreadable reply: ${system.why}` }];
  if (system.kind !== 'answer') return [];
  const facts = systemFacts(system.varbinds);
  const sysObjectID = facts.find((f) => f.kind === 'snmp.sysobjectid')?.value ?? null;
  return [...facts, ...(await readIdentity(requests, sysObjectID))];
}

const BRIDGE_COLUMNS: readonly Column[] = [
  'dot1dBaseBridgeAddress', 'dot1qTpFdbPort', 'dot1qTpFdbStatus', 'dot1qVlanFdbId', 'ifName', 'ifDescr', 'ifAlias',
  'lldpRemSysName', 'lldpRemChassisId', 'lldpRemSysCapEnabled', 'lldpLocPortId', 'lldpLocPortDesc',
];

async function readDevice(address: string, { credentials, discovered }: ToRead, options: InfrastructureOptions, ctx: InfrastructureContext): Promise<DeviceRead> {
  const bounds: WalkBounds = {
    maxRepetitions: options.maxRepetitions,
    maxRows: options.maxRows,
    deadline: Date.now() + options.deviceTimeoutMs,
    timeoutMs: options.timeoutMs,
    signal: ctx.signal,
    ...(ctx.pace ? { pace: ctx.pace } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  };
  const session = openSession(address, credentials, bounds);
  const problems: string[] = [];
  const columns: Record<string, readonly Cell[]> = {};
  const read = async (column: Column): Promise<readonly Cell[]> => {
    const result = await walkColumn(session, COLUMNS[column], bounds);
    if (result.cut) problems.push(`${column}: ${result.cut}`);
    columns[column] = result.cells;
    return result.cells;
  };
  try {
    const name = await read('sysName');
    // Silence to the first question (wrong credentials, no agent): every other would cost a timeout too.
    if (name.length === 0) return { address, discovered, answered: false, sysName: '', arp: [], ownMacs: [], bridge: null, identity: [], problems };
    // The v2c probe has asked every host a community reaches; a v3 device only this read can ask,
    // unless the probe already recorded its chassis or maker's objects (a community that sees the system group only does not).
    const byProbe = options.readByProbe?.get(address);
    const identity = credentials.version === '3' && !hasIdentityBeyondSystem(byProbe) ? await identityOf(session, bounds) : [];
    const ownMacs = (await read('ifPhysAddress')).map((c) => macOf(c.value)).filter((m): m is string => m !== null);
    let arp = decodeIpNetToPhysical(await read('ipNetToPhysicalPhysAddress'), await read('ipNetToPhysicalType'));
    if (arp.rows.length === 0) arp = decodeIpNetToMedia(await read('ipNetToMediaPhysAddress'), await read('ipNetToMediaType'));
    let bridge: SwitchTables | null = null;
    if ((await read('dot1dBasePortIfIndex')).length > 0) {
      for (const column of BRIDGE_COLUMNS) await read(column);
      if ((columns['dot1qTpFdbPort'] ?? []).length === 0) {
        await read('dot1dTpFdbPort');
        await read('dot1dTpFdbStatus');
      }
      bridge = switchTables(address, sysNameOf(name), columns as Columns);
    }
    const rejected = arp.rejected + (bridge?.rejected ?? 0);
    if (rejected) problems.push(`${rejected} table cell${rejected === 1 ? '' : 's'} of the wrong shape skipped`);
    return { address, discovered, answered: true, sysName: sysNameOf(name), arp: arp.rows, ownMacs, bridge, identity, problems };
  } finally {
    closeSession(session);
  }
}

interface ToRead {
  readonly credentials: Credentials;
  readonly discovered: boolean;
}

/** Which addresses each entry names: single addresses always, ranges only where a host answered. */
function devicesToRead(entries: readonly InfrastructureEntry[], live: readonly string[]): Map<string, ToRead> {
  const out = new Map<string, ToRead>();
  for (const entry of entries) {
    const toRead = { credentials: entry.credentials, discovered: entry.discovered === true };
    for (const target of entry.targets) {
      const range = parseTarget(target, 'exclusion');
      if (range.first === range.last && parseIpv4(target.trim()) !== null) {
        if (!out.has(target.trim())) out.set(target.trim(), toRead);
        continue;
      }
      for (const ip of live) {
        const n = parseIpv4(ip);
        if (n !== null && n >= range.first && n <= range.last && !out.has(ip)) out.set(ip, toRead);
      }
    }
  }
  return out;
}

/** The devices that answered, one per set of interface MACs: a router read on two of its addresses is one router. */
function devicesRead(reads: readonly DeviceRead[]): InfrastructureDevice[] {
  const byDevice = new Map<string, { addresses: string[]; sysName: string; discovered: boolean }>();
  for (const read of reads) {
    if (!read.answered) continue;
    const key = read.ownMacs.length ? [...new Set(read.ownMacs)].sort().join(',') : `@${read.address}`;
    const device = byDevice.get(key);
    if (device === undefined) byDevice.set(key, { addresses: [read.address], sysName: read.sysName, discovered: read.discovered });
    else {
      device.addresses.push(read.address);
      device.discovered &&= read.discovered;
    }
  }
  return [...byDevice.values()];
}

/** Reads every configured router and switch, then the facts their tables give about this scan's hosts. */
export async function readInfrastructure(found: FoundOnSegment, ctx: InfrastructureContext, options: InfrastructureOptions): Promise<InfrastructureOutcome> {
  const devices = devicesToRead(options.entries, found.live);
  const limit = pLimit(Math.max(1, options.concurrency));
  const reads = await Promise.all([...devices].map(([address, toRead]) => limit(() => readDevice(address, toRead, options, ctx))));
  reads.sort((a, b) => (parseIpv4(a.address) ?? 0) - (parseIpv4(b.address) ?? 0));

  const at = (ctx.now?.() ?? new Date()).toISOString();
  const observations: Observation[] = [];
  const live = new Set(found.live);
  const macOfIp = new Map(found.macs);
  for (const device of reads) {
    for (const entry of device.arp) {
      if (entry.family !== 4 || !live.has(entry.ip) || !scopeContains(ctx.scope, entry.ip) || macOfIp.has(entry.ip)) continue;
      macOfIp.set(entry.ip, entry.mac);
      observations.push({ ip: entry.ip, mac: entry.mac, kind: 'mac', value: entry.mac, source: `snmp-arp:${device.address}`, at });
    }
  }

  // A router's or switch's own name and what it says it is, as the SNMP probe reads them from the hosts it may ask.
  for (const device of reads) {
    if (!live.has(device.address) || !scopeContains(ctx.scope, device.address)) continue;
    const source = `snmp-infra:${device.address}`;
    const byProbe = options.readByProbe?.get(device.address);
    if (device.sysName && byProbe?.has('snmp.sysname') !== true) observations.push({ ip: device.address, kind: 'snmp.sysname', value: device.sysName, source, at });
    for (const fact of device.identity) {
      if (byProbe?.has(fact.kind) !== true) observations.push({ ip: device.address, kind: fact.kind, value: boundValue(fact.value), source, at });
    }
  }

  // IPv6 rows: addresses of the live in-scope IPv4 hosts with the same MAC (one MAC, one host).
  const hostOfMac = new Map<string, string>();
  for (const [ip, mac] of macOfIp) if (live.has(ip) && scopeContains(ctx.scope, ip)) hostOfMac.set(mac, ip);
  for (const device of reads) observations.push(...ipv6Facts(device.arp, hostOfMac, `snmp-arp:${device.address}`, at));

  // The routers' and switches' own MACs: the ports that learned them lead to infrastructure.
  const infrastructureMacs = new Set<string>(reads.flatMap((d) => d.ownMacs));
  for (const device of reads) {
    const mac = macOfIp.get(device.address);
    if (mac) infrastructureMacs.add(mac);
  }
  const switches = reads.flatMap((d) => (d.bridge ? [d.bridge] : []));
  const placements = placeDevices(switches, infrastructureMacs);
  for (const [ip, mac] of [...macOfIp].sort(([a], [b]) => (parseIpv4(a) ?? 0) - (parseIpv4(b) ?? 0))) {
    const place = placements.get(mac);
    if (!place || !live.has(ip) || !scopeContains(ctx.scope, ip)) continue;
    observations.push({ ip, kind: 'location', value: encodeLocation(place), source: `snmp-fdb:${place.switchAddress}`, at });
  }

  const warnings = reads
    .filter((d) => d.problems.length)
    .map((d) => `infrastructure ${d.address}: ${d.problems.slice(0, 5).join('; ')}${d.problems.length > 5 ? `; +${d.problems.length - 5} more` : ''}`);
  return { observations, devices: devicesRead(reads), warnings };
}
