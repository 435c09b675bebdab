/**
 * The site's stored rows as protocol rows (protocol.ts). Text a device sent is cut to the
 * protocol's bounds here, and times are written in one form (UTC, milliseconds), so every row the
 * builder makes passes the server's schema: a row it refused would stop the site's sync for good.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Placement } from '../infrastructure/place-devices.js';
import { deviceLabels, type LabelFact } from '../inventory/device-labels.js';
import { scanRecord } from '../inventory/records.js';
import type { ScanRow as StoredScan } from '../inventory/statements.js';
import type { SyncDeviceRow, SyncEventRow, SyncHistoryRow, SyncMergeRow, SyncTriageRow } from '../inventory/sync-store.js';
import { verdictFromRow, type VerdictRow as StoredVerdict } from '../inventory/verdict-row.js';
import { boundValue } from '../observations/observation.js';
import { RuntimeError } from '../util/errors.js';
import * as protocol from './protocol.js';

const MAX_EVIDENCE = 512;

/** The row as the schema reads it, or a clear error naming what is wrong (a bug here, never the server's to find). */
function checked<T>(schema: z.ZodType<T>, row: T, what: string): T {
  const result = schema.safeParse(row);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RuntimeError(`sync: ${what} does not fit the protocol (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
  }
  return row;
}

function clip(text: string, max: number): string {
  return boundValue(text, max);
}

function clipOrNull(text: string | null | undefined, max: number): string | null {
  return text === null || text === undefined ? null : clip(text, max);
}

/** A stored time in the protocol's form; a time that does not parse is a damaged row. */
export function isoTime(text: string, what: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RuntimeError(`sync: ${what} has an unreadable time ${JSON.stringify(boundValue(text, 40))}`);
  return new Date(ms).toISOString();
}

export function scanRow(row: StoredScan): protocol.ScanRow {
  const scan = scanRecord(row);
  const what = `scan ${scan.id}`;
  return checked(
    protocol.scanRow,
    {
      id: scan.id,
      startedAt: isoTime(scan.startedAt, what),
      finishedAt: scan.finishedAt === null ? null : isoTime(scan.finishedAt, what),
      scope: clip(scan.scope, 4_096),
      ranges: scan.ranges.map((r) => [r.first, r.last] as [number, number]),
      engine: clip(scan.engine, 32),
      status: scan.status,
      hosts: scan.hosts,
      flagged: scan.flagged,
      error: clipOrNull(scan.error, 8_192),
    },
    what,
  );
}

export function verdictRow(row: StoredVerdict): protocol.VerdictRow {
  const verdict = verdictFromRow(row);
  const what = `verdict ${row.id}`;
  return checked(
    protocol.verdictRow,
    {
      id: row.id,
      deviceId: row.device_id,
      scanId: row.scan_id,
      at: isoTime(row.at, what),
      status: verdict.status,
      covered: verdict.covered,
      manufacturer: clipOrNull(verdict.manufacturer, 256),
      manufacturerName: clipOrNull(verdict.manufacturerName, 256),
      brand: clipOrNull(verdict.brand, 256),
      model: clipOrNull(verdict.model, 256),
      serial: clipOrNull(verdict.serial, 256),
      firmware: clipOrNull(verdict.firmware, 256),
      confidence: Math.min(1, Math.max(0, verdict.confidence)),
      randomizedMac: verdict.randomizedMac,
      evidence: verdict.evidence.slice(0, MAX_EVIDENCE).map((e) => ({
        rule: clip(e.rule, 256),
        kind: clip(e.kind, 64),
        value: clip(e.value, 8_192),
        ...(e.port === undefined ? {} : { port: e.port }),
        source: clip(e.source, 256),
        certainty: Math.min(1, Math.max(0, e.certainty)),
        says: clip(e.says, 8_192),
        entity: e.entity,
      })),
    },
    what,
  );
}

function placement(p: Placement | null): protocol.DeviceRow['location'] {
  if (p === null) return null;
  const vlan = p.vlan !== null && Number.isInteger(p.vlan) && p.vlan >= 0 && p.vlan <= 4_095 ? p.vlan : null;
  return {
    switchName: clip(p.switchName, 256),
    switchAddress: clip(p.switchAddress, 64),
    port: clip(p.port, 256),
    portAlias: clip(p.portAlias, 256),
    vlan,
    confidence: p.confidence,
  };
}

/** A device as the listing shows it now: identity, name and location, current verdict's fields. */
export function deviceRow(row: SyncDeviceRow, facts: readonly LabelFact[]): protocol.DeviceRow {
  const labels = deviceLabels(facts);
  const what = `device ${row.id}`;
  return checked(
    protocol.deviceRow,
    {
      id: row.id,
      mac: clipOrNull(row.mac, 17),
      ip: clip(row.ip, 45),
      firstSeen: isoTime(row.first_seen, what),
      name: clipOrNull(labels.name, 256),
      location: placement(labels.location),
      verdictId: row.verdict_id,
      status: row.status as protocol.DeviceRow['status'],
      covered: row.covered as protocol.DeviceRow['covered'],
      manufacturer: clipOrNull(row.manufacturer, 256),
      manufacturerName: clipOrNull(row.manufacturer_name, 256),
      brand: clipOrNull(row.brand, 256),
      model: clipOrNull(row.model, 256),
      serial: clipOrNull(row.serial, 256),
      firmware: clipOrNull(row.firmware, 256),
    },
    what,
  );
}

/** What decides whether a device is sent again: its row's bytes. */
export function deviceHash(row: protocol.DeviceRow): string {
  return createHash('sha256').update(JSON.stringify(row)).digest('hex').slice(0, 32);
}

export function addressRow(row: SyncHistoryRow): protocol.AddressRow {
  return historyRow(protocol.addressRow, 'ip', 45, row);
}

export function macRow(row: SyncHistoryRow): protocol.MacRow {
  return historyRow(protocol.macRow, 'mac', 17, row);
}

function historyRow<T>(schema: z.ZodType<T>, key: 'ip' | 'mac', max: number, row: SyncHistoryRow): T {
  const what = `${key === 'ip' ? 'address' : 'MAC'} ${row.value} of device ${row.device_id}`;
  const value = { deviceId: row.device_id, [key]: clip(row.value, max), firstSeen: isoTime(row.first_seen, what), lastSeen: isoTime(row.last_seen, what) };
  return checked(schema, value as T, what);
}

export function eventRow(row: SyncEventRow): protocol.EventRow {
  const what = `event ${row.id}`;
  return checked(
    protocol.eventRow,
    {
      id: row.id,
      scanId: row.scan_id,
      deviceId: row.device_id,
      at: isoTime(row.at, what),
      type: row.type as protocol.EventRow['type'],
      field: clipOrNull(row.field, 64),
      old: clipOrNull(row.old, 8_192),
      new: clipOrNull(row.new, 8_192),
    },
    what,
  );
}

export function triageRow(row: SyncTriageRow): protocol.TriageRow {
  const what = `triage decision ${row.id}`;
  return checked(
    protocol.triageRow,
    {
      uid: row.uid,
      deviceId: row.device_id,
      status: row.status as protocol.TriageRow['status'],
      note: clipOrNull(row.note, 4_096),
      by: clip(row.by, 256),
      at: isoTime(row.at, what),
      until: row.until === null ? null : isoTime(row.until, what),
      origin: 'site',
    },
    what,
  );
}

export function mergeRow(row: SyncMergeRow): protocol.MergeRow {
  const what = `merge ${row.id}`;
  return checked(protocol.mergeRow, { from: row.from_id, into: row.into_id, at: isoTime(row.at, what) }, what);
}

/** Ascending ids as inclusive [first, last] runs: an unchanged site's ids are a few pairs. */
export function idRanges(ids: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const id of ids) {
    const last = ranges.at(-1);
    if (last !== undefined && id === last[1] + 1) last[1] = id;
    else if (last === undefined || id > last[1]) ranges.push([id, id]);
  }
  return ranges;
}
