import { reportOrder } from './describe.js';
import type { ReportDevice } from './report-device.js';
import type { ReportDevices } from './report-input.js';

/** Devices already in memory as a report's devices: listed in the order given. */
export function deviceList(devices: readonly ReportDevice[]): ReportDevices {
  return {
    briefs: () => devices,
    listed: () => devices,
    ranked: (flaggedOnly) => reportOrder(devices).filter((d) => !flaggedOnly || d.status === 'covered'),
    rankedRows: () => reportOrder(devices),
  };
}
