import type { Inventory } from '../inventory/inventory.js';
import type { DeviceFilter } from '../inventory/types.js';
import { toReportDevice, type ReportDevice } from './report-device.js';
import type { ReportDevices } from './report-input.js';

/**
 * An inventory's devices as a report reads them: a row at a time, in the order SQLite sorts them,
 * each device's evidence parsed as it is written and dropped after. Read inside inv.listing.snapshot.
 */
export function inventoryDevices(inv: Inventory, filter: DeviceFilter): ReportDevices {
  return {
    briefs: () => inv.listing.briefs(filter),
    listed: () => reportDevices(inv.devices.iterate(filter)),
    ranked: (flaggedOnly) => ranked(inv, flaggedOnly ? { ...filter, flagged: true } : filter),
  };
}

function* reportDevices(records: ReturnType<Inventory['devices']['iterate']>): Generator<ReportDevice, void, undefined> {
  for (const record of records) yield toReportDevice(record);
}

/** SQLite sorts the ids alone (a device's evidence would make every sorted row large); each device is then read by id. */
function* ranked(inv: Inventory, filter: DeviceFilter): Generator<ReportDevice, void, undefined> {
  for (const id of inv.listing.rankedIds(filter)) {
    const record = inv.devices.get(id);
    if (record !== null) yield toReportDevice(record);
  }
}
