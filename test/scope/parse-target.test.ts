import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/scope/ipv4.js';
import { parseTarget, readTarget } from '../../src/scope/parse-target.js';
import { UsageError } from '../../src/util/errors.js';

const ip = (text: string): number => {
  const n = parseIpv4(text);
  if (n === null) throw new Error(`test address ${text} does not parse`);
  return n;
};
const range = (first: string, last: string) => ({ first: ip(first), last: ip(last) });

/** The UsageError message parseTarget throws for `text`. */
function refusal(text: string, role?: 'target' | 'exclusion'): string {
  try {
    parseTarget(text, role);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseTarget: accepted forms', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.1', '10.0.0.254'],
    ['192.168.0.0/16', '192.168.0.1', '192.168.255.254'],
    ['10.0.0.0/30', '10.0.0.1', '10.0.0.2'],
    ['10.0.0.0/31', '10.0.0.0', '10.0.0.1'],
    ['10.0.0.9/32', '10.0.0.9', '10.0.0.9'],
    ['0.0.0.0/0', '0.0.0.1', '255.255.255.254'],
  ])('CIDR %s covers %s-%s (no network or broadcast up to /30)', (text, first, last) => {
    expect(parseTarget(text)).toEqual(range(first, last));
  });

  it('as an exclusion, a CIDR covers its whole block', () => {
    expect(parseTarget('10.0.0.0/24', 'exclusion')).toEqual(range('10.0.0.0', '10.0.0.255'));
    expect(parseTarget('10.0.0.77/24', 'exclusion')).toEqual(range('10.0.0.0', '10.0.0.255'));
    expect(parseTarget('10.0.0.1-50', 'exclusion')).toEqual(range('10.0.0.1', '10.0.0.50'));
  });

  it('normalizes host bits in a CIDR and says so', () => {
    const parsed = readTarget('10.0.0.77/24');
    expect(parsed.range).toEqual(range('10.0.0.1', '10.0.0.254'));
    expect(parsed.note).toBe('10.0.0.77/24 has host bits set; it means 10.0.0.0/24');
    expect(readTarget('10.0.0.0/24').note).toBeUndefined();
  });

  it.each([
    ['10.0.0.1-50', '10.0.0.1', '10.0.0.50'],
    ['10.0.0.7-7', '10.0.0.7', '10.0.0.7'],
    ['10.0.0.0-255', '10.0.0.0', '10.0.0.255'],
    ['10.0.0.1-10.0.1.20', '10.0.0.1', '10.0.1.20'],
    ['10.0.0.5-10.0.0.5', '10.0.0.5', '10.0.0.5'],
    ['10.0.0.1 - 50', '10.0.0.1', '10.0.0.50'],
  ])('range %j covers %s-%s inclusive', (text, first, last) => {
    expect(parseTarget(text)).toEqual(range(first, last));
  });

  it.each([
    ['10.0.0.7', '10.0.0.7'],
    ['  192.168.1.1\n', '192.168.1.1'],
  ])('single address %j', (text, address) => {
    expect(parseTarget(text)).toEqual(range(address, address));
  });
});

describe('parseTarget: refusals quote the input and say what is wrong', () => {
  it.each([
    ['10.0.0.300/24', 'invalid target "10.0.0.300/24": octet 300 is out of range 0-255'],
    ['foo', 'invalid target "foo": expected an IPv4 address (10.0.0.7), CIDR (10.0.0.0/24) or range'],
    ['printer.local', 'host names are not accepted'],
    ['10.0.0.1/33', 'invalid target "10.0.0.1/33": prefix length "33" is not a whole number 0-32'],
    ['10.0.0.1/', 'prefix length "" is not a whole number 0-32'],
    ['10.0.0.1/08', 'prefix length "08" is not a whole number 0-32'],
    ['10.0.0.0/24/8', 'more than one "/"'],
    ['10.0.0.50-10', 'invalid target "10.0.0.50-10": the range ends (10.0.0.10) before it starts (10.0.0.50)'],
    ['10.0.1.1-10.0.0.1', 'the range ends (10.0.0.1) before it starts (10.0.1.1)'],
    ['10.0.0.1-256', 'range end: octet 256 is out of range 0-255'],
    ['10.0.0.1-', 'the range has no end'],
    ['-10.0.0.1', 'the range has no start'],
    ['10.0.0.1-2-3', 'more than one "-"'],
    ['10.0.0.0-5/24', 'a range cannot have a prefix length'],
    ['', 'invalid target "": it is empty'],
    ['   ', 'it is empty'],
    ['10.0.0', 'invalid target "10.0.0": expected 4 octets separated by dots, found 3'],
    ['10.0.0.010', 'leading zero'],
    ['fe80::1', 'IPv6 is not supported'],
  ])('%j', (text, message) => {
    expect(refusal(text)).toContain(message);
  });

  it('does not blame host names for a comma-separated list', () => {
    expect(refusal('10.0.0.0/24,10.0.1.0/24')).toBe(
      'invalid target "10.0.0.0/24,10.0.1.0/24": expected an IPv4 address (10.0.0.7), CIDR (10.0.0.0/24) or range (10.0.0.1-50, 10.0.0.1-10.0.1.20)',
    );
  });

  it('names exclusions as exclusions', () => {
    expect(refusal('10.0.0.999', 'exclusion')).toBe('invalid exclusion "10.0.0.999": octet 999 is out of range 0-255');
  });

  it('bounds and escapes hostile input in the message', () => {
    const message = refusal(`\u001b[31m${'1'.repeat(5000)}`);
    expect(message.length).toBeLessThan(300);
    expect(message).not.toContain('\u001b');
    expect(message).toContain('\\u001b');
  });
});
