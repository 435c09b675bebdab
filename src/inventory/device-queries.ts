import { boundValue, normalizeMac, type Observation } from '../observations/observation.js';
import { parseIpv4 } from '../scope/ipv4.js';
import { UsageError } from '../util/errors.js';
import { deviceLabels, type LabelledDevice } from './device-labels.js';
import { deviceQuery } from './device-listing.js';
import { deviceRecord, factObservation, storedObservation } from './records.js';
import type { Statements } from './statements.js';
import type { DeviceDetail, DeviceFilter, DeviceRecord, StoredObservation } from './types.js';

/** Reading devices: one by id, MAC or address, a filtered listing, and the facts stored about each. */
export class DeviceQueries {
  constructor(
    private readonly sql: Statements,
    /** The device that last carried a MAC it has since rotated away from (change tracking's MAC history). */
    private readonly byPastMac: (mac: string) => number | null,
  ) {}

  /** Every distinct fact stored about the device across all scans, each with the latest time it was seen. */
  observations(deviceId: number): StoredObservation[] {
    return this.sql.deviceObservations.all(deviceId).map(storedObservation);
  }

  /** observations() as identification reads them: the same facts in the same order, without row ids. */
  facts(deviceId: number): Observation[] {
    return this.sql.deviceFacts.all(deviceId).map((row) => factObservation(row, deviceId));
  }

  ids(): number[] {
    return this.sql.deviceIds.all().map((row) => row.id);
  }

  /**
   * Devices matching every given filter, ordered by IP. `flagged: true` means a current verdict of
   * covered (the README's meaning of flagged); `flagged: false` means review, clear or not identified yet.
   */
  list(filter: DeviceFilter = {}): LabelledDevice[] {
    return Array.from(this.iterate(filter));
  }

  /**
   * list one device at a time. The rows are read first, then each device's facts for its name and
   * location (one connection runs one statement at a time): the streaming listing reports use is
   * inventory.listing.records.
   */
  *iterate(filter: DeviceFilter = {}): Generator<LabelledDevice, void, undefined> {
    for (const row of this.sql.listDevices.all(deviceQuery(filter))) yield this.labelled(deviceRecord(row));
  }

  /** A device by id, with its current verdict, name and location. */
  get(id: number): LabelledDevice | null {
    const row = this.sql.deviceWithVerdict.get(id);
    return row === undefined ? null : this.labelled(deviceRecord(row));
  }

  private labelled(device: DeviceRecord, observations = this.observations(device.id)): LabelledDevice {
    return { ...device, ...deviceLabels(observations) };
  }

  /** A device by MAC (any common notation) or IPv4 address: the device there now, else the latest one there before. */
  find(key: string): (DeviceDetail & LabelledDevice) | null {
    const text = key.trim();
    // IP first: "100.200.100.200" is also twelve hex digits once the dots are gone.
    let id: number | undefined;
    if (parseIpv4(text) !== null) {
      id = (this.sql.deviceIdByCurrentIp.get(text) ?? this.sql.deviceIdByPastIp.get(text))?.id;
    } else {
      const mac = normalizeMac(text);
      if (mac === null) throw new UsageError(`"${boundValue(text, 40)}" is neither a MAC nor an IPv4 address`);
      // A randomized MAC the device has since rotated away from still finds it.
      id = this.sql.deviceIdByMac.get(mac)?.id ?? this.byPastMac(mac) ?? undefined;
    }
    return id === undefined ? null : this.detail(id);
  }

  private detail(id: number): (DeviceDetail & LabelledDevice) | null {
    const row = this.sql.deviceWithVerdict.get(id);
    if (row === undefined) return null;
    const observations = this.observations(id);
    return {
      ...this.labelled(deviceRecord(row), observations),
      ipHistory: this.sql.ipHistory.all(id),
      observations,
      scans: this.sql.deviceScans.all(id).map((r) => r.scan_id),
    };
  }
}
