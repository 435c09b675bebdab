import type Database from 'better-sqlite3';
import { boundValue, normalizeMac, type Observation } from '../observations/observation.js';
import { parseIpv4 } from '../scope/ipv4.js';
import type { ScanLock } from './scan-lock.js';
import type { ObservationColumns, ScanIpRow, Statements } from './statements.js';

/**
 * What a scan writes: its raw observations, staged until the scan resolves them to devices and
 * folds them into facts (one row per fact, its last sighting moved in place: see migration 6).
 */
export class ObservationLog {
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
    this.db.transaction(() => {
      for (const row of rows) this.sql.insertObservation.run(scanId, ...row);
      this.sql.heartbeat.run(this.now().toISOString(), scanId);
    })();
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
    return this.db.transaction(() => {
      // Devices are decided address by address (one MAC at two addresses is one device, at the later
      // one); everything else is a statement per scan over temp.resolved_ips.
      const macs = networkMacs(sql.scanNetworkMacs.iterate({ scan: scanId }));
      sql.clearResolved.run();
      let ord = 0;
      for (const seen of sql.scanIps.all(scanId)) {
        const mac = macs.get(seen.ip) ?? null;
        sql.addResolved.run((ord += 1), seen.ip, this.deviceAt(seen, mac), mac, seen.first_at, seen.last_at);
      }
      const scan = { scan: scanId };
      sql.stageMismatches.run(scan);
      sql.upsertResolvedIps.run();
      sql.upsertScanIpv6.run(scan);
      sql.foldFacts.run(scan);
      sql.noteSightings.run(scan);
      sql.clearResolved.run();
      sql.dropStaged.run(scanId);
      return sql.scanDeviceIds.all(scanId).map((row) => row.device_id);
    })();
  }

  /** The device at an address with this MAC (or MAC-less): found, its times widened, or created. */
  private deviceAt(seen: ScanIpRow, mac: string | null): number {
    const sql = this.sql;
    const device = mac === null ? sql.maclessDeviceByIp.get(seen.ip) : sql.deviceByMac.get(mac);
    if (device === undefined) return Number(sql.insertDevice.run(mac, seen.ip, seen.first_at, seen.last_at).lastInsertRowid);
    // An older import must not move the current address back in time.
    const ip = seen.last_at >= device.last_seen ? seen.ip : device.ip;
    sql.updateDeviceSeen.run(ip, seen.first_at, seen.last_at, device.id);
    return device.id;
  }
}

/** Each address's identity MAC: the first row scanNetworkMacs gives for it. */
function networkMacs(rows: Iterable<{ ip: string; mac: string }>): Map<string, string> {
  const macs = new Map<string, string>();
  for (const { ip, mac } of rows) if (!macs.has(ip)) macs.set(ip, mac);
  return macs;
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
