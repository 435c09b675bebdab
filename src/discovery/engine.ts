import type { Observation } from '../observations/observation.js';
import type { Scope } from '../scope/types.js';
import type { TokenBucket } from '../util/token-bucket.js';

export type EngineName = 'native' | 'nmap';

export interface DiscoveryOptions {
  /** TCP ports to try on every address. */
  readonly ports: readonly number[];
  /** Per connection attempt. */
  readonly connectTimeoutMs: number;
  /** Connection attempts in flight at once. */
  readonly concurrency: number;
  /** Cap on new probes (connection attempts / packets) per second across the whole scan. */
  readonly rate: number;
  /**
   * The scan's one bucket for that cap, shared with the identification probes that run while the
   * sweep goes on (native engine). nmap paces itself (--max-rate) and cannot share it.
   */
  readonly bucket?: TokenBucket;
  /** nmap engine: add -sV service detection. */
  readonly deep: boolean;
  /** Called as addresses finish; `done` counts addresses, not ports. */
  readonly onProgress?: (progress: { done: number; total: number }) => void;
  /** Non-fatal problems worth telling the user (a method unavailable, a table overflow seen). */
  readonly onWarning?: (message: string) => void;
}

/** A discovery method. It yields observations as it finds them and stops early when `signal` aborts. */
export interface DiscoveryEngine {
  readonly name: EngineName;
  discover(scope: Scope, options: DiscoveryOptions, signal: AbortSignal): AsyncIterable<Observation>;
}
