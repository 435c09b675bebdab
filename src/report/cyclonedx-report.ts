import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { ReportDevice } from './report-device.js';
import { effectiveTriage, type ReportInput } from './report-input.js';
import { numberText } from './describe.js';
import { ChunkedWriter } from './write-chunk.js';
import { safeJson } from '../util/safe-text.js';

interface Property {
  readonly name: string;
  readonly value: string;
}

/** CycloneDX 1.6 has no model/serial/address fields for a device: those go in properties under the `lanaudit:` namespace. */
function component(d: ReportDevice, input: ReportInput): Record<string, unknown> {
  const props: Property[] = [];
  const add = (name: string, value: string | number | boolean | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') props.push({ name: `lanaudit:${name}`, value: String(value) });
  };
  add('site', d.site);
  add('ip', d.ip);
  add('mac', d.mac);
  add('name', d.name);
  const l = d.location;
  if (l !== null) {
    add('location:switch', l.switchName);
    add('location:switchAddress', l.switchAddress);
    add('location:port', l.port);
    add('location:portAlias', l.portAlias);
    add('location:vlan', l.vlan);
    add('location:confidence', l.confidence);
  }
  add('status', d.status);
  add('covered', d.covered ?? 'none');
  add('confidence', d.confidence);
  add('brand', d.brand);
  add('model', d.model);
  add('serial', d.serial);
  add('randomizedMac', d.randomizedMac);
  add('firstSeen', d.firstSeen);
  add('lastSeen', d.lastSeen);
  if (input.triage) add('triage', effectiveTriage(input.triage.get(d.id, d.site), input.meta.generatedAt));
  for (const e of d.evidence) add('evidence', `${e.rule}: ${e.says}`);
  const maker = d.manufacturer ?? d.manufacturerName;
  return {
    type: 'device',
    // A device id is its site's: in a fleet BOM the site makes the reference unique.
    'bom-ref': d.site === undefined ? `lanaudit-device-${numberText(d.id)}` : `lanaudit-device-${d.site}-${numberText(d.id)}`,
    name: d.model ?? d.manufacturerName ?? `device at ${d.ip}`,
    ...(maker ? { manufacturer: { name: maker } } : {}),
    ...(d.brand ? { supplier: { name: d.brand } } : {}),
    description: `Network device at ${d.ip}${d.mac ? ` (MAC ${d.mac})` : ''}`,
    properties: props,
  };
}

/** A CycloneDX 1.6 JSON hardware BOM: one `device` component per inventory device, streamed. */
export async function writeCycloneDxReport(out: Writable, input: ReportInput): Promise<void> {
  const { meta } = input;
  const metaProps: Property[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value) metaProps.push({ name: `lanaudit:${name}`, value });
  };
  add('organization', meta.organization);
  add('site', meta.site);
  for (const s of meta.sites ?? []) add('fleetSite', s);
  add('contract', meta.contract);
  for (const o of meta.orders ?? []) add('order', o);
  add('uei', meta.uei);
  add('cage', meta.cage);
  add('since', meta.since);
  add('flaggedOnly', String(meta.flaggedOnly));
  add('ouiRegistryDate', meta.knowledge?.registry.date ?? undefined);
  add('ouiRegistry', meta.knowledge?.registry.origin);
  add('policyDate', meta.knowledge?.policy.date ?? undefined);
  for (const w of meta.knowledge?.warnings ?? []) add('warning', w);
  const head = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: meta.generatedAt,
      lifecycles: [{ phase: 'operations' }],
      tools: { components: [{ type: 'application', name: meta.tool.name, version: meta.tool.version }] },
      ...(metaProps.length ? { properties: metaProps } : {}),
    },
  };
  const w = new ChunkedWriter(out);
  const open = safeJson(head, 2);
  await w.push(`${open.slice(0, -2)},\n  "components": [`);
  let written = 0;
  for await (const d of input.devices.listed()) await w.push(`${written++ === 0 ? '\n' : ',\n'}    ${safeJson(component(d, input))}`);
  await w.push(`${written ? '\n  ' : ''}]\n}\n`);
  await w.flush();
}
