/** IPv4 addresses as unsigned 32-bit integers: strict parsing, formatting, and the address classes scope cares about. */
import type { Ipv4Range } from './types.js';

export const MAX_IPV4 = 0xffff_ffff;

/** A number read from text, or why the text is not one. */
export type ParseResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly problem: string };

/** An octet's text is echoed in messages; a hostile 10 kB "octet" must not be. */
const MAX_ECHO = 12;

function echo(text: string): string {
  return JSON.stringify(text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text);
}

/**
 * The octet's value, or why `text` is not one. Decimal only: "010" and "0x1" are refused, since
 * inet_aton() reads them as octal and hex, so the same text would mean another host to another tool.
 */
export function parseOctet(text: string): ParseResult {
  if (text === '') return { ok: false, problem: 'an octet is empty' };
  if (!/^[0-9]+$/.test(text)) return { ok: false, problem: `octet ${echo(text)} is not a decimal number` };
  if (text.length > 1 && text.startsWith('0')) {
    return { ok: false, problem: `octet ${echo(text)} has a leading zero (some tools read that as octal)` };
  }
  if (text.length > 3 || Number(text) > 255) {
    return { ok: false, problem: `octet ${text.length > MAX_ECHO ? echo(text) : text} is out of range 0-255` };
  }
  return { ok: true, value: Number(text) };
}

/** Strict dotted quad with the reason when it is not one (no shorthand like "10.1", no octal or hex octets). */
export function parseIpv4Detailed(text: string): ParseResult {
  if (text === '') return { ok: false, problem: 'the address is empty' };
  const parts = text.split('.');
  if (parts.length !== 4) {
    return { ok: false, problem: `expected 4 octets separated by dots, found ${parts.length}` };
  }
  let value = 0;
  for (const part of parts) {
    const octet = parseOctet(part);
    if (!octet.ok) return octet;
    value = value * 256 + octet.value;
  }
  return { ok: true, value };
}

/** The address as an unsigned 32-bit integer, or null when `text` is not a strict dotted quad. */
export function parseIpv4(text: string): number | null {
  const parsed = parseIpv4Detailed(text);
  return parsed.ok ? parsed.value : null;
}

export function isIpv4Number(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_IPV4;
}

export function formatIpv4(n: number): string {
  if (!isIpv4Number(n)) throw new RangeError(`not an IPv4 address number: ${n}`);
  return `${Math.floor(n / 0x100_0000)}.${Math.floor(n / 0x1_0000) % 256}.${Math.floor(n / 0x100) % 256}.${n % 256}`;
}

/** The block `prefix` bits long that contains `n`. Arithmetic, not bitwise: JS bit operators are signed 32-bit. */
export function cidrBlock(n: number, prefix: number): Ipv4Range {
  const size = 2 ** (32 - prefix);
  const first = n - (n % size);
  return { first, last: first + size - 1 };
}

/**
 * The addresses of `n`/`prefix` that can be hosts. RFC 3021: /31 and /32 have no network or broadcast
 * address; every other block loses both, since probing a broadcast address reaches the whole segment.
 */
export function cidrHosts(n: number, prefix: number): Ipv4Range {
  const block = cidrBlock(n, prefix);
  return prefix <= 30 ? { first: block.first + 1, last: block.last - 1 } : block;
}

/** The prefix length of a contiguous netmask ("255.255.255.0" → 24), or null when it is not one. */
export function netmaskPrefix(netmask: string): number | null {
  const mask = parseIpv4(netmask);
  if (mask === null) return null;
  for (let prefix = 0; prefix <= 32; prefix++) {
    if (mask === 2 ** 32 - 2 ** (32 - prefix)) return prefix;
  }
  return null;
}

/** A named block of the address space. */
export interface Ipv4Block {
  readonly cidr: string;
  readonly range: Ipv4Range;
  readonly what: string;
}

function block(cidr: string, what: string): Ipv4Block {
  const [address = '', prefix = ''] = cidr.split('/');
  const base = parseIpv4(address);
  if (base === null) throw new Error(`bad built-in block ${cidr}: this is a bug`);
  return { cidr, range: cidrBlock(base, Number(prefix)), what };
}

/** RFC 1918 private space. */
export const RFC1918_BLOCKS: readonly Ipv4Block[] = [
  block('10.0.0.0/8', 'RFC 1918 private'),
  block('172.16.0.0/12', 'RFC 1918 private'),
  block('192.168.0.0/16', 'RFC 1918 private'),
];

/** RFC 3927 link-local. */
export const LINK_LOCAL_BLOCK: Ipv4Block = block('169.254.0.0/16', 'link-local');

/** RFC 1122 loopback. */
export const LOOPBACK_BLOCK: Ipv4Block = block('127.0.0.0/8', 'loopback');

/**
 * Addresses no probe may ever be sent to: "this network" (RFC 1122), multicast (RFC 5771; probing it
 * reaches every listener on the segment), and the reserved 240/4 including limited broadcast (RFC 1112, RFC 919).
 */
export const NEVER_SCANNABLE_BLOCKS: readonly Ipv4Block[] = [
  block('0.0.0.0/8', '"this network"'),
  block('224.0.0.0/4', 'multicast'),
  block('240.0.0.0/4', 'reserved, including broadcast 255.255.255.255'),
];

function within(n: number, r: Ipv4Range): boolean {
  return n >= r.first && n <= r.last;
}

export function isRfc1918(n: number): boolean {
  return RFC1918_BLOCKS.some((b) => within(n, b.range));
}

export function isLinkLocal(n: number): boolean {
  return within(n, LINK_LOCAL_BLOCK.range);
}

export function isLoopback(n: number): boolean {
  return within(n, LOOPBACK_BLOCK.range);
}

/** The never-scannable block holding `n`, or null when `n` may be scanned (given permission for public space). */
export function neverScannableBlock(n: number): Ipv4Block | null {
  return NEVER_SCANNABLE_BLOCKS.find((b) => within(n, b.range)) ?? null;
}

export function isNeverScannable(n: number): boolean {
  return neverScannableBlock(n) !== null;
}
