/**
 * Software is not equipment: when the device's firmware says it runs a general-purpose operating
 * system (a Windows sysDescr or sysObjectID, macOS's mDNS osxvers: vendors.json `role: "os"`), a
 * covered maker named in its text (a mention, a model number) is that maker's software on the host
 * (Huawei's eSight or MAS agent, a Hikvision VMS client with its own certificate), not the maker's
 * equipment. Such facts keep their weight but may only send the device to review (ceiling), and the
 * verdict says why. Facts that are no text reading (a covered MAC registrant: a Huawei MateBook
 * runs Windows and is Huawei equipment; a vendor discovery answer) are untouched.
 */
import type { Fact } from './facts.js';
import type { Vocabulary } from './rules/vocabulary.js';

/** How sure the firmware's word for the operating system must be: a named rule, not a hint. */
export const HOST_OS_CERTAINTY = 0.6;

/** Text readings of a covered maker: maker mentions and model-number grammars. */
const isTextReading = (f: Fact): boolean => f.evidence.rule.startsWith('mention.') || f.evidence.rule.startsWith('family.');

/** The facts, with covered-maker text readings capped at review when the firmware names a general-purpose OS; the same array when not. */
export function capSoftwareOnHost(facts: readonly Fact[], vocabulary: Vocabulary): readonly Fact[] {
  const host = facts.some(
    (f) => f.voice === 'firmware' && f.vendor !== null && f.evidence.certainty >= HOST_OS_CERTAINTY && vocabulary.get(f.vendor)?.role === 'os',
  );
  if (!host) return facts;
  return facts.map((f) => (isTextReading(f) && f.evidence.entity !== null && f.ceiling === undefined ? { ...f, ceiling: 'review' as const } : f));
}
