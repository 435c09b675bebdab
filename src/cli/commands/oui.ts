import { lookupOui } from '../../identify/oui-lookup.js';
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
