/** What a scan may touch. Addresses are IPv4 as unsigned 32-bit integers; ranges are inclusive. */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

export interface Scope {
  /** Sorted, merged, exclusions already removed. */
  readonly ranges: readonly Ipv4Range[];
  /** Number of addresses in `ranges`. */
  readonly size: number;
  /** What was asked for, as the user wrote it or as chosen from interfaces ("10.0.0.0/24 (eth0)"); stored with the scan. */
  readonly labels: readonly string[];
  /** Exclusions as given, for the record. */
  readonly excluded: readonly string[];
}

export interface ScopeRequest {
  /** CIDRs, ranges ("10.0.0.1-50", "10.0.0.1-10.0.1.20") or single addresses; empty = this host's attached private subnets. */
  readonly targets: readonly string[];
  readonly exclude: readonly string[];
  /** Refuse scopes larger than this (default 65,536). */
  readonly maxHosts?: number;
  /** Allow addresses outside RFC 1918 / link-local. */
  readonly allowPublic?: boolean;
  /** With no targets, include attached 169.254/16 subnets too. */
  readonly linkLocal?: boolean;
  /** Injected for tests; defaults to os.networkInterfaces(). */
  readonly interfaces?: NodeJS.Dict<import('node:os').NetworkInterfaceInfo[]>;
}

export interface ScopeChoice {
  readonly scope: Scope;
  /** Human lines: which interfaces/subnets were chosen and which skipped, and why. */
  readonly notes: readonly string[];
}
