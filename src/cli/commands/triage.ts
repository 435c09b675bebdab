import type { TriageStatus } from '../../inventory/triage-store.js';
import { toReportDevice } from '../../report/report-device.js';
import { recordDecision } from '../../triage/triage.js';
import { type GlobalOptions, withInventory } from '../context.js';
import { paint, print, printJson } from '../terminal.js';

interface TriageOptions {
  readonly status: TriageStatus;
  readonly note: string;
  readonly until?: string;
  readonly by?: string;
  readonly json: boolean;
}

export async function triageCommand(key: string, opts: TriageOptions, globals: GlobalOptions): Promise<void> {
  const { device, record } = await withInventory(globals, (inv) =>
    recordDecision(inv, key, {
      status: opts.status,
      note: opts.note,
      ...(opts.until === undefined ? {} : { until: opts.until }),
      ...(opts.by === undefined ? {} : { by: opts.by }),
    }),
  );
  const d = toReportDevice(device);
  if (opts.json) return printJson({ device: { id: d.id, ip: d.ip, mac: d.mac, status: d.status, covered: d.covered }, triage: record });
  print(`${paint(d.ip, 'bold')} ${d.mac ?? ''}: ${record.status}${record.until ? ` until ${record.until}` : ''} — recorded by ${record.by} at ${record.at}`);
  if (d.status !== 'covered') print(paint(`note: this device is not flagged (status ${d.status}); the decision is kept all the same`, 'yellow'));
}
