import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { HostSplitter } from '../../discovery/nmap/host-splitter.js';
import { parseNmapHost } from '../../discovery/nmap/nmap-xml.js';
import { identify } from '../../identify/identify.js';
import type { Inventory } from '../../inventory/inventory.js';
import type { Observation } from '../../observations/observation.js';
import { identifyScan } from '../../pipeline/identify-devices.js';
import { toReportDevice } from '../../report/report-device.js';
import { RuntimeError } from '../../util/errors.js';
import { plainText } from '../../util/safe-text.js';
import { type GlobalOptions, withInventory } from '../context.js';
import { deviceTable } from '../device-table.js';
import { paint, print, printJson } from '../terminal.js';

interface ImportOptions {
  readonly json: boolean;
}

export interface ImportResult {
  readonly scanId: number;
  readonly hosts: number;
  readonly observations: number;
  readonly deviceIds: readonly number[];
  readonly flagged: number;
}

/** Observations stored per transaction while the file streams in. */
const BATCH = 2000;

/**
 * Streams an nmap XML file into the inventory as one scan with engine "import", then identifies
 * every device it names. The file is cut into <host> elements as it is read (never held whole, an
 * oversize host skipped), and each host is parsed without entity expansion or DTD (nmap-xml.ts).
 */
export async function importNmapXml(inventory: Inventory, file: string, warn: (message: string) => void): Promise<ImportResult> {
  // An import covers no addresses: a device absent from the file was not looked for, never gone.
  const scanId = inventory.scans.begin({ scope: { labels: [`import ${basename(file)}`], ranges: [] }, engine: 'import' });
  let hosts = 0;
  let count = 0;
  let batch: Observation[] = [];
  const at = new Date().toISOString();
  const flush = (): void => {
    if (batch.length === 0) return;
    inventory.observations.record(scanId, batch);
    count += batch.length;
    batch = [];
  };
  const splitter = new HostSplitter({
    onHost: (xml) => {
      const found = parseNmapHost(xml, { at, onWarning: warn });
      if (found.length > 0) hosts += 1;
      // One at a time: a spread of one host's facts (46k ports) overflows the call stack.
      for (const obs of found) {
        batch.push(obs);
        if (batch.length >= BATCH) flush();
      }
    },
    onOversize: (chars) => warn(`nmap XML: skipped a <host> element of ${chars} characters`),
  });
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8' })) splitter.push(chunk as string);
    flush();
    const { deviceIds, flagged } = identifyScan(inventory, scanId, identify);
    inventory.scans.finish(scanId, 'complete', { hosts: deviceIds.length, flagged });
    return { scanId, hosts, observations: count, deviceIds, flagged };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    inventory.scans.finish(scanId, 'interrupted', { hosts, flagged: 0, error: `import failed: ${why}` });
    if ((err as NodeJS.ErrnoException).code !== undefined) {
      throw new RuntimeError(`cannot read ${plainText(file, 200)}: ${why}`, { cause: err });
    }
    throw err;
  }
}

export async function importCommand(file: string, opts: ImportOptions, globals: GlobalOptions): Promise<void> {
  await withInventory(globals, async (inventory) => {
    const result = await importNmapXml(inventory, file, (message) => process.stderr.write(`lanaudit import: warning: ${plainText(message, 300)}\n`));
    const ids = new Set(result.deviceIds);
    const seen = inventory.devices.list({}).filter((d) => ids.has(d.id)).map(toReportDevice);
    const flagged = seen.filter((d) => d.status === 'covered');
    if (opts.json) {
      printJson({ scan: result.scanId, hosts: result.hosts, observations: result.observations, devices: seen.length, flagged });
      return;
    }
    print(
      `Imported ${plainText(basename(file), 100)} as scan ${result.scanId}: ${seen.length} device${seen.length === 1 ? '' : 's'}, ${paint(`${flagged.length} covered`, flagged.length ? 'red' : 'green')}.`,
    );
    if (result.hosts === 0) print(paint('No host that was up was found in the file: is it nmap XML output (-oX)?', 'yellow'));
    if (flagged.length) print(`\n${deviceTable(flagged)}`);
  });
}
