/**
 * Step 5 of identification: the notes a verdict carries after its facts, in plain language. Each
 * repeats the fact it is about (kind, value, port, source) with certainty 0: a note explains the
 * verdict and adds nothing to it.
 */
import type { Fact } from './facts.js';
import type { MacReading } from './mac-evidence.js';
import { entityInfo, type Policy } from './policy.js';
import type { Brand } from './attributes.js';
import { same } from './attributes.js';
import type { Finding } from './status.js';
import { strongest, type VendorGroup } from './support.js';
import type { EntityId, Evidence } from './verdict.js';

const pct = (c: number): string => c.toFixed(2);

function note(rule: string, about: Fact, entity: EntityId | null, says: string): Evidence {
  const { kind, value, port, source } = about.evidence;
  return port === undefined
    ? { rule, kind, value, source, certainty: 0, entity, says }
    : { rule, kind, value, port, source, certainty: 0, entity, says };
}

function findingNote(finding: Finding, policy: Policy): Evidence {
  const { flagged } = finding;
  const name = entityInfo(flagged.key, policy).displayName;
  switch (finding.kind) {
    case 'ceiling':
      return note(
        'fusion.ceiling',
        strongest(flagged.facts),
        flagged.key,
        `The facts for ${name} (${pct(flagged.certainty)}) that would flag it show a page that may list other devices, someone else's words about ${name}'s products, or ${name}'s parts or software, not that ${name} made the device; any others are too weak alone: review.`,
      );
    case 'label-only': {
      const { firmware } = finding;
      return note(
        'fusion.contradiction',
        strongest(firmware.facts),
        flagged.key,
        `Only labels point to ${name} (${pct(flagged.certainty)}); the firmware says ${firmware.name} (${pct(firmware.certainty)}). A label can be bought or printed, so this stays at review.`,
      );
    }
    case 'maker': {
      const { firmware } = finding;
      return note(
        'fusion.contradiction',
        strongest(firmware.facts),
        flagged.key,
        `The firmware says ${firmware.name} (${pct(firmware.certainty)}), surer than all the evidence for ${name} (${pct(flagged.certainty)}): the maker is taken to be ${firmware.name}, and ${name} stays at review.`,
      );
    }
    case 'two-firmwares': {
      const otherName = entityInfo(finding.other.key, policy).displayName;
      return note(
        'fusion.two-firmwares',
        strongest(finding.other.facts),
        finding.other.key,
        `Both ${name}'s (${pct(flagged.certainty)}) and ${otherName}'s (${pct(finding.other.certainty)}) firmware answer for this device; one device runs one firmware, so its banners may be spoofed or relayed: review.`,
      );
    }
    case 'also': {
      const { other } = finding;
      const otherName = entityInfo(other.key, policy).displayName;
      const follows =
        other.certainty < flagged.certainty
          ? 'the verdict follows the stronger'
          : flagged.firmware && !other.firmware
            ? "as strong, so the verdict follows the firmware's voice"
            : 'as strong, so the verdict follows the order of the covered-entity list';
      return note(
        'fusion.contradiction',
        strongest(other.facts),
        other.key,
        `Evidence also points to ${otherName} (${pct(other.certainty)}), against ${name} (${pct(flagged.certainty)}); ${follows}, and both are kept for review.`,
      );
    }
  }
}

/**
 * "Made by X, sold as Y": the firmware names one maker, the label another that is no covered entity
 * of its own (two covered entities disagreeing is a contradiction, noted by status.ts, not an OEM deal).
 */
function oemNote(firmware: VendorGroup | undefined, brand: Brand | undefined, mac: MacReading | null): Evidence | undefined {
  if (firmware === undefined || brand === undefined) return undefined;
  const oem = brand.entity === null || brand.entity === firmware.entity;
  if (!oem || same(brand.name, firmware.name)) return undefined;
  const relabeler = mac?.relabeler ?? null;
  const known =
    relabeler !== null && same(relabeler.brand, brand.name) && relabeler.entity === firmware.entity
      ? ` ${brand.name} is a known ${relabeler.maker} OEM (${relabeler.certainty}).`
      : '';
  return note(
    'fusion.oem',
    brand.fact,
    firmware.entity,
    `Made by ${firmware.name}, sold as ${brand.name}: the firmware says ${firmware.name} (${strongest(firmware.facts).evidence.rule}), the label says ${brand.name} (${brand.fact.evidence.rule}).${known}`,
  );
}

/** The verdict's evidence: its facts in canonical order, then the status findings' notes, then the OEM note. */
export function evidenceWithNotes(
  facts: readonly Fact[],
  findings: readonly Finding[],
  firmware: VendorGroup | undefined,
  brand: Brand | undefined,
  mac: MacReading | null,
  policy: Policy,
): Evidence[] {
  const list: Evidence[] = [];
  for (const f of facts) list.push(f.evidence);
  for (const finding of findings) list.push(findingNote(finding, policy));
  const oem = oemNote(firmware, brand, mac);
  if (oem !== undefined) list.push(oem);
  return list;
}
