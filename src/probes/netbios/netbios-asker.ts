/**
 * NetBIOS names asked host by host as discovery finds them, so that the listening window of the
 * hosts found early overlaps the sweep of the rest instead of opening after it (#15). Hosts given
 * within BATCH_MS of each other share one exchange (one socket, one paced burst and its resends,
 * one window): a segment's hosts found together cost one window, and a large sweep holds a few
 * sockets, not one per host.
 */
import type { Observation } from '../../observations/observation.js';
import type { ProbeContext } from '../probe-context.js';
import { NETBIOS_PORT } from './netbios-codec.js';
import { runNetbiosNames } from './netbios-probe.js';

/** How long a batch waits for more hosts: short beside the ~1 s exchange it saves. */
const BATCH_MS = 50;
/** Hosts in one exchange at most (its replies are bounded per host). */
const BATCH_HOSTS = 256;

export interface NetbiosAsker {
  /** Asks `ip` its names; resolves with its hostname fact (or a malformed one), never rejects. */
  ask(ip: string): Promise<Observation[]>;
  /** Sends that failed so far (an exchange's errors, once each). */
  readonly errors: readonly string[];
}

export function netbiosAsker(ctx: ProbeContext, port = NETBIOS_PORT): NetbiosAsker {
  const errors: string[] = [];
  let batch: { ip: string; done: (o: Observation[]) => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const asked = batch;
    batch = [];
    void runNetbiosNames(
      asked.map((a) => a.ip),
      ctx,
      port,
    )
      .catch((err: unknown) => ({ observations: [], errors: [`netbios: ${err instanceof Error ? err.message : String(err)}`] }))
      .then((outcome) => {
        errors.push(...(outcome.errors ?? []));
        for (const a of asked) a.done(outcome.observations.filter((o) => o.ip === a.ip));
      });
  };
  return {
    errors,
    ask: (ip) =>
      new Promise((done) => {
        batch.push({ ip, done });
        if (batch.length >= BATCH_HOSTS) flush();
        else timer ??= setTimeout(flush, BATCH_MS);
      }),
  };
}
