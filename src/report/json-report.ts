import type { Writable } from 'node:stream';
import type { ReportInput } from './report-input.js';
import { tally } from './summary.js';
import { ChunkedWriter } from './write-chunk.js';
import { safeJson } from '../util/safe-text.js';

/** Bumped whenever a field changes meaning or disappears; adding a field does not bump it. */
export const JSON_REPORT_VERSION = 1;

/**
 * Streams `{schema, version, …, summary, devices: [...]}` one device at a time, so a huge inventory
 * never becomes one string. `context`, per-device `triage` and `changes` appear only when known.
 */
export async function writeJsonReport(out: Writable, input: ReportInput): Promise<void> {
  const { meta, devices, triage, changes } = input;
  const w = new ChunkedWriter(out);
  const context = Object.fromEntries(
    Object.entries({
      organization: meta.organization,
      site: meta.site,
      sites: meta.sites,
      contact: meta.contact,
      contract: meta.contract,
      orders: meta.orders,
      supplier: meta.supplier,
      uei: meta.uei,
      cage: meta.cage,
      since: meta.since,
      scanWindow: meta.scanWindow,
    }).filter(([, v]) => v !== undefined),
  );
  const head = {
    schema: 'lanaudit.report',
    version: JSON_REPORT_VERSION,
    generatedAt: meta.generatedAt,
    tool: meta.tool,
    ...(meta.knowledge ? { knowledge: meta.knowledge } : {}),
    flaggedOnly: meta.flaggedOnly,
    ...(Object.keys(context).length ? { context } : {}),
    summary: (await tally(devices)).summary,
  };
  const open = safeJson(head, 2);
  await w.push(`${open.slice(0, -2)},\n  "devices": [`);
  let written = 0;
  for await (const d of devices.listed()) {
    // `triage` goes last, as in {...d, triage}, appended to the device's text: a copy of each device cost more than its JSON.
    const text = triage ? `${safeJson(d).slice(0, -1)},"triage":${safeJson(triage.get(d.id, d.site) ?? null)}}` : safeJson(d);
    await w.push(`${written++ === 0 ? '\n' : ',\n'}    ${text}`);
  }
  await w.push(`${written ? '\n  ' : ''}]`);
  if (changes) {
    await w.push(',\n  "changes": [');
    for (let i = 0; i < changes.length; i++) {
      // Only the documented fields, whatever else the caller's event objects carry.
      const { site, at, deviceId, type, field, old, new: now, ip, mac } = changes[i]!;
      await w.push(`${i === 0 ? '\n' : ',\n'}    ${safeJson({ ...(site === undefined ? {} : { site }), at, deviceId, type, field, old, new: now, ip, mac })}`);
    }
    await w.push(`${changes.length ? '\n  ' : ''}]`);
  }
  await w.push('\n}\n');
  await w.flush();
}
