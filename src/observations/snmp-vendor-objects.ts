/**
 * Makers' own SNMP objects for model, serial and firmware (oui/probes/snmp-objects.json): some
 * covered devices state them only in their maker's MIB, not in ENTITY-MIB. A host whose
 * sysObjectID falls under a listed enterprise arc is asked the arc's objects in ONE GET; the
 * answers become the same snmp.entity.* facts as a chassis row. Pure and shared by the SNMP probe
 * (v2c) and the infrastructure reads (v3).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { statedText } from './snmp-entity.js';
import { isException, varbindOf, type SnmpFact } from './snmp-system.js';

const DOTTED = /^\d{1,10}(?:\.\d{1,10}){1,127}$/;
/** One GET: a reply of a few varbinds, well within any agent's datagram. */
export const MAX_OBJECTS_PER_ARC = 4;

const objectSchema = z.strictObject({
  oid: z.string().regex(DOTTED),
  name: z.string().min(1),
  kind: z.enum(['snmp.entity.model', 'snmp.entity.serial', 'snmp.entity.firmware']),
  /** The MIB's word for how the text is written; UTF-8 unless it says otherwise. */
  encoding: z.enum(['utf-8', 'utf-16le']).default('utf-8'),
  source: z.string().min(1),
});

const fileSchema = z
  .strictObject({
    description: z.string(),
    arcs: z.array(
      z.strictObject({
        arc: z.string().regex(DOTTED),
        maker: z.string().min(1),
        mib: z.string().min(1),
        source: z.string().min(1),
        note: z.string().optional(),
        objects: z.array(objectSchema).min(1).max(MAX_OBJECTS_PER_ARC),
      }),
    ),
  })
  .superRefine((file, ctx) => {
    file.arcs.forEach((entry, at) => {
      // One arc per host: nested or repeated arcs would each claim it.
      if (file.arcs.some((other, i) => i !== at && (other.arc === entry.arc || other.arc.startsWith(`${entry.arc}.`)))) {
        ctx.addIssue({ code: 'custom', path: ['arcs', at, 'arc'], message: `${entry.arc}: another arc repeats it or lies under it` });
      }
      entry.objects.forEach((o, i) => {
        if (!o.oid.startsWith(`${entry.arc}.`)) ctx.addIssue({ code: 'custom', path: ['arcs', at, 'objects', i, 'oid'], message: `${o.oid} is not under ${entry.arc}` });
      });
    });
  });

export type VendorObjects = z.infer<typeof fileSchema>;
export type VendorObject = VendorObjects['arcs'][number]['objects'][number];

export const SNMP_OBJECTS_FILE = new URL('../../oui/probes/snmp-objects.json', import.meta.url);

export function loadVendorObjects(file: URL = SNMP_OBJECTS_FILE): VendorObjects {
  return fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

let shipped: VendorObjects | undefined;

/** The objects to ask a host whose sysObjectID is `sysObjectID`: those of the arc it falls under, or none. */
export function vendorObjectsFor(sysObjectID: string | null, table: VendorObjects = (shipped ??= loadVendorObjects())): readonly VendorObject[] {
  if (sysObjectID === null) return [];
  const oid = sysObjectID.replace(/^\./, '');
  return table.arcs.find((a) => oid === a.arc || oid.startsWith(`${a.arc}.`))?.objects ?? [];
}

/** The facts one GET of `objects` yields: values bounded and checked as a chassis row's are; objects not asked for are ignored. */
export function vendorFacts(varbinds: readonly unknown[], objects: readonly VendorObject[]): SnmpFact[] {
  const out: SnmpFact[] = [];
  for (const raw of varbinds.slice(0, objects.length)) {
    const vb = varbindOf(raw);
    if (vb === null || isException(vb.type)) continue;
    const object = objects.find((o) => o.oid === vb.oid);
    if (object === undefined) continue;
    const stated = statedText(object.name, vb.type, vb.value, object.encoding);
    if (stated === null) continue;
    out.push('value' in stated ? { kind: object.kind, value: stated.value } : { kind: 'malformed', value: stated.malformed });
  }
  return out;
}
