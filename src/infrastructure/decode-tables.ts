/**
 * Pure decoders from walked columns to what they mean. Every cell comes from a device: a wrong
 * type, an index of the wrong shape or an impossible value is counted as rejected and skipped,
 * never thrown, and never stops the rest of the table.
 */
import { TYPE, type Cell } from './mib.js';

export interface Decoded<T> {
  readonly rows: T[];
  /** Cells that did not have the shape the MIB gives them. */
  readonly rejected: number;
}

/** Characters kept of a name or alias a device reports. */
export const MAX_NAME_LENGTH = 128;

export function macOf(value: unknown): string | null {
  if (!Buffer.isBuffer(value) || value.length !== 6) return null;
  const mac = [...value].map((b) => b.toString(16).padStart(2, '0')).join(':');
  // All zeros and broadcast are placeholders some agents list, never a host.
  return mac === '00:00:00:00:00:00' || mac === 'ff:ff:ff:ff:ff:ff' ? null : mac;
}

function macFromArcs(arcs: readonly number[]): string | null {
  if (arcs.length !== 6 || arcs.some((a) => a > 255)) return null;
  return macOf(Buffer.from(arcs));
}

function integerOf(cell: Cell): number | null {
  const numeric = cell.type === TYPE.integer || cell.type === TYPE.gauge || cell.type === TYPE.counter;
  return numeric && typeof cell.value === 'number' && Number.isSafeInteger(cell.value) ? cell.value : null;
}

export function textOf(cell: Cell): string | null {
  if (cell.type !== TYPE.octetString || !Buffer.isBuffer(cell.value)) return null;
  return cell.value.subarray(0, MAX_NAME_LENGTH * 4).toString('utf8').slice(0, MAX_NAME_LENGTH);
}

function ipv4FromArcs(arcs: readonly number[]): string | null {
  return arcs.length === 4 && arcs.every((a) => a <= 255) ? arcs.join('.') : null;
}

function ipv6FromArcs(arcs: readonly number[]): string | null {
  if (arcs.length !== 16 || arcs.some((a) => a > 255)) return null;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((arcs[i] ?? 0) << 8) | (arcs[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

export interface ArpEntry {
  readonly ifIndex: number;
  readonly ip: string;
  readonly family: 4 | 6;
  readonly mac: string;
}

/** Type columns' "invalid" value: the entry is being deleted (both ARP tables). */
const ARP_INVALID = 2;

function invalidIndexes(types: readonly Cell[]): Set<string> {
  return new Set(types.filter((c) => integerOf(c) === ARP_INVALID).map((c) => c.index.join('.')));
}

/** ipNetToPhysicalTable: index ifIndex.addrType(1 ipv4, 2 ipv6).length.address octets. */
export function decodeIpNetToPhysical(addresses: readonly Cell[], types: readonly Cell[] = []): Decoded<ArpEntry> {
  const invalid = invalidIndexes(types);
  const rows: ArpEntry[] = [];
  let rejected = 0;
  for (const cell of addresses) {
    const [ifIndex, addrType, length, ...address] = cell.index;
    const mac = macOf(cell.value);
    const ip = addrType === 1 && length === 4 ? ipv4FromArcs(address) : addrType === 2 && length === 16 ? ipv6FromArcs(address) : null;
    if (ifIndex === undefined || ip === null || address.length !== length) {
      rejected++;
      continue;
    }
    // An incomplete entry has an empty address: nothing to learn, nothing wrong.
    if (mac === null) {
      if (!(Buffer.isBuffer(cell.value) && cell.value.length === 0)) rejected++;
      continue;
    }
    if (invalid.has(cell.index.join('.'))) continue;
    rows.push({ ifIndex, ip, family: addrType === 1 ? 4 : 6, mac });
  }
  return { rows, rejected };
}

/** ipNetToMediaTable: index ifIndex.a.b.c.d. */
export function decodeIpNetToMedia(addresses: readonly Cell[], types: readonly Cell[] = []): Decoded<ArpEntry> {
  const invalid = invalidIndexes(types);
  const rows: ArpEntry[] = [];
  let rejected = 0;
  for (const cell of addresses) {
    const [ifIndex, ...address] = cell.index;
    const ip = ipv4FromArcs(address);
    const mac = macOf(cell.value);
    if (ifIndex === undefined || ip === null || mac === null) {
      rejected++;
      continue;
    }
    if (invalid.has(cell.index.join('.'))) continue;
    rows.push({ ifIndex, ip, family: 4, mac });
  }
  return { rows, rejected };
}

export interface FdbEntry {
  readonly mac: string;
  /** dot1dBasePort the MAC was learned on. */
  readonly port: number;
  /** The VLAN (Q-BRIDGE), null when the switch keeps one table for all (BRIDGE-MIB). */
  readonly vlan: number | null;
}

/** dot1dTpFdbStatus / dot1qTpFdbStatus: only learned(3) entries say where a host is; self(4) is the switch's own MAC. */
const FDB_LEARNED = 3;
const FDB_OTHER = 1;

function learnedIndexes(statuses: readonly Cell[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of statuses) {
    const status = integerOf(c);
    if (status !== null) out.set(c.index.join('.'), status);
  }
  return out;
}

function keepStatus(status: number | undefined): boolean {
  // A switch that lists no status column is taken at its word: the entry was learned.
  return status === undefined || status === FDB_LEARNED || status === FDB_OTHER;
}

/** BRIDGE-MIB dot1dTpFdbTable: index = the MAC's six octets. */
export function decodeDot1dFdb(ports: readonly Cell[], statuses: readonly Cell[] = []): Decoded<FdbEntry> {
  const status = learnedIndexes(statuses);
  const rows: FdbEntry[] = [];
  let rejected = 0;
  for (const cell of ports) {
    const mac = macFromArcs(cell.index);
    const port = integerOf(cell);
    if (mac === null || port === null || port < 0) {
      rejected++;
      continue;
    }
    // Port 0: learned but not on a port (the switch's own, or a static entry).
    if (port === 0 || !keepStatus(status.get(cell.index.join('.')))) continue;
    rows.push({ mac, port, vlan: null });
  }
  return { rows, rejected };
}

/**
 * Q-BRIDGE dot1qTpFdbTable: index fdbId.MAC. A filtering database is not a VLAN: dot1qVlanFdbId
 * maps each VLAN to its fdbId; where the switch does not list it (or maps several VLANs to one
 * database), the fdbId is taken as the VLAN, as most switches number them.
 */
export function decodeDot1qFdb(ports: readonly Cell[], statuses: readonly Cell[] = [], vlanFdbIds: readonly Cell[] = []): Decoded<FdbEntry> {
  const status = learnedIndexes(statuses);
  const vlansOf = new Map<number, number[]>();
  for (const c of vlanFdbIds) {
    const fdbId = integerOf(c);
    const vlan = c.index.at(-1);
    if (fdbId === null || vlan === undefined || c.index.length !== 2) continue;
    vlansOf.set(fdbId, [...(vlansOf.get(fdbId) ?? []), vlan]);
  }
  const rows: FdbEntry[] = [];
  let rejected = 0;
  for (const cell of ports) {
    const [fdbId, ...macArcs] = cell.index;
    const mac = macFromArcs(macArcs);
    const port = integerOf(cell);
    if (fdbId === undefined || mac === null || port === null || port < 0) {
      rejected++;
      continue;
    }
    if (port === 0 || !keepStatus(status.get(cell.index.join('.')))) continue;
    const vlans = vlansOf.get(fdbId);
    rows.push({ mac, port, vlan: vlans?.length === 1 ? (vlans[0] ?? fdbId) : fdbId });
  }
  return { rows, rejected };
}

/** A column with a one-arc index (ifName, ifAlias, dot1dBasePortIfIndex, …): index → value as `read` takes it. */
function decodeColumn<T>(cells: readonly Cell[], read: (cell: Cell) => T | null): Decoded<readonly [number, T]> {
  const rows: (readonly [number, T])[] = [];
  let rejected = 0;
  for (const cell of cells) {
    const value = read(cell);
    const [index, ...rest] = cell.index;
    if (value === null || index === undefined || rest.length) rejected++;
    else rows.push([index, value]);
  }
  return { rows, rejected };
}

export const decodeIntegerColumn = (cells: readonly Cell[]) => decodeColumn(cells, integerOf);
export const decodeTextColumn = (cells: readonly Cell[]) => decodeColumn(cells, textOf);

export interface LldpNeighbour {
  /** lldpRemLocalPortNum: the local port the neighbour was heard on. */
  readonly localPort: number;
  readonly name: string;
  readonly chassis: string;
  /** Enabled capabilities say it forwards frames: a bridge or router, not a phone or a host. */
  readonly infrastructure: boolean;
}

/** LldpSystemCapabilitiesMap (BITS, bit 0 the first octet's top bit): bridge(2), router(4), telephone(5). */
const CAP_BRIDGE = 0x20;
const CAP_ROUTER = 0x08;
const CAP_TELEPHONE = 0x04;

/**
 * lldpRemTable, by its index timeMark.localPortNum.remIndex. An IP phone announces bridge and
 * telephone (its PC port): a phone is where a desk's hosts are, not an uplink.
 */
export function decodeLldpRemote(names: readonly Cell[], chassis: readonly Cell[], capabilities: readonly Cell[]): Decoded<LldpNeighbour> {
  const key = (c: Cell) => c.index.join('.');
  const byKey = new Map<string, { localPort: number; name?: string; chassis?: string; caps?: number }>();
  let rejected = 0;
  const entry = (c: Cell) => {
    const [timeMark, localPort, remIndex, ...rest] = c.index;
    if (timeMark === undefined || localPort === undefined || remIndex === undefined || rest.length) return null;
    let e = byKey.get(key(c));
    if (!e) byKey.set(key(c), (e = { localPort }));
    return e;
  };
  for (const c of names) {
    const e = entry(c);
    const text = textOf(c);
    if (e === null || text === null) rejected++;
    else e.name = text;
  }
  for (const c of chassis) {
    const e = entry(c);
    if (e === null || !Buffer.isBuffer(c.value)) rejected++;
    else e.chassis = c.value.length === 6 ? (macOf(c.value) ?? '') : (textOf(c) ?? '');
  }
  for (const c of capabilities) {
    const e = entry(c);
    if (e === null || !Buffer.isBuffer(c.value)) rejected++;
    else e.caps = c.value[0] ?? 0;
  }
  const rows = [...byKey.values()].map((e) => {
    const caps = e.caps ?? 0;
    return {
      localPort: e.localPort,
      name: e.name ?? '',
      chassis: e.chassis ?? '',
      infrastructure: (caps & (CAP_BRIDGE | CAP_ROUTER)) !== 0 && (caps & CAP_TELEPHONE) === 0,
    };
  });
  return { rows, rejected };
}
