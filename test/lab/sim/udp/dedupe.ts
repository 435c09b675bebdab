/**
 * Remembers queries for a short window. One multicast query reaches the simulator once per
 * device interface it arrives on (macvlans each get a copy); every device answers it once.
 */
import { createHash } from 'node:crypto';

export class QueryMemory {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number, private readonly maxEntries = 10_000) {}

  /** True the first time this query is seen within the window. */
  isNew(protocol: string, fromAddress: string, fromPort: number, payload: Buffer, now = Date.now()): boolean {
    const key = `${protocol}|${fromAddress}|${fromPort}|${createHash('sha1').update(payload).digest('hex')}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    if (this.seen.size >= this.maxEntries) this.forgetExpired(now);
    if (this.seen.size >= this.maxEntries) this.seen.clear();
    this.seen.set(key, now + this.windowMs);
    return true;
  }

  private forgetExpired(now: number): void {
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
  }
}
