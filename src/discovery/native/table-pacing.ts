/**
 * How fast a sweep may create neighbour entries. The kernel refuses new entries once the table
 * holds gc_thresh3 of them ("neighbor table overflow!"), and its forced GC evicts only entries
 * nothing holds (net/core/neighbour.c, neigh_forced_gc): a REACHABLE entry holds its own timer
 * until it turns STALE, up to 1.5 × base_reachable_time (30 s) = 45 s after the host answered.
 * So a sweep that finds more live hosts in 45 s than the table holds loses the rest, however
 * quickly it reads the table: their ARP requests are never sent (measured: a 1,100-host segment
 * swept at 85 addresses/s lost exactly the hosts past the 1,023rd). The sweep is paced so the
 * addresses it starts in any 45 s fill at most half the table; the other half is for the hosts
 * this machine talks to and for other network namespaces, which share the table.
 */
export const DEFAULT_GC_THRESH3 = 1024;
/** Addresses probed at once at most. */
export const ADDRESS_WINDOW = 256;
const UNEVICTABLE_SECONDS = 45;
const TABLE_SHARE = 0.5;

export interface Pacing {
  /** The table size assumed (gc_thresh3, or the kernel default when unreadable). */
  readonly tableSize: number;
  /** Addresses in flight at most. */
  readonly window: number;
  /** New addresses started per second on average. */
  readonly addressesPerSecond: number;
  /** Addresses that may start at once after a pause (a stalled event loop must not cost the rate). */
  readonly burst: number;
}

export function tablePacing(gcThresh3: number | null, wantedWindow = ADDRESS_WINDOW): Pacing {
  const tableSize = gcThresh3 ?? DEFAULT_GC_THRESH3;
  const budget = Math.max(1, Math.floor(tableSize * TABLE_SHARE));
  // A second's worth of burst: any 45 s then starts at most burst + 45·rate = 46·rate = budget addresses.
  const addressesPerSecond = budget / (UNEVICTABLE_SECONDS + 1);
  return {
    tableSize,
    window: Math.max(1, Math.min(wantedWindow, budget)),
    addressesPerSecond,
    burst: Math.max(1, Math.floor(addressesPerSecond)),
  };
}

/** What the user should hear about the pacing before a sweep of `scopeSize` addresses, if anything. */
export function pacingWarnings(pacing: Pacing, gcThresh3: number | null, scopeSize: number): string[] {
  const raise = `sysctl -w net.ipv4.neigh.default.gc_thresh3=${Math.max(4096, pacing.tableSize * 4)}`;
  const warnings: string[] = [];
  // Unreadable inside a network namespace other than the first (the sysctl lives in init_net only): the default is assumed.
  if (gcThresh3 !== null && gcThresh3 < DEFAULT_GC_THRESH3) {
    warnings.push(
      `the neighbour table holds only ${gcThresh3} entries (net.ipv4.neigh.default.gc_thresh3, default ${DEFAULT_GC_THRESH3}): ` +
        `the sweep probes ${pacing.window} addresses at a time, ${Math.floor(pacing.addressesPerSecond)} per second; ${raise} allows more`,
    );
  }
  if (scopeSize > pacing.burst + pacing.addressesPerSecond * UNEVICTABLE_SECONDS) {
    const minutes = scopeSize / pacing.addressesPerSecond / 60;
    warnings.push(
      `pacing the sweep to ${Math.floor(pacing.addressesPerSecond)} addresses per second (about ${minutes < 1 ? 'a minute' : `${Math.ceil(minutes)} minutes`}) ` +
        `so the kernel's neighbour table (${pacing.tableSize} entries) does not overflow and lose hosts; ${raise} allows a faster sweep`,
    );
  }
  return warnings;
}
