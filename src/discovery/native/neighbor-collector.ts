import type { Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import type { Scope } from '../../scope/types.js';
import { sleep } from '../../util/sleep.js';
import type { NeighborEntry, NeighborReader } from './neighbor-table.js';

/**
 * Reads start at least this far apart: each spawns `ip`, which costs tens of milliseconds on a busy
 * host, and the kernel keeps the entry of a host that answered for 15 s at least, far longer than this.
 */
const MIN_READ_GAP_MS = 100;

/**
 * Collects the neighbour table while a sweep runs. The kernel evicts entries once the table is full
 * ("neighbor table overflow"), so a single read at the end would lose hosts on a large segment:
 * the table is polled, and read again as addresses finish, and each in-scope IP's MAC is reported
 * the first time it appears.
 *
 * Only entries that show the host answered during this scan count: Linux keeps STALE entries of
 * long-gone hosts while the table is below gc_thresh1 (128), so on a small LAN an entry alone would
 * keep a departed device present forever. An entry counts when the kernel confirmed it since the
 * collector started (its `confirmed` age), or when the host answered this scan's own traffic
 * (answered()); an entry without an age (/proc/net/arp) counts as it is.
 */
export class NeighborCollector {
  private readonly seen = new Set<string>();
  private readonly withMac = new Set<string>();
  /** In-scope entries last seen not confirmed during this scan, by IP: reported if the host answers us. */
  private readonly unconfirmed = new Map<string, string>();
  private readonly startedAt: number;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private warned = false;
  private lastReadStart = Number.NEGATIVE_INFINITY;
  /** When (clock time) the last read that succeeded began. */
  private lastDoneReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly scope: Scope,
    private readonly read: NeighborReader,
    private readonly emit: (observation: Observation) => void,
    private readonly onWarning?: (message: string) => void,
    /** Milliseconds, monotonic; injected in tests. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  /** Polls every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  /**
   * Reads the table once more. Calls made while a read runs share the one read queued after it,
   * so many addresses finishing together cost one read, and each is covered by a read that began
   * after it finished.
   */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.queued !== null) return this.queued;
    if (this.running !== null) {
      this.queued = this.running.then(() => {
        this.queued = null;
        return this.startRead();
      });
      return this.queued;
    }
    return this.startRead();
  }

  /** Whether a MAC was reported for `ip`. */
  hasMac(ip: string): boolean {
    return this.withMac.has(ip);
  }

  /** `ip` answered this scan's traffic: the MAC its entry holds is reported even if the kernel did not confirm it anew. */
  answered(ip: string): void {
    const mac = this.unconfirmed.get(ip);
    if (mac !== undefined && !this.stopped) this.report(ip, mac, new Date().toISOString());
  }

  /** One last read, then no more; none when a read that began at or after `since` (clock time) has already ended. */
  async stop(since = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.running !== null) await this.running;
    if (this.lastDoneReadAt < since) await this.refresh();
    this.stopped = true;
  }

  /** Stops at once without a last read (the scan was aborted). */
  halt(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.stopped = true;
  }

  private startRead(): Promise<void> {
    const read = this.readOnce().finally(() => {
      this.running = null;
    });
    this.running = read;
    return read;
  }

  private async readOnce(): Promise<void> {
    const wait = this.lastReadStart + MIN_READ_GAP_MS - performance.now();
    if (wait > 0) await sleep(wait);
    if (this.stopped) return;
    this.lastReadStart = performance.now();
    const readAt = this.now();
    let entries: NeighborEntry[];
    try {
      entries = await this.read();
    } catch (error) {
      if (!this.warned) {
        this.warned = true;
        const why = error instanceof Error ? error.message : String(error);
        this.onWarning?.(`cannot read the neighbour table (${why.slice(0, 200)}): hosts that answer no TCP port will be missed`);
      }
      return;
    }
    if (this.stopped) return;
    this.lastDoneReadAt = readAt;
    const at = new Date().toISOString();
    // `confirmed` is rounded down to whole seconds: an entry confirmed up to a second before the
    // start may still count, never one confirmed earlier.
    const sinceStart = (readAt - this.startedAt) / 1000;
    for (const { ip, mac, confirmedSecondsAgo } of entries) {
      if (!scopeContains(this.scope, ip)) continue;
      if (confirmedSecondsAgo !== undefined && confirmedSecondsAgo > sinceStart) {
        this.unconfirmed.set(ip, mac);
        continue;
      }
      this.unconfirmed.delete(ip);
      this.report(ip, mac, at);
    }
  }

  private report(ip: string, mac: string, at: string): void {
    const key = `${ip} ${mac}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.withMac.add(ip);
    this.emit({ ip, mac, kind: 'mac', value: mac, source: 'neigh', at });
  }
}
