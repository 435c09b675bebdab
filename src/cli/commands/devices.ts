import type { Status } from '../../identify/verdict.js';
import type { DeviceFilter } from '../../inventory/types.js';
import { toReportDevice } from '../../report/report-device.js';
import { UsageError } from '../../util/errors.js';
import { type GlobalOptions, withInventory } from '../context.js';
import { deviceTable } from '../device-table.js';
import { print, printJson } from '../terminal.js';

interface DevicesOptions {
  readonly flagged: boolean;
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
    ...(opts.flagged ? { flagged: true } : {}),
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.vendor ? { vendor: opts.vendor } : {}),
    ...(opts.since ? { since: parseSince(opts.since) } : {}),
  };
  const devices = await withInventory(globals, (inv) => inv.listDevices(filter).map(toReportDevice));
  if (opts.json) return printJson(devices);
  if (!devices.length) return print('No devices match.');
  print(deviceTable(devices));
  print(`\n${devices.length} device${devices.length === 1 ? '' : 's'}`);
}
