import pLimit, { type LimitFunction } from 'p-limit';
import type { Observation } from '../../observations/observation.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { tcpConnect, type ConnectFn } from './tcp-connect.js';
import { TokenBucket } from '../../util/token-bucket.js';

export interface TcpProberOptions {
  /** Connection attempts in flight at once, across all hosts. */
  readonly concurrency: number;
  /** New connection attempts per second, across all hosts. */
  readonly rate: number;
  /** A bucket shared with the scan's other probes; else one of this prober's own at `rate`. */
  readonly bucket?: TokenBucket;
  readonly connectTimeoutMs: number;
  /** Injected in tests; a real socket otherwise. */
  readonly connect?: ConnectFn;
  /** Injected in tests so the rate cap can be checked on a virtual clock. */
  readonly clock?: Clock;
  /** Reported once per distinct local error code (EMFILE …): each one may hide a live host. */
  readonly onLocalError?: (code: string) => void;
}

/** What the TCP probe learned about one host. */
export interface HostTcpResult {
  readonly open: readonly number[];
  /** At least one port answered with an RST: the host is alive even if nothing is open. */
  readonly refused: boolean;
  /** How long the quickest answering attempt (open or refused) took from its start; null when none answered. */
  readonly answerMs: number | null;
}

/** Tries TCP ports on hosts under one shared concurrency limit and one shared rate cap. */
export class TcpProber {
  private readonly limit: LimitFunction;
  private readonly bucket: TokenBucket;
  private readonly connect: ConnectFn;
  private readonly reportedCodes = new Set<string>();

  constructor(private readonly options: TcpProberOptions) {
    if (!(options.concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, got ${options.concurrency}`);
    this.limit = pLimit(Math.floor(options.concurrency));
    this.bucket = options.bucket ?? new TokenBucket(options.rate, undefined, options.clock);
    this.connect = options.connect ?? tcpConnect;
  }

  /**
   * Tries every port of `ports` on `ip`; `onObservation` gets a 'tcp.open' as each open port is found.
   * After `signal` aborts, no new attempt starts and in-flight attempts end at once.
   */
  async probeHost(
    ip: string,
    ports: readonly number[],
    signal: AbortSignal,
    onObservation: (observation: Observation) => void,
  ): Promise<HostTcpResult> {
    const open: number[] = [];
    let refused = false;
    let answerMs: number | null = null;
    const clock = this.options.clock ?? systemClock;
    await Promise.all(
      ports.map((port) =>
        this.limit(async () => {
          if (signal.aborted) return;
          try {
            await this.bucket.take(signal);
          } catch {
            return; // aborted while waiting for the rate cap
          }
          const started = clock.now();
          const outcome = await this.connect(ip, port, this.options.connectTimeoutMs, signal);
          if (outcome.kind === 'open' || outcome.kind === 'refused') {
            const took = clock.now() - started;
            answerMs = answerMs === null ? took : Math.min(answerMs, took);
          }
          switch (outcome.kind) {
            case 'open':
              open.push(port);
              onObservation(tcpOpenObservation(ip, port));
              break;
            case 'refused':
              refused = true;
              break;
            case 'local-error':
              this.reportLocalError(outcome.code);
              break;
            case 'silent':
            case 'aborted':
              break;
          }
        }),
      ),
    );
    return { open, refused, answerMs };
  }

  private reportLocalError(code: string): void {
    if (this.reportedCodes.has(code)) return;
    this.reportedCodes.add(code);
    this.options.onLocalError?.(code);
  }
}

export function tcpOpenObservation(ip: string, port: number, at = new Date()): Observation {
  return { ip, kind: 'tcp.open', value: String(port), port, source: 'tcp', at: at.toISOString() };
}

/** A host that refused connections is alive; said only when no other observation shows it. */
export function tcpAliveObservation(ip: string, at = new Date()): Observation {
  return { ip, kind: 'alive', value: 'tcp-rst', source: 'tcp', at: at.toISOString() };
}
