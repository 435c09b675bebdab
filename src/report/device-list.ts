import { reportOrder } from './describe.js';
import type { ReportDevice } from './report-device.js';
import type { ReportDevices } from './report-input.js';

/** Devices already in memory as a report's devices: listed in the order given. */
export function deviceList(devices: readonly ReportDevice[]): ReportDevices {
  return {
    briefs: () => devices,
    coveredEntities: () => [...new Set(devices.flatMap((d) => (d.status === 'covered' && d.covered ? [d.covered] : [])))],
    listed: () => devices,
    ranked: (flaggedOnly) => reportOrder(devices).filter((d) => !flaggedOnly || d.status === 'covered'),
    rankedRows: () => reportOrder(devices),
  };
}
