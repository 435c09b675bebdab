import type { Inventory } from '../inventory/inventory.js';
import type { LabelledDevice } from '../inventory/device-labels.js';
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
    coveredEntities: () => inv.listing.coveredEntities(filter),
    listed: () => reportDevices(inv.listing.records(filter, 'address')),
    ranked: (flaggedOnly) => reportDevices(inv.listing.records(flaggedOnly ? { ...filter, flagged: true } : filter, 'rank')),
    rankedRows: () => reportDevices(inv.listing.records(filter, 'rank', false)),
  };
}

function* reportDevices(records: Iterable<LabelledDevice>): Generator<ReportDevice, void, undefined> {
  for (const record of records) yield toReportDevice(record);
}
