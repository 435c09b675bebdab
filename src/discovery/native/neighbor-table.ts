/**
 * The kernel's neighbour (ARP) table: the MAC of every host on the segment that answered an ARP
 * request, including hosts that answer no TCP port at all. Pure parsers for the two ways Linux
 * shows it, and a reader that prefers `ip -j neigh` and falls back to /proc/net/arp.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { normalizeMac } from '../../observations/observation.js';
import { parseIpv4 } from '../../scope/index.js';

export interface NeighborEntry {
  /** Dotted quad. */
  readonly ip: string;
  /** Normalized MAC. */
  readonly mac: string;
  /**
   * Whole seconds since the kernel last confirmed the host answers (`ip -s`'s `confirmed`, rounded
   * down); absent when the source does not say (/proc/net/arp, `ip` without -s).
   */
  readonly confirmedSecondsAgo?: number;
}

/** NUD states whose link-layer address was confirmed at some point (include/uapi/linux/neighbour.h). */
const RESOLVED_STATES = new Set(['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'PERMANENT']);
const ZERO_MAC = '00:00:00:00:00:00';
/** ATF_COM in /proc/net/arp flags: the entry holds a resolved address (include/uapi/linux/if_arp.h). */
const ATF_COM = 0x02;

function entry(ip: unknown, lladdr: unknown, confirmed?: unknown): NeighborEntry | null {
  if (typeof ip !== 'string' || typeof lladdr !== 'string' || parseIpv4(ip) === null) return null;
  const mac = normalizeMac(lladdr);
  if (mac === null || mac === ZERO_MAC) return null;
  return typeof confirmed === 'number' && Number.isFinite(confirmed) && confirmed >= 0 ? { ip, mac, confirmedSecondsAgo: confirmed } : { ip, mac };
}

/**
 * Resolved IPv4 entries from `ip -j [-s] neigh show` output, with their confirmation age when -s
 * gave one; FAILED and INCOMPLETE entries (no answer) and IPv6 entries are left out. Throws when
 * the text is not the JSON array `ip -j` prints.
 */
export function parseIpNeighJson(text: string): NeighborEntry[] {
  return resolvedOf(neighRecords(text));
}

type NeighRecord = Record<string, unknown>;

/** The NUD states `ip -j` lists for an entry (none when the field is missing or malformed). */
function statesOf(record: NeighRecord): unknown[] {
  return Array.isArray(record.state) ? (record.state as unknown[]) : [];
}

/** The objects of `ip -j neigh` output, parsed once per read (both readings below use them). */
function neighRecords(text: string): NeighRecord[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('ip -j neigh did not print a JSON array');
  return (parsed as unknown[]).filter((item): item is NeighRecord => typeof item === 'object' && item !== null);
}

function resolvedOf(records: readonly NeighRecord[]): NeighborEntry[] {
  const entries: NeighborEntry[] = [];
  for (const record of records) {
    const states = statesOf(record);
    if (!states.some((state) => typeof state === 'string' && RESOLVED_STATES.has(state))) continue;
    const found = entry(record.dst, record.lladdr, record.confirmed);
    if (found !== null) entries.push(found);
  }
  return entries;
}

/**
 * NUD states in which the kernel cannot evict an entry to make room (net/core/neighbour.c,
 * neigh_forced_gc skips entries whose timer holds a reference): resolving (INCOMPLETE), confirmed
 * and not yet expired (REACHABLE), or being re-checked (DELAY, PROBE). STALE and FAILED entries go
 * as soon as the table needs the room.
 */
const HELD_STATES = new Set(['INCOMPLETE', 'REACHABLE', 'DELAY', 'PROBE']);
/**
 * The forced GC also spares any entry updated in the last 5 s (tref = jiffies - 5 * HZ), which
 * includes one that just turned STALE; `ip -s` shows `updated` in whole seconds, rounded down.
 */
const RECENT_UPDATE_SECONDS = 6;

/**
 * IPv4 addresses whose entries `ip -j -s neigh show` lists in a state the kernel cannot evict yet:
 * a held state, or any state but FAILED updated too recently (without `updated`, only held states count).
 */
export function parseHeldNeighbors(text: string): string[] {
  return heldOf(neighRecords(text));
}

function heldOf(records: readonly NeighRecord[]): string[] {
  const held: string[] = [];
  for (const record of records) {
    const states = statesOf(record);
    if (typeof record.dst !== 'string' || parseIpv4(record.dst) === null) continue;
    const heldState = states.some((st) => typeof st === 'string' && HELD_STATES.has(st));
    const recent = typeof record.updated === 'number' && record.updated <= RECENT_UPDATE_SECONDS && !states.includes('FAILED') && !states.includes('PERMANENT');
    if (heldState || recent) held.push(record.dst);
  }
  return held;
}

/**
 * IPv4 addresses the kernel is still resolving (INCOMPLETE in `ip -j -s neigh show`), with the
 * entry's `probes` counter: it rises by one with each ARP request sent, from a per-interface
 * starting value (ucast_solicit), so only a rise says a request was repeated.
 */
export function parseResolvingNeighbors(text: string): Map<string, number> {
  return resolvingOf(neighRecords(text));
}

function resolvingOf(records: readonly NeighRecord[]): Map<string, number> {
  const resolving = new Map<string, number>();
  for (const record of records) {
    const states = statesOf(record);
    if (!states.includes('INCOMPLETE') || typeof record.dst !== 'string' || parseIpv4(record.dst) === null) continue;
    if (typeof record.probes === 'number' && Number.isSafeInteger(record.probes)) resolving.set(record.dst, record.probes);
  }
  return resolving;
}

/** Resolved entries from /proc/net/arp ("IP address  HW type  Flags  HW address  Mask  Device"). */
export function parseProcNetArp(text: string): NeighborEntry[] {
  const entries: NeighborEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [ip, , flags, lladdr] = line.trim().split(/\s+/);
    if (flags === undefined || (Number.parseInt(flags, 16) & ATF_COM) === 0) continue;
    const found = entry(ip, lladdr);
    if (found !== null) entries.push(found);
  }
  return entries;
}

export type NeighborReader = () => Promise<NeighborEntry[]>;

export interface NeighborReaderOptions {
  /** Runs `ip -4 -j -s neigh show` and returns its stdout; injected in tests. */
  readonly runIp?: () => Promise<string>;
  /** Returns the text of /proc/net/arp; injected in tests. */
  readonly readProcArp?: () => Promise<string>;
  /** Told once when `ip` does not work and /proc/net/arp is read instead. */
  readonly onWarning?: (message: string) => void;
}

const IP_TIMEOUT_MS = 5_000;
// A table at the kernel's largest sensible size (tens of thousands of entries) still fits.
const IP_MAX_OUTPUT = 32 * 1024 * 1024;

function runIpNeigh(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'ip',
      // -s adds each entry's `updated` age, which decides whether the kernel may evict it, and its
      // `confirmed` age, which says whether the host answered during this scan.
      ['-4', '-j', '-s', 'neigh', 'show'],
      { timeout: IP_TIMEOUT_MS, maxBuffer: IP_MAX_OUTPUT, encoding: 'utf8' },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

/** A REACHABLE entry: the kernel keeps it (its timer holds a reference) until reachable_time ends. */
export interface ReachableEntry {
  readonly ip: string;
  readonly mac: string;
  /** The interface it is on, as `ip` names it. */
  readonly dev: string;
}

/** REACHABLE IPv4 entries with their interface (neighbor-release.ts may mark them STALE). */
function reachableOf(records: readonly NeighRecord[]): ReachableEntry[] {
  const reachable: ReachableEntry[] = [];
  for (const record of records) {
    const states = statesOf(record);
    if (!states.includes('REACHABLE') || typeof record.dev !== 'string') continue;
    const found = entry(record.dst, record.lladdr);
    if (found !== null) reachable.push({ ip: found.ip, mac: found.mac, dev: record.dev });
  }
  return reachable;
}

/** One read of the table: what it resolved, and which addresses it holds unevictably (null when the source does not show states). */
export interface NeighborTable {
  readonly resolved: NeighborEntry[];
  readonly held: string[] | null;
  /** Its REACHABLE entries; absent when the source does not show states. */
  readonly reachable?: readonly ReachableEntry[];
  /** Addresses still resolving, with their ARP request counter (parseResolvingNeighbors); absent when the source does not show it. */
  readonly resolving?: ReadonlyMap<string, number>;
}

export type NeighborTableReader = () => Promise<NeighborTable>;

/**
 * A reader that uses `ip -j neigh` while it works and /proc/net/arp from the first time it does not;
 * /proc/net/arp shows no NUD states, so its reads say nothing about which entries are held.
 */
export function createNeighborTableReader(options: NeighborReaderOptions = {}): NeighborTableReader {
  const runIp = options.runIp ?? runIpNeigh;
  const readProcArp = options.readProcArp ?? (() => readFile('/proc/net/arp', 'utf8'));
  let useIp = true;
  return async () => {
    if (useIp) {
      try {
        const records = neighRecords(await runIp());
        return { resolved: resolvedOf(records), held: heldOf(records), resolving: resolvingOf(records), reachable: reachableOf(records) };
      } catch (error) {
        useIp = false;
        options.onWarning?.(`\`ip -j neigh show\` did not work (${describe(error)}); reading /proc/net/arp instead`);
      }
    }
    return { resolved: parseProcNetArp(await readProcArp()), held: null };
  };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

/** The kernel's hard limit on neighbour entries (net.ipv4.neigh.default.gc_thresh3), or null if unreadable. */
export async function readGcThresh3(path = '/proc/sys/net/ipv4/neigh/default/gc_thresh3'): Promise<number | null> {
  try {
    const value = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/**
 * Times the kernel refused a new neighbour entry because the table was full, summed over CPUs
 * (/proc/net/stat/arp_cache, column table_fulls); null when the file cannot be read or parsed.
 */
export function parseTableFulls(text: string): number | null {
  const [header, ...rows] = text.trim().split('\n');
  const column = header?.trim().split(/\s+/).indexOf('table_fulls') ?? -1;
  if (column < 0) return null;
  let total = 0;
  for (const row of rows) {
    const value = Number.parseInt(row.trim().split(/\s+/)[column] ?? '', 16);
    if (!Number.isSafeInteger(value)) return null;
    total += value;
  }
  return total;
}

export async function readTableFulls(path = '/proc/net/stat/arp_cache'): Promise<number | null> {
  try {
    return parseTableFulls(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}
