/**
 * Software is not equipment, and someone else's words about a maker are not the maker's device.
 * - When the device's firmware says it runs a general-purpose operating system (a Windows sysDescr or
 *   sysObjectID, macOS's mDNS osxvers: vendors.json `role: "os"`), a covered maker named in its text
 *   (a mention, a model number) is that maker's software on the host (Huawei's eSight or MAS agent, a
 *   Hikvision VMS client with its own certificate), not the maker's equipment.
 * - When a text names the maker in someone else's words (a note of a mention template marked
 *   `othersText`: "Mount adapter for Hikvision DS-2CD2142FWD-I", a VMS's brand list, a Home Assistant
 *   page), the model numbers in that same text are theirs to name too.
 * Such facts keep their weight but may only send the device to review (ceiling), and the verdict
 * says why. Facts that are no text reading (a covered MAC registrant: a Huawei MateBook runs Windows
 * and is Huawei equipment; a vendor discovery answer) are untouched.
 */
import type { Fact } from './facts.js';
import { defaultMentions, readsAsOthersText, type MentionSet } from './mentions.js';
import type { Vocabulary } from './rules/vocabulary.js';
import type { Evidence } from './verdict.js';

/** How sure the firmware's word for the operating system must be: a named rule, not a hint. */
export const HOST_OS_CERTAINTY = 0.6;

/** Text readings of a covered maker: maker mentions and model-number grammars. */
const isTextReading = (f: Fact): boolean => f.evidence.rule.startsWith('mention.') || f.evidence.rule.startsWith('family.');

const sameText = (a: Evidence, b: Evidence): boolean => a.kind === b.kind && a.value === b.value && a.port === b.port && a.source === b.source;

/** The facts, with covered-maker text readings capped at review on a general-purpose host or in someone else's text; the same array when none is. */
export function capSoftwareOnHost(facts: readonly Fact[], vocabulary: Vocabulary, mentions: MentionSet = defaultMentions()): readonly Fact[] {
  const host = facts.some(
    (f) => f.voice === 'firmware' && f.vendor !== null && f.evidence.certainty >= HOST_OS_CERTAINTY && vocabulary.get(f.vendor)?.role === 'os',
  );
  const othersTexts = facts.filter((f) => f.evidence.certainty === 0 && readsAsOthersText(f.evidence.rule, mentions)).map((f) => f.evidence);
  if (!host && othersTexts.length === 0) return facts;
  const capped = (f: Fact): boolean => host || othersTexts.some((text) => sameText(text, f.evidence));
  return facts.map((f) => (isTextReading(f) && f.evidence.entity !== null && f.ceiling === undefined && capped(f) ? { ...f, ceiling: 'review' as const } : f));
}
