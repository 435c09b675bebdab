/**
 * How many addresses a sweep may have in the kernel's neighbour table at once. The kernel refuses
 * new entries once the table holds gc_thresh3 of them ("neighbor table overflow!"), and its forced
 * GC evicts only entries nothing holds (net/core/neighbour.c, neigh_forced_gc): an INCOMPLETE entry
 * (ARP in progress, ~3 s) or a REACHABLE one (up to 1.5 × base_reachable_time = 45 s after the
 * host answered) holds its own timer. A sweep that makes more such entries than the table holds
 * loses the rest, however quickly it reads the table: their ARP requests are never sent (measured:
 * a 1,100-host segment swept at 85 addresses/s lost exactly the hosts past the 1,023rd).
 *
 * So the sweep counts its own held entries, from the table it polls anyway, and holds new address
 * starts only while that count nears a budget of half the table; the other half is for the hosts
 * this machine talks to and for other network namespaces, which share the table. Addresses off
 * the attached subnets make no entry (their packets go to a gateway) and are never held back.
 * On a /24, or on a sparse larger segment, the budget is never reached and nothing waits.
 */
import { networkInterfaces } from 'node:os';
import { parseIpv4 } from '../../scope/index.js';
import type { Clock } from '../../util/clock.js';

export const DEFAULT_GC_THRESH3 = 1024;
/** Addresses probed at once at most. */
export const ADDRESS_WINDOW = 256;
const TABLE_SHARE = 0.5;
/**
 * The longest an entry this sweep made stays unevictable after its address finished: a REACHABLE
 * entry's timer (45 s at most). Used only when the table's states cannot be read.
 */
export const UNEVICTABLE_MS = 45_000;

export interface TableBudget {
  /** The table size assumed (gc_thresh3, or the kernel default when unreadable). */
  readonly tableSize: number;
  /** Held entries this sweep may have at once. */
  readonly budget: number;
  /** Addresses in flight at most. */
  readonly window: number;
}

export function tableBudget(gcThresh3: number | null, wantedWindow = ADDRESS_WINDOW): TableBudget {
  const tableSize = gcThresh3 ?? DEFAULT_GC_THRESH3;
  const budget = Math.max(1, Math.floor(tableSize * TABLE_SHARE));
  return { tableSize, budget, window: Math.max(1, Math.min(wantedWindow, budget)) };
}

/** Whether packets to an address go straight to it on an attached subnet (and so make a neighbour entry). */
export type OnLinkTest = (ip: string) => boolean;

/** The IPv4 subnets of this host's interfaces (in the current network namespace). */
export function attachedSubnets(): OnLinkTest {
  const nets: { base: number; mask: number }[] = [];
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family !== 'IPv4' || a.internal) continue;
      const address = parseIpv4(a.address);
      const netmask = parseIpv4(a.netmask);
      if (address === null || netmask === null) continue;
      nets.push({ base: (address & netmask) >>> 0, mask: netmask });
    }
  }
  return (ip) => {
    const n = parseIpv4(ip);
    return n !== null && nets.some(({ base, mask }) => ((n & mask) >>> 0) === base);
  };
}

/**
 * This sweep's share of the neighbour table. With the table's states (`ip -j neigh`), the count is
 * the in-scope entries the last read saw held, plus the on-link addresses in flight or finished
 * since that read began that it did not list (their entries may have come after it); without them
 * (/proc/net/arp), every on-link address counts from its start until UNEVICTABLE_MS after it
 * finished, the most its entry can stay held.
 */
export class TableOccupancy {
  private lastRead: { readonly at: number; readonly held: ReadonlySet<string> } | null = null;
  private readonly inFlight = new Set<string>();
  /** On-link addresses that finished, with when, oldest first. */
  private finishes: { readonly ip: string; readonly at: number }[] = [];
  private held = false;

  constructor(
    private readonly budget: number,
    private readonly clock: Clock,
    private readonly onLink: OnLinkTest,
    private readonly waitMs: number,
    private readonly onFirstHold?: () => void,
  ) {}

  started(ip: string): void {
    if (this.onLink(ip)) this.inFlight.add(ip);
  }

  finished(ip: string): void {
    if (this.inFlight.delete(ip)) this.finishes.push({ ip, at: this.clock.now() });
  }

  /** A read of the table that began at `at` (clock time) and showed these in-scope addresses held; null: states unknown. */
  observe(at: number, held: readonly string[] | null): void {
    if (held === null) return;
    if (this.lastRead !== null && at < this.lastRead.at) return; // an older read finishing late
    this.lastRead = { at, held: new Set(held) };
    this.dropFinishedBefore(at);
  }

  /** Held entries this sweep has, or may have, right now. */
  count(): number {
    const now = this.clock.now();
    // A state count older than an entry can stay held says nothing any more (reads failing): bound by time instead.
    if (this.lastRead !== null && now - this.lastRead.at > UNEVICTABLE_MS) this.lastRead = null;
    if (this.lastRead === null) {
      this.dropFinishedBefore(now - UNEVICTABLE_MS);
      return this.inFlight.size + this.finishes.length;
    }
    const { held } = this.lastRead;
    let unseen = 0;
    for (const ip of this.inFlight) if (!held.has(ip)) unseen += 1;
    for (const f of this.finishes) if (!held.has(f.ip)) unseen += 1;
    return held.size + unseen;
  }

  /**
   * Resolves once one more address may start; rejects when `signal` aborts first. While the count
   * comes from the table, only a new read can lower it: `refresh` reads the table again (at most
   * one read per ~100 ms, shared with the poll); otherwise time lowers it.
   */
  async room(signal: AbortSignal, refresh: () => Promise<void>): Promise<void> {
    if (this.count() < this.budget) return;
    if (!this.held) {
      this.held = true;
      this.onFirstHold?.();
    }
    while (this.count() >= this.budget) {
      signal.throwIfAborted();
      const before = this.lastRead;
      if (before !== null) await refresh();
      // No newer read (none with states, or it failed): let time pass.
      if (before === null || this.lastRead === before) await this.clock.sleep(this.waitMs, signal);
    }
  }

  private dropFinishedBefore(at: number): void {
    const first = this.finishes.findIndex((f) => f.at >= at);
    this.finishes = first < 0 ? [] : this.finishes.slice(first);
  }
}

/** What the user should hear about the table before a sweep, if anything. */
export function tableWarnings(budget: TableBudget, gcThresh3: number | null): string[] {
  // Unreadable inside a network namespace other than the first (the sysctl lives in init_net only): the default is assumed.
  if (gcThresh3 === null || gcThresh3 >= DEFAULT_GC_THRESH3) return [];
  return [
    `the neighbour table holds only ${gcThresh3} entries (net.ipv4.neigh.default.gc_thresh3, default ${DEFAULT_GC_THRESH3}): ` +
      `the sweep keeps at most ${budget.budget} of them busy and probes ${budget.window} addresses at a time; ${raiseHint(budget)} allows more`,
  ];
}

/** Said once, the first time the sweep waits for the kernel to free entries. */
export function holdWarning(budget: TableBudget): string {
  return (
    `${budget.budget} of the sweep's neighbour entries are busy (half the kernel's table of ${budget.tableSize}, which keeps an answering host's entry up to 45 s): ` +
    `new addresses wait for entries to expire so no host is lost, and the sweep takes longer; ${raiseHint(budget)} allows a faster sweep`
  );
}

function raiseHint(budget: TableBudget): string {
  return `sysctl -w net.ipv4.neigh.default.gc_thresh3=${Math.max(4096, budget.tableSize * 4)}`;
}
