import type { Status } from '../../identify/verdict.js';
import type { DeviceFilter } from '../../inventory/types.js';
import { isFlagged, toReportDevice } from '../../report/report-device.js';
import { effectiveStatus, needsAction, triageLabel, triageState } from '../../triage/triage.js';
import { UsageError } from '../../util/errors.js';
import { type GlobalOptions, withExistingInventory } from '../context.js';
import { deviceTable } from '../device-table.js';
import { print, printJson } from '../terminal.js';

interface DevicesOptions {
  readonly flagged: boolean;
  /** Flagged devices that still need action (no standing triage decision). */
  readonly open: boolean;
  readonly status?: Status;
  readonly vendor?: string;
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
  const { listed, triage } = await withExistingInventory(globals, (inv) => {
    const all = inv.listDevices(filter).map(toReportDevice);
    return { listed: all, triage: triageState(inv, all.filter(isFlagged).map((d) => d.id)) };
  });
  const now = new Date();
  const devices = opts.open ? listed.filter((d) => needsAction(triage.get(d.id), now)) : listed;
  if (opts.json) {
    return printJson(
      devices.map((d) => {
        if (!isFlagged(d)) return d;
        const entry = triage.get(d.id);
        return { ...d, triage: { status: effectiveStatus(entry, now), note: entry?.note ?? null, by: entry?.by ?? null, at: entry?.at ?? null, until: entry?.until ?? null } };
      }),
    );
  }
  if (!devices.length) return print(opts.open ? 'No flagged device needs action.' : 'No devices match.');
  const labels = new Map(devices.filter(isFlagged).map((d) => [d.id, triageLabel(triage.get(d.id), now)]));
  print(deviceTable(devices, labels.size ? labels : undefined));
  print(`\n${devices.length} device${devices.length === 1 ? '' : 's'}${opts.open ? (devices.length === 1 ? ' needs action' : ' need action') : ''}`);
}
