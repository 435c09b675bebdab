/**
 * The server's work after a push is acknowledged, and on a timer: fold pending sightings into
 * last_seen (sync/fold-sightings.ts), raise fleet alerts for waivers that ran out, deliver fleet
 * alerts. One chain of work at a time; a push only marks its site and wakes the chain, so the push
 * answers without waiting. The timer also finishes what a killed server left pending.
 */
import type { Target } from '../alerts/targets.js';
import type { Logger } from '../util/log.js';
import { deliverFleetAlerts } from './alerts/deliver-fleet-alerts.js';
import { raiseExpiredWaivers } from './alerts/raise-fleet-alerts.js';
import type { Pool } from './store/pool.js';
import { foldSightings } from './sync/fold-sightings.js';

export interface ServerJobs {
  /** A site's batch was applied: fold its sightings (and deliver any alert it raised) soon. */
  afterPush(siteId: number): void;
  /** Resolves when no work is queued or running. */
  idle(): Promise<void>;
}

export interface RunningJobs extends ServerJobs {
  /** Stops the timer and waits for the work in progress. */
  stop(): Promise<void>;
}

export interface JobOptions {
  readonly pool: Pool;
  readonly log: Logger;
  readonly targets: readonly Target[];
  readonly clock: { now(): Date };
  /** The timer's period (default 60 s). */
  readonly intervalMs?: number;
}

export function startJobs(o: JobOptions): RunningJobs {
  const dirty = new Set<number>();
  let chain: Promise<void> = Promise.resolve();
  let pendingRound = false;
  let stopped = false;

  const round = async (everything: boolean): Promise<void> => {
    const sites = [...dirty];
    dirty.clear();
    try {
      if (everything) await foldSightings(o.pool);
      else for (const site of sites) await foldSightings(o.pool, site);
      if (everything) await raiseExpiredWaivers(o.pool, o.clock.now());
      await deliverFleetAlerts(o.pool, o.targets, o.log);
    } catch (err) {
      // The database went away or a statement failed: what is pending stays pending for the next round.
      for (const site of sites) dirty.add(site);
      o.log.warn('server background work failed; retried on the next round', { error: (err as Error).message });
    }
  };
  const enqueue = (everything: boolean): void => {
    if (stopped) return;
    if (!everything && pendingRound) return;
    if (!everything) pendingRound = true;
    chain = chain.then(() => {
      if (!everything) pendingRound = false;
      return round(everything);
    });
  };

  const timer = setInterval(() => enqueue(true), o.intervalMs ?? 60_000);
  timer.unref();
  // A server that was killed left sightings and alerts pending: finish them now.
  enqueue(true);

  return {
    afterPush(siteId) {
      dirty.add(siteId);
      enqueue(false);
    },
    async idle() {
      let seen: Promise<void>;
      do {
        seen = chain;
        await seen;
      } while (seen !== chain);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
