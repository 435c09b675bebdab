/**
 * Virtual router MACs (oui/virtual-macs.json): VRRP, CARP, HSRP and GLBP answer with an address
 * that names the redundancy protocol, whichever router holds it. Its registry block (IANA's
 * 00:00:5E, Cisco's 00:00:0C) says nothing about who made the device, so it is never attributed.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RuntimeError } from '../util/errors.js';

/** oui/ sits two levels above both src/identify and dist/identify. */
const VIRTUAL_MACS_URL = new URL('../../oui/virtual-macs.json', import.meta.url);

export interface VirtualMacRange {
  /** Lower-case colon form, possibly ending mid-octet ("00:00:0c:9f:f"). */
  readonly prefix: string;
  readonly protocol: string;
  readonly note: string;
  readonly sources: readonly string[];
}

const fileSchema = z
  .object({
    schemaVersion: z.literal(1),
    sources: z.record(z.string(), z.object({ title: z.string().min(1), url: z.string().url().optional() }).strict()),
    ranges: z.array(
      z
        .object({
          prefix: z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){0,4}(:[0-9a-f])?$/),
          protocol: z.string().min(1),
          note: z.string().min(1),
          sources: z.array(z.string()).min(1),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((file, ctx) => {
    file.ranges.forEach((range, i) => {
      for (const id of range.sources) {
        if (!(id in file.sources)) ctx.addIssue({ code: 'custom', path: ['ranges', i, 'sources'], message: `unknown source "${id}"` });
      }
    });
  });

/** Checks a virtual-MAC file's content; throws a RuntimeError naming the file and the problem. */
export function parseVirtualMacs(json: unknown, name = 'oui/virtual-macs.json'): readonly VirtualMacRange[] {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${name}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new RuntimeError(problems.join('\n'));
  }
  return parsed.data.ranges;
}

let shipped: readonly VirtualMacRange[] | undefined;

function shippedRanges(): readonly VirtualMacRange[] {
  shipped ??= parseVirtualMacs(JSON.parse(readFileSync(VIRTUAL_MACS_URL, 'utf8')) as unknown);
  return shipped;
}

/** The virtual-router range a normalized MAC falls in, or null. */
export function virtualMacRange(mac: string): VirtualMacRange | null {
  for (const range of shippedRanges()) if (mac.startsWith(range.prefix)) return range;
  return null;
}
