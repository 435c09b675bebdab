import type Database from 'better-sqlite3';
import { boundValue, normalizeMac, type Observation } from '../observations/observation.js';
import { parseIpv4 } from '../scope/ipv4.js';
import { factObservation } from './records.js';
import type { ScanLock } from './scan-lock.js';
import type { FactColumns, ObservationColumns, Statements } from './statements.js';

/** What a scan recorded and has not resolved yet: the batch ids written and their rows, in order. */
interface Staged {
  readonly scanId: number;
  readonly batchIds: number[];
  readonly rows: ObservationColumns[];
}

/** The facts a resolveDevices computed for the devices it created: identification's input, without reading them back. */
export interface ResolvedFacts {
  /** The device's facts as DeviceQueries.facts would read them, once; undefined when not known here (or taken already). */
  facts(deviceId: number): Observation[] | undefined;
}

/** One address of the scan being resolved. */
interface Host {
  readonly ip: string;
  readonly rows: ObservationColumns[];
  firstAt: string;
  lastAt: string;
  /** The identity MAC and the time it was seen: the latest the network saw here, the first recorded on a tie. */
  mac: string | null;
  macAt: string;
}

/**
 * What a scan writes: its raw observations, staged until the scan resolves them to devices and
 * folds them into facts (one row per fact, its last sighting moved in place: see migration 6).
 * Each recorded batch is staged as one row (migration 10) and kept in memory: resolving works from
 * memory, and the staged rows only serve a scan that ends without resolving them (expandStale).
 */
export class ObservationLog {
  private staged: Staged | undefined;
  private resolved: { readonly scanId: number; readonly facts: ResolvedFacts } | undefined;
  /** The scans this log recorded batches of since it last resolved them. */
  private readonly unresolved = new Set<number>();

  constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
    private readonly scans: ScanLock,
    private readonly now: () => Date,
  ) {}

  /** Stores a batch in one transaction (all or nothing) and counts as a heartbeat. */
  record(scanId: number, observations: readonly Observation[]): void {
    this.scans.assertWritable(scanId);
    const rows = observationRows(observations);
    const batchId = this.db.transaction(() => {
      const id = Number(this.sql.insertBatch.run(scanId, JSON.stringify(rows)).lastInsertRowid);
      this.sql.heartbeat.run(this.now().toISOString(), scanId);
      return id;
    })();
    this.unresolved.add(scanId);
    if (this.staged?.scanId !== scanId) this.staged = { scanId, batchIds: [], rows: [] };
    this.staged.batchIds.push(batchId);
    for (const row of rows) this.staged.rows.push(row);
  }

  /**
   * Links this scan's unlinked observations to devices, folds them into the devices' facts and
   * returns the ids of all devices the scan saw. An address's MAC is the latest one the network saw there in this scan ('mac' facts); a
   * device is found by that MAC, or for a MAC-less address among MAC-less devices by current IP;
   * otherwise it is created. A different MAC the device claims for itself (a SADP or DHIP reply)
   * never decides identity: it is recorded as a 'mac.mismatch' fact of the device. Call it when
   * discovery is done: an address resolved before its MAC arrived stays MAC-less.
   */
  resolveDevices(scanId: number): number[] {
    this.scans.assertWritable(scanId);
    const sql = this.sql;
    const created = new Map<number, DeviceFacts>();
    const ids = this.db.transaction(() => {
      const hosts = this.hosts(scanId);
      // Devices are decided address by address (one MAC at two addresses is one device, at the later
      // one), in the order of each address's last sighting; everything else follows that order.
      const order = [...hosts.values()].sort((a, b) => compareAscii(a.lastAt, b.lastAt) || compareAscii(a.ip, b.ip));
      sql.clearResolved.run();
      sql.clearStagedFacts.run();
      const ipv6 = new Map<string, { deviceId: number; ip: string; first: string; last: string }>();
      let ord = 0;
      for (const host of order) {
        const deviceId = this.deviceAt(host, created);
        sql.addResolved.run((ord += 1), host.ip, deviceId, host.mac, host.firstAt, host.lastAt);
        // Each address's rows become its device's facts in the order they were staged, then each
        // distinct MAC the device claimed that differs from the one the network saw here.
        const facts = created.get(deviceId);
        const claims = new Set<string>();
        for (const row of host.rows) {
          sql.addStagedFact.run(deviceId, row[0], row[1], row[2], row[3], row[4], row[5], row[6]);
          facts?.add(row);
          const [, mac, kind, value, , source, at] = row;
          if (kind !== 'mac' && mac !== null && host.mac !== null && mac !== host.mac) claims.add(JSON.stringify([mac, source]));
          if (kind === 'ipv6' && isIpv6Text(value)) {
            const key = `${deviceId} ${value}`;
            const seen = ipv6.get(key);
            if (seen === undefined) ipv6.set(key, { deviceId, ip: value, first: at, last: at });
            else if (at < seen.first) seen.first = at;
            else if (at > seen.last) seen.last = at;
          }
        }
        for (const [mac, source] of [...claims].map((c) => JSON.parse(c) as [string, string]).sort(compareClaims)) {
          const row: ObservationColumns = [host.ip, null, 'mac.mismatch', `claims MAC ${mac}, network saw ${host.mac}`, null, source, host.lastAt];
          sql.addStagedFact.run(deviceId, row[0], row[1], row[2], row[3], row[4], row[5], row[6]);
          facts?.add(row);
        }
      }
      sql.upsertResolvedIps.run();
      // The IPv6 addresses a scan saw at an IPv4 address join that device's address history.
      for (const { deviceId, ip, first, last } of ipv6.values()) sql.upsertDeviceIp.run(deviceId, ip, first, last);
      const scan = { scan: scanId };
      sql.foldFacts.run(scan);
      sql.noteSightings.run(scan);
      sql.clearStagedFacts.run();
      sql.clearResolved.run();
      sql.dropStagedRows.run(scanId);
      sql.dropBatches.run(scanId);
      return sql.scanDeviceIds.all(scanId).map((row) => row.device_id);
    })();
    if (this.staged?.scanId === scanId) this.staged = undefined;
    this.unresolved.delete(scanId);
    this.resolved = { scanId, facts: resolvedFacts(created) };
    return ids;
  }

  /**
   * The facts the last resolveDevices of this scan stored for the devices it created, in the order
   * identification reads them; forgotten once taken. Other devices' facts are read from the inventory.
   */
  takeResolvedFacts(scanId: number): ResolvedFacts | undefined {
    const resolved = this.resolved?.scanId === scanId ? this.resolved.facts : undefined;
    this.resolved = undefined;
    return resolved;
  }

  /**
   * Expands the staged batches of scans that ended without resolving them into observations rows
   * (the form retention and every earlier version know). With ownOnly, only when this log recorded
   * batches it has not resolved. Returns the number of batches expanded.
   */
  expandStale(ownOnly = false): number {
    if (ownOnly && this.unresolved.size === 0) return 0;
    // Read first: opening an inventory takes no write lock when there is nothing to expand.
    if (this.sql.staleBatch.get() === undefined) return 0;
    const expanded = this.db.transaction(() => {
      this.sql.expandStaleBatches.run();
      return this.sql.dropStaleBatches.run().changes;
    })();
    for (const scanId of this.unresolved) if (this.sql.scan.get(scanId)?.status !== 'running') this.unresolved.delete(scanId);
    if (this.staged !== undefined && !this.unresolved.has(this.staged.scanId)) this.staged = undefined;
    return expanded;
  }

  /** The scan's staged rows by address, each address's in the order recorded, with its identity MAC. */
  private hosts(scanId: number): Map<string, Host> {
    const hosts = new Map<string, Host>();
    for (const row of this.stagedRows(scanId)) {
      const [ip, mac, kind, , , , at] = row;
      let host = hosts.get(ip);
      if (host === undefined) hosts.set(ip, (host = { ip, rows: [], firstAt: at, lastAt: at, mac: null, macAt: '' }));
      host.rows.push(row);
      if (at < host.firstAt) host.firstAt = at;
      if (at > host.lastAt) host.lastAt = at;
      // 'mac' facts: the neighbour table, nmap's ARP. A MAC a device states about itself (SADP, DHIP) is only evidence.
      if (kind === 'mac' && mac !== null && (host.mac === null || at > host.macAt)) {
        host.mac = mac;
        host.macAt = at;
      }
    }
    // What an earlier resolveDevices of this scan folded into facts counts too, after a staged row seen at the same time.
    const fromFacts = new Set<string>();
    for (const { ip, mac, at } of this.sql.scanFactMacs.iterate(scanId)) {
      if (fromFacts.has(ip)) continue;
      fromFacts.add(ip);
      const host = hosts.get(ip);
      if (host !== undefined && (host.mac === null || at > host.macAt)) {
        host.mac = mac;
        host.macAt = at;
      }
    }
    return hosts;
  }

  /**
   * The scan's staged rows in the order recorded: rows expanded from its batches earlier (a scan
   * marked interrupted while it still ran), then its batches, from memory when memory holds exactly
   * those the inventory has.
   */
  private stagedRows(scanId: number): ObservationColumns[] {
    const expanded = this.sql.stagedRows.all(scanId);
    const batchIds = this.sql.batchIds.all(scanId).map((row) => row.id);
    const staged = this.staged;
    const inMemory = staged?.scanId === scanId && staged.batchIds.length === batchIds.length && staged.batchIds.every((id, i) => id === batchIds[i]);
    const batches = inMemory ? staged.rows : this.sql.batchRows.all(scanId).flatMap((row) => JSON.parse(row.rows) as ObservationColumns[]);
    return expanded.length === 0 ? batches : [...expanded, ...batches];
  }

  /** The device at an address with this MAC (or MAC-less): found, its times widened, or created (noted in `created`). */
  private deviceAt(seen: Host, created: Map<number, DeviceFacts>): number {
    const sql = this.sql;
    const mac = seen.mac;
    const device = mac === null ? sql.maclessDeviceByIp.get(seen.ip) : sql.deviceByMac.get(mac);
    if (device === undefined) {
      const id = Number(sql.insertDevice.run(mac, seen.ip, seen.firstAt, seen.lastAt).lastInsertRowid);
      created.set(id, new DeviceFacts());
      return id;
    }
    // An older import must not move the current address back in time.
    const ip = seen.lastAt >= device.last_seen ? seen.ip : device.ip;
    sql.updateDeviceSeen.run(ip, seen.firstAt, seen.lastAt, device.id);
    return device.id;
  }
}

/** IPv6 text as the address history takes it (an imported fact may hold anything). */
function isIpv6Text(value: string): boolean {
  return value.length >= 2 && value.length <= 45 && value.includes(':') && /^[0-9a-f:.]*$/.test(value);
}

/** Text order of an IPv4 address or an ISO time: ASCII, so JavaScript's order is SQLite's. */
function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SQLite's text order (BINARY: UTF-8 bytes, i.e. code points), which JavaScript's differs from for surrogates. */
function compareText(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return compareAscii(a, b);
}

function compareClaims([macA, sourceA]: [string, string], [macB, sourceB]: [string, string]): number {
  return compareText(macA, macB) || compareText(sourceA, sourceB);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A created device's facts as the facts table's upsert makes them: one per identity (address, MAC,
 * kind, value, port, source; a missing MAC or port is one value), its latest time kept, in the
 * order first seen (the order of their ids). A text with a surrogate reads back from SQLite
 * otherwise than it was written: such a device's facts are read back instead (unknown).
 */
class DeviceFacts {
  readonly rows: FactColumns[] = [];
  unknown = false;
  /** Row positions by port, kind and value, once a device has more facts than a scan through them costs. */
  private byKey: Map<string, number[]> | undefined;

  add(row: ObservationColumns): void {
    if (this.unknown) return;
    const value = row[3];
    if (SURROGATE.test(value) || SURROGATE.test(row[5]) || SURROGATE.test(row[2])) {
      this.unknown = true;
      return;
    }
    const at = this.find(row);
    if (at === -1) {
      this.rows.push(row);
      if (this.byKey !== undefined) this.index(this.rows.length - 1);
      else if (this.rows.length > 32) this.rows.forEach((_, i) => this.index(i));
    } else if (row[6] > this.rows[at]![6]) {
      // The row first stored keeps its columns; only the latest time moves.
      const [ip, mac, kind, , port, source] = this.rows[at]!;
      this.rows[at] = [ip, mac, kind, value, port, source, row[6]];
    }
  }

  /** The facts in the order they are read back: by latest time, then id. */
  sorted(): FactColumns[] {
    return this.rows.slice().sort((a, b) => compareAscii(a[6], b[6]));
  }

  private find(row: ObservationColumns): number {
    if (this.byKey === undefined) return this.rows.findIndex((fact) => sameIdentity(fact, row));
    return this.byKey.get(indexKey(row))?.find((i) => sameIdentity(this.rows[i]!, row)) ?? -1;
  }

  private index(i: number): void {
    this.byKey ??= new Map();
    const key = indexKey(this.rows[i]!);
    const list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, [i]);
    else list.push(i);
  }
}

/** Narrows the facts of a large device to those that may share an identity (an imported host may have 40,000 ports). */
function indexKey([, , kind, value, port]: ObservationColumns): string {
  return `${port ?? -1} ${kind} ${value}`;
}

/** The facts_identity index's equality (ifnull(mac, ''), ifnull(port, -1)); texts compare as SQLite's BINARY does for well-formed strings. */
function sameIdentity(a: FactColumns, b: ObservationColumns): boolean {
  return a[3] === b[3] && a[2] === b[2] && a[0] === b[0] && (a[4] ?? -1) === (b[4] ?? -1) && (a[1] ?? '') === (b[1] ?? '') && a[5] === b[5];
}

function resolvedFacts(created: Map<number, DeviceFacts>): ResolvedFacts {
  return {
    facts(deviceId) {
      const facts = created.get(deviceId);
      // Each device's once: identification goes through a scan's devices once, and memory is freed as it goes.
      created.delete(deviceId);
      if (facts === undefined || facts.unknown) return undefined;
      return facts.sorted().map((columns) => factObservation(columns, deviceId));
    },
  };
}

/**
 * Normalizes a batch for storage; an observation our own probes built wrongly is a bug. A host's
 * observations come together and share address, MAC and often time: each is parsed once per run.
 */
function observationRows(observations: readonly Observation[]): ObservationColumns[] {
  const isIpv4 = lastCall((ip: string) => parseIpv4(ip) !== null);
  const macOf = lastCall(normalizeMac);
  const timeOf = lastCall(isoTime);
  return observations.map((obs) => observationRow(obs, isIpv4, macOf, timeOf));
}

function observationRow(
  obs: Observation,
  isIpv4: (ip: string) => boolean,
  macOf: (text: string) => string | null,
  timeOf: (text: string) => string | null,
): ObservationColumns {
  if (!isIpv4(obs.ip)) throw new Error(`bug: observation address "${boundValue(obs.ip, 40)}" is not IPv4`);
  // A 'mac' fact carries its MAC by definition; storing it in the column makes identity one lookup.
  const macText = obs.mac ?? (obs.kind === 'mac' ? obs.value : undefined);
  const mac = macText === undefined ? null : macOf(macText);
  const port = obs.port !== undefined && Number.isInteger(obs.port) && obs.port >= 0 && obs.port <= 65535 ? obs.port : null;
  const at = timeOf(obs.at);
  if (at === null) throw new Error(`bug: observation time "${boundValue(obs.at, 40)}" is not a date`);
  return [obs.ip, mac, obs.kind, boundValue(obs.value), port, boundValue(obs.source, 64), at];
}

/** ISO times compare as text only in one form: UTC with milliseconds, as toISOString writes. */
function isoTime(text: string): string | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** f remembering its last argument's result: f must be pure. */
function lastCall<R>(f: (text: string) => R): (text: string) => R {
  let last: { readonly text: string; readonly result: R } | undefined;
  return (text) => {
    if (last?.text !== text) last = { text, result: f(text) };
    return last.result;
  };
}
