/**
 * One grammar for a serial number wherever the device states it. The serial grammars are the rules
 * of oui/rules/upnp.serial.json that name a maker (a GPON vendor ID, Hikvision's model-dated serial,
 * the layouts of Huawei's, ZTE's and Dahua's serials):
 * a UPnP serialNumber meets them as any rule; a serial another rule captured from its own answer
 * (a SADP DeviceSN, a DHIP SerialNo, an ISAPI DeviceInfo, magicBox or HiLink serialNumber, a Dahua
 * "Login to <serial>" realm) is read here by the same rules. The reading keeps the rule's id, so one
 * serial is one fact (facts.ts: each rule speaks once per device) however many answers repeat it.
 */
import type { Observation } from '../observations/observation.js';
import type { RuleMatch } from './rule-match.js';
import type { RuleSet } from './rules/load.js';
import { defaultRules, matchWith } from './rules/match.js';

let grammars: RuleSet | undefined;

/** The serial rules that name a maker; the generic one only copies the serial, which the capturing rule already did. */
function serialGrammars(): RuleSet {
  if (grammars === undefined) {
    const all = defaultRules();
    const rules = (all.byKind.get('upnp.serial') ?? []).filter((rule) => rule.vendor !== null);
    grammars = { vocabulary: all.vocabulary, rules, byKind: new Map([['upnp.serial', rules]]) };
  }
  return grammars;
}

/** What the serial grammars read from the serials `matches` captured from `obs` (a UPnP serial is read by the rules themselves). */
export function serialReadings(obs: Observation, matches: readonly RuleMatch[]): RuleMatch[] {
  if (obs.kind === 'upnp.serial') return [];
  const out: RuleMatch[] = [];
  const seen = new Set<string>();
  for (const m of matches) {
    if (m.serial === undefined || seen.has(m.serial)) continue;
    seen.add(m.serial);
    for (const read of matchWith(serialGrammars(), { ...obs, kind: 'upnp.serial', value: m.serial })) {
      out.push({ ...read, observation: obs, says: `${read.says} (the serial number ${m.rule} read)` });
    }
  }
  return out;
}
