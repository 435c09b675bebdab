/**
 * Which makers' firmware names itself by its MAC in a digest realm, and how it writes it
 * (oui/mac-realms.json). A realm of twelve bare hex digits is as often a hash or a random token, so
 * stated-mac.ts lets such a realm flag only in a layout listed here.
 */
import { z } from 'zod';
import { RuntimeError } from '../util/errors.js';
import { compilePattern, readOuiJson } from './oui-data-file.js';
import { DEFAULT_OUI_DIR } from './rules/load.js';

/** A realm that is exactly a MAC, bare or in colon or hyphen pairs: nothing else in it. */
export const MAC_REALM = /^(?:[0-9a-f]{12}|[0-9a-f]{2}(?::[0-9a-f]{2}){5}|[0-9a-f]{2}(?:-[0-9a-f]{2}){5})$/i;

const macRealmsSchema = z
  .object({
    schemaVersion: z.literal(1),
    $comment: z.string().optional(),
    makers: z.array(
      z
        .object({
          /** The registrant's display name, as the MAC registry reading names it (vendors.json). */
          vendor: z.string().min(1),
          /** How the maker writes its MAC as a realm (case-sensitive, the whole realm). */
          layout: z.string().min(1),
          why: z.string().min(1),
          examples: z.array(z.object({ value: z.string().min(1), source: z.string().min(1) }).strict()).min(1),
        })
        .strict(),
    ),
  })
  .strict();

/** Layout by maker: whose bare-hex realm may flag as a stated MAC. */
export type MacRealmLayouts = ReadonlyMap<string, RegExp>;

/** Checks and compiles mac-realms.json content; throws a RuntimeError naming every problem. */
function parseMacRealms(json: unknown, name = 'oui/mac-realms.json'): MacRealmLayouts {
  const parsed = macRealmsSchema.safeParse(json);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${name}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  const layouts = new Map<string, RegExp>();
  for (const maker of parsed.data?.makers ?? []) {
    const layout = compilePattern(maker.layout, 'u', `${name}: ${maker.vendor}: layout`, problems);
    if (layout === undefined) continue;
    for (const e of maker.examples) if (!layout.test(e.value) || !MAC_REALM.test(e.value)) problems.push(`${name}: ${maker.vendor}: example ${e.value} is no bare MAC in its layout`);
    layouts.set(maker.vendor, layout);
  }
  if (problems.length > 0) throw new RuntimeError(problems.join('\n'));
  return layouts;
}

/** The layouts of <ouiDir>/mac-realms.json. */
export function loadMacRealms(ouiDir: string = DEFAULT_OUI_DIR): MacRealmLayouts {
  return parseMacRealms(readOuiJson(ouiDir, 'mac-realms.json'), `${ouiDir.replace(/\/$/, '')}/mac-realms.json`);
}

let shipped: MacRealmLayouts | undefined;

/** The layouts shipped in oui/mac-realms.json, loaded and checked once. */
export function defaultMacRealms(): MacRealmLayouts {
  shipped ??= loadMacRealms();
  return shipped;
}
