import type { ChangeEventRecord, EventQuery } from '../../inventory/change-store.js';
import type { Inventory } from '../../inventory/inventory.js';
import { locationCell } from '../../report/describe.js';
import { toReportDevice, type ReportDevice } from '../../report/report-device.js';
import { type GlobalOptions, withExistingInventory } from '../context.js';
import { paint, print, printJson, table, type Style } from '../terminal.js';
import { parseSince } from './devices.js';

interface ChangesOptions {
  readonly since?: string;
  readonly json: boolean;
}

const TYPE_STYLE: Readonly<Record<ChangeEventRecord['type'], Style>> = { new: 'green', gone: 'yellow', changed: 'bold', reappeared: 'red' };
const TYPE_COLUMN = 2;

/** `--since 12`: changes found by scans after scan 12; `--since 2026-11-01`: at or after that time; neither: the last compared scan. */
function query(inv: Inventory, since: string | undefined): EventQuery | null {
  if (since === undefined) {
    const latest = inv.changes.latestTrackedScan();
    return latest === null ? null : { scan: latest };
  }
  return /^\d+$/.test(since.trim()) ? { afterScan: Number(since) } : { since: parseSince(since) };
}

export async function changesCommand(opts: ChangesOptions, globals: GlobalOptions): Promise<void> {
  const { events, devices } = await withExistingInventory(globals, (inv) => {
    const q = query(inv, opts.since);
    const found = q === null ? [] : inv.changes.events(q);
    const known = new Map<number, ReportDevice>();
    for (const e of found) {
      if (known.has(e.deviceId)) continue;
      const d = inv.devices.get(e.deviceId);
      if (d !== null) known.set(e.deviceId, toReportDevice(d));
    }
    return { events: found, devices: known };
  });
  if (opts.json) {
    return printJson(
      events.map((e) => {
        const d = devices.get(e.deviceId);
        return {
          ...e,
          device: d ? { name: d.name, location: d.location, status: d.status, covered: d.covered, manufacturer: d.manufacturerName ?? d.manufacturer, model: d.model } : null,
        };
      }),
    );
  }
  if (!events.length) return print(opts.since === undefined ? 'No changes in the last compared scan.' : 'No changes since then.');
  print(
    table(
      ['SCAN', 'TIME', 'EVENT', 'IP', 'MAC', 'NAME', 'DEVICE', 'LOCATION', 'DETAIL'],
      events.map((e) => {
        const d = devices.get(e.deviceId);
        return [String(e.scanId ?? '-'), e.at, e.type, e.ip, e.mac ?? '-', d?.name ?? '-', describeDevice(d), (d && locationCell(d)) ?? '-', detail(e)];
      }),
      { styleCell: (row, col, padded) => (col === TYPE_COLUMN && events[row] ? paint(padded, TYPE_STYLE[events[row].type]) : padded) },
    ),
  );
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  print(`\n${[...counts].map(([type, n]) => `${n} ${type}`).join(', ')}`);
}

function describeDevice(d: ReportDevice | undefined): string {
  if (d === undefined) return '-';
  const maker = d.manufacturerName ?? d.manufacturer ?? 'unknown maker';
  return d.status === 'covered' ? `COVERED ${d.covered ?? ''} (${maker})` : `${d.status} (${maker})`;
}

function detail(e: ChangeEventRecord): string {
  return e.field === null ? '' : `${e.field}: ${e.old || '(none)'} → ${e.new || '(none)'}`;
}
