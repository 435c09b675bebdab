import type { RegistryInfo } from '../../identify/oui-index.js';
import { lookupOui } from '../../identify/oui-lookup.js';
import { loadedRegistryPath, registryInUse } from '../../identify/oui-registry.js';
import { updateRegistry } from '../../identify/oui-update.js';
import { entityForRegistrant } from '../../identify/policy.js';
import { isLocallyAdministered } from '../../observations/observation.js';
import { UsageError } from '../../util/errors.js';
import { plainText } from '../../util/safe-text.js';
import { print, printJson, table } from '../terminal.js';

interface OuiOptions {
  readonly json: boolean;
}

/** Accepts a full MAC or a prefix of at least 6 hex digits in any common notation; pads a prefix with zeros. */
function toMac(text: string): string {
  const hex = text.trim().toLowerCase().replace(/[:.\-\s]/g, '');
  if (!/^[0-9a-f]{6,12}$/.test(hex)) throw new UsageError(`"${plainText(text, 40)}" is not a MAC address or prefix (6 to 12 hex digits)`);
  return hex.padEnd(12, '0').match(/../g)!.join(':');
}

export function ouiCommand(inputs: readonly string[], opts: OuiOptions): void {
  const results = inputs.map((input) => {
    const mac = toMac(input);
    const randomized = isLocallyAdministered(mac);
    const match = randomized ? null : lookupOui(mac);
    const covered = match?.registrant ? entityForRegistrant(match.registrant) : null;
    return {
      input,
      mac,
      randomized,
      prefix: match?.prefix ?? null,
      block: match?.block ?? null,
      registrant: match?.registrant ?? null,
      address: match?.address ?? null,
      covered: covered?.entity ?? null,
      relation: covered?.relation ?? null,
    };
  });
  if (opts.json) return printJson(results);
  print(
    table(
      ['MAC', 'PREFIX', 'BLOCK', 'REGISTRANT', 'COVERED'],
      results.map((r) => [
        r.mac,
        r.prefix ?? '-',
        r.block ?? '-',
        r.randomized ? '(locally administered: randomized, no registrant)' : (r.registrant ?? '(not registered)'),
        r.covered ? `${r.covered} (${r.relation})` : 'no',
      ]),
      { maxCell: 70 },
    ),
  );
}

interface OuiUpdateOptions {
  readonly from: string;
  readonly date?: string;
  readonly json: boolean;
}

const counted = (r: RegistryInfo) => `${r.counts['MA-L'].toLocaleString('en-US')} MA-L, ${r.counts['MA-M'].toLocaleString('en-US')} MA-M and ${r.counts['MA-S'].toLocaleString('en-US')} MA-S assignments`;
const named = (r: RegistryInfo) => `registry of ${r.origin} (${r.date ?? 'date unknown'})`;

/** `lanaudit oui update --from DIR`: the IEEE CSV files in DIR become the registry lookups and scans use. */
export async function ouiUpdateCommand(opts: OuiUpdateOptions): Promise<void> {
  const target = loadedRegistryPath();
  const before = registryInUse(target);
  const { registry, duplicates } = await updateRegistry({ from: opts.from, ...(opts.date === undefined ? {} : { date: opts.date }), target, current: before.registry, now: new Date() });
  const after = registryInUse(target);
  if (opts.json) return printJson({ path: target, registry, duplicates, used: after.loaded, replaced: before.registry });
  const out = [`Loaded the IEEE registry of ${registry.date} from ${registry.loaded?.from}: ${counted(registry)}.`];
  if (duplicates > 0) out.push(`${duplicates} assignment${duplicates === 1 ? ' was' : 's were'} listed twice; the later row of each is kept.`);
  out.push(
    after.loaded
      ? `Lookups and scans now use it (${target}); before, they used the ${named(before.registry)}.`
      : `Written to ${target}, but the ${named(after.registry)} is newer: lookups keep using that.`,
  );
  if (process.getuid?.() !== 0 && !process.env['LANAUDIT_OUI_REGISTRY']) out.push('Scans run as root (the agent) read /var/lib/lanaudit/oui-registry.bin: run this as root for them too.');
  print(out.join('\n'));
}
