/**
 * Bounds what each sender adds to one discovery probe's facts. A multicast probe hears whoever
 * answers, as often and as large as they like: without a bound per address, one device's flood
 * of distinct answers grows memory and buries its neighbours' answers. Duplicates are dropped
 * silently; facts over a bound are counted, and each sender that went over gets one finding.
 */
import type { Observation } from '../../observations/observation.js';
import { type ProbeContext, observe } from '../probe-context.js';

export interface SenderLimits {
  /** Facts kept per sender address (an honest device gives a few dozen at most). */
  readonly perSender: number;
  /** Distinct values kept per kind per sender (instance names, LOCATIONs, …). */
  readonly perKind: number;
  /** Facts kept per probe, all senders together: the memory bound when many addresses flood at once. */
  readonly total: number;
}

export const SENDER_LIMITS: SenderLimits = { perSender: 256, perKind: 32, total: 16_384 };

export class SenderBudget {
  private readonly kept: Observation[] = [];
  private readonly seen = new Set<string>();
  private readonly bySender = new Map<string, number>();
  private readonly valuesByKind = new Map<string, Set<string>>();
  /** "ip\0source" → facts dropped over a bound. */
  private readonly dropped = new Map<string, number>();

  constructor(private readonly limits: SenderLimits = SENDER_LIMITS) {}

  /** Keeps `o` unless it repeats a kept fact or its sender is over a bound. */
  offer(o: Observation): void {
    const key = `${o.ip}\u0000${o.kind}\u0000${o.port ?? ''}\u0000${o.value}`;
    if (this.seen.has(key)) return;
    const kindKey = `${o.ip}\u0000${o.kind}`;
    const values = this.valuesByKind.get(kindKey) ?? new Set<string>();
    const over =
      this.kept.length >= this.limits.total ||
      (this.bySender.get(o.ip) ?? 0) >= this.limits.perSender ||
      (!values.has(o.value) && values.size >= this.limits.perKind);
    if (over) {
      const at = `${o.ip}\u0000${o.source}`;
      this.dropped.set(at, (this.dropped.get(at) ?? 0) + 1);
      return;
    }
    this.seen.add(key);
    values.add(o.value);
    this.valuesByKind.set(kindKey, values);
    this.bySender.set(o.ip, (this.bySender.get(o.ip) ?? 0) + 1);
    this.kept.push(o);
  }

  /** The facts kept, then one 'malformed' finding per sender (and source) that went over a bound. */
  facts(ctx: Pick<ProbeContext, 'now'>): Observation[] {
    const { perSender, perKind } = this.limits;
    const floods = [...this.dropped].map(([at, n]) => {
      const [ip = '', source = ''] = at.split('\u0000');
      const value = `flood: ${n} more facts dropped (at most ${perSender} per address, ${perKind} distinct values per kind)`;
      return observe(ctx, { ip, kind: 'malformed', source, value });
    });
    return [...this.kept, ...floods];
  }
}
