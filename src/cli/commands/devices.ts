import type { Status } from '../../identify/verdict.js';
import type { Inventory } from '../../inventory/inventory.js';
import type { DeviceFilter } from '../../inventory/types.js';
import { isFlagged, toReportDevice, type ReportDevice } from '../../report/report-device.js';
import { ChunkedWriter } from '../../report/write-chunk.js';
import { effectiveStatus, needsAction, triageLabel, triageState } from '../../triage/triage.js';
import { UsageError } from '../../util/errors.js';
import { type GlobalOptions, withExistingInventory } from '../context.js';
import { deviceTable } from '../device-table.js';
import { print, terminalJson } from '../terminal.js';

interface DevicesOptions {
  readonly flagged: boolean;
  /** Flagged devices that still need action (no standing triage decision). */
  readonly open: boolean;
  readonly status?: Status;
  readonly vendor?: string;
  /** The device's shown name contains this (case-insensitive). */
  readonly name?: string;
  readonly since?: string;
  readonly json: boolean;
}

export function parseSince(text: string): string {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`--since: "${text}" is not a date (use ISO 8601, e.g. 2026-11-01 or 2026-11-01T08:00Z)`);
  return new Date(t).toISOString();
}

export async function devicesCommand(opts: DevicesOptions, globals: GlobalOptions): Promise<void> {
  const filter: DeviceFilter = {
    ...(opts.flagged || opts.open ? { flagged: true } : {}),
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.vendor ? { vendor: opts.vendor } : {}),
    ...(opts.since ? { since: parseSince(opts.since) } : {}),
  };
  const now = new Date();
  // One read transaction with SQLite's memory bounded (listing.snapshot), as a report reads.
  await withExistingInventory(globals, (inv) => inv.listing.snapshot(() => listDevices(inv, opts, filter, now)));
}

async function listDevices(inv: Inventory, opts: DevicesOptions, filter: DeviceFilter, now: Date): Promise<void> {
  // Triage decisions are few (people make them): read them all rather than after a pass for the flagged ids.
  const triage = triageState(inv);
  const name = opts.name?.trim().toLowerCase();
  let devices: Iterable<ReportDevice> = mapIterable(inv.listing.records(filter, 'address'), toReportDevice);
  // The name is chosen per device from its facts (deviceName's rule), so it is matched as rows stream.
  if (name) devices = filterIterable(devices, (d) => d.name !== null && d.name.toLowerCase().includes(name));
  if (opts.open) devices = filterIterable(devices, (d) => needsAction(triage.get(d.id), now));
  if (opts.json) {
    return writeJsonArray(
      mapIterable(devices, (d) => {
        if (!isFlagged(d)) return d;
        const entry = triage.get(d.id);
        // Not {...d, triage}: V8 placed those spread copies in its old generation (12 -> 33 MB of dead
        // objects over 200,000 devices, 10% flagged); Object.assign's copies die young.
        return Object.assign({}, d, { triage: { status: effectiveStatus(entry, now), note: entry?.note ?? null, by: entry?.by ?? null, at: entry?.at ?? null, until: entry?.until ?? null } });
      }),
    );
  }
  const listed = Array.from(devices);
  if (!listed.length) return print(opts.open ? 'No flagged device needs action.' : 'No devices match.');
  const labels = new Map(listed.filter(isFlagged).map((d) => [d.id, triageLabel(triage.get(d.id), now)]));
  print(deviceTable(listed, labels.size ? labels : undefined));
  print(`\n${listed.length} device${listed.length === 1 ? '' : 's'}${opts.open ? (listed.length === 1 ? ' needs action' : ' need action') : ''}`);
}

function* mapIterable<T, U>(items: Iterable<T>, fn: (item: T) => U): Generator<U, void, undefined> {
  for (const item of items) yield fn(item);
}

function* filterIterable<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T, void, undefined> {
  for (const item of items) if (keep(item)) yield item;
}

/**
 * The text printJson would print for the whole array, written element by element with backpressure:
 * 50,000 devices as one string cost seconds of garbage collection and hundreds of megabytes.
 */
async function writeJsonArray(items: Iterable<unknown>): Promise<void> {
  const out = new ChunkedWriter(process.stdout);
  let first = true;
  for (const item of items) {
    // Stringifying a one-element array indents the element exactly as it sits in the whole array.
    const text = terminalJson([item]);
    await out.push(`${first ? '[\n' : ',\n'}${text.slice(2, -2)}`);
    first = false;
  }
  await out.push(first ? '[]\n' : '\n]\n');
  await out.flush();
}
