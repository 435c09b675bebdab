/** Target syntax shared by targets and exclusions: CIDR, last-octet range, full range, single address. */
import { UsageError } from '../util/errors.js';
import { cidrBlock, cidrHosts, formatIpv4, parseIpv4Detailed, parseOctet } from './ipv4.js';
import type { Ipv4Range } from './types.js';

/** Whether the text was given as a target or an exclusion; only changes the wording of errors. */
export type TargetRole = 'target' | 'exclusion';

export interface ParsedTarget {
  readonly range: Ipv4Range;
  /** Set when the text meant something the user may not expect (host bits dropped from a CIDR). */
  readonly note?: string;
}

const FORMS = 'expected an IPv4 address (10.0.0.7), CIDR (10.0.0.0/24) or range (10.0.0.1-50, 10.0.0.1-10.0.1.20)';

/** Input is echoed in messages; bound it and escape control characters (it may come from a file). */
const MAX_QUOTED = 60;

export function quoteInput(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/** The range `text` names, with a note when it was normalized. Throws UsageError saying what is wrong. */
export function readTarget(text: string, role: TargetRole = 'target'): ParsedTarget {
  const fail = (problem: string): never => {
    throw new UsageError(`invalid ${role} ${quoteInput(text)}: ${problem}`);
  };
  const address = (part: string): number => {
    const parsed = parseIpv4Detailed(part);
    return parsed.ok ? parsed.value : fail(parsed.problem);
  };

  const trimmed = text.trim();
  if (trimmed === '') return fail(`it is empty; ${FORMS}`);
  if (trimmed.includes(':')) return fail('IPv6 is not supported; lanaudit scans IPv4 only');
  if (!/^[0-9./-]+$/.test(trimmed.replace(/\s*([/-])\s*/g, '$1'))) {
    return fail(/[a-z]/i.test(trimmed) ? `${FORMS}; host names are not accepted` : FORMS);
  }

  const slash = trimmed.split('/');
  if (slash.length > 2) return fail('more than one "/"');
  if (slash.length === 2) {
    const [addressText = '', prefixText = ''] = slash.map((s) => s.trim());
    if (addressText.includes('-')) return fail('a range cannot have a prefix length');
    const base = address(addressText);
    if (!/^(0|[1-9][0-9]?)$/.test(prefixText) || Number(prefixText) > 32) {
      return fail(`prefix length ${quoteInput(prefixText)} is not a whole number 0-32`);
    }
    const prefix = Number(prefixText);
    const block = cidrBlock(base, prefix);
    const note =
      block.first === base
        ? undefined
        : `${trimmed} has host bits set; it means ${formatIpv4(block.first)}/${prefix}`;
    // Excluding a subnet means all of it; only a scan target drops network and broadcast addresses.
    const range = role === 'exclusion' ? block : cidrHosts(base, prefix);
    return note === undefined ? { range } : { range, note };
  }

  const dash = trimmed.split('-');
  if (dash.length > 2) return fail('more than one "-"');
  if (dash.length === 2) {
    const [startText = '', endText = ''] = dash.map((s) => s.trim());
    if (startText === '') return fail('the range has no start');
    if (endText === '') return fail('the range has no end');
    const first = address(startText);
    let last: number;
    if (endText.includes('.')) {
      last = address(endText);
    } else {
      const octet = parseOctet(endText);
      if (!octet.ok) return fail(`range end: ${octet.problem}`);
      last = first - (first % 256) + octet.value;
    }
    if (last < first) {
      return fail(`the range ends (${formatIpv4(last)}) before it starts (${formatIpv4(first)})`);
    }
    return { range: { first, last } };
  }

  const single = address(trimmed);
  return { range: { first: single, last: single } };
}

/**
 * The addresses `text` names (inclusive range). A CIDR target up to /30 leaves out its network and
 * broadcast addresses; a CIDR exclusion removes the whole block. Throws UsageError quoting the input
 * and saying what is wrong.
 */
export function parseTarget(text: string, role: TargetRole = 'target'): Ipv4Range {
  return readTarget(text, role).range;
}
