import { isObservationKind, type Observation } from '../observations/observation.js';
import { RuntimeError } from '../util/errors.js';
import type { DeviceVerdictRow, FactColumns, ObservationRow, ScanRow } from './statements.js';
import type { DeviceRecord, ScanRecord, ScanStatus, StoredObservation } from './types.js';
import { decodeRanges } from './scan-ranges.js';
import { verdictFromRow } from './verdict-row.js';

const SCAN_STATUSES: readonly string[] = ['running', 'complete', 'interrupted'] satisfies ScanStatus[];

function isScanStatus(text: string): text is ScanStatus {
  return SCAN_STATUSES.includes(text);
}

export function scanRecord(row: ScanRow): ScanRecord {
  if (!isScanStatus(row.status)) throw new RuntimeError(`inventory scan ${row.id} is damaged (status "${row.status}")`);
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    scope: row.scope,
    ranges: decodeRanges(row.ranges, row.id),
    engine: row.engine,
    status: row.status,
    hosts: row.hosts,
    flagged: row.flagged,
    ...(row.error === null ? {} : { error: row.error }),
  };
}

export function storedObservation(row: ObservationRow): StoredObservation {
  if (!isObservationKind(row.kind)) {
    throw new RuntimeError(`inventory observation ${row.id} is damaged (kind "${row.kind}")`);
  }
  return {
    id: row.id,
    scanId: row.scan_id,
    ip: row.ip,
    ...(row.mac === null ? {} : { mac: row.mac }),
    kind: row.kind,
    value: row.value,
    ...(row.port === null ? {} : { port: row.port }),
    source: row.source,
    at: row.at,
  };
}

/** A fact of a device as an observation (identification's input), at its latest sighting. */
export function factObservation([ip, mac, kind, value, port, source, at]: FactColumns, deviceId: number): Observation {
  if (!isObservationKind(kind)) throw new RuntimeError(`inventory fact of device ${deviceId} is damaged (kind "${kind}")`);
  // Literals rather than spreads: every fact of every device a scan saw is built here, and a spread costs several times more.
  if (mac === null) return port === null ? { ip, kind, value, source, at } : { ip, kind, value, port, source, at };
  return port === null ? { ip, mac, kind, value, source, at } : { ip, mac, kind, value, port, source, at };
}

export function deviceRecord(row: DeviceVerdictRow): DeviceRecord {
  const verdict =
    row.v_id === null
      ? null
      : verdictFromRow({
          id: row.v_id,
          device_id: row.id,
          scan_id: row.v_scan_id,
          at: row.v_at ?? '',
          status: row.v_status ?? '',
          covered: row.v_covered,
          manufacturer: row.v_manufacturer,
          manufacturer_name: row.v_manufacturer_name,
          brand: row.v_brand,
          model: row.v_model,
          confidence: row.v_confidence ?? 0,
          randomized_mac: row.v_randomized_mac ?? 0,
          evidence: row.v_evidence ?? '',
          serial: row.v_serial,
          firmware: row.v_firmware,
        });
  return { id: row.id, mac: row.mac, ip: row.ip, firstSeen: row.first_seen, lastSeen: row.last_seen, verdict };
}
