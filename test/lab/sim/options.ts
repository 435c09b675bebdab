/**
 * Simulator settings. Real runs use the defaults (the vendors' well-known ports, multicast on);
 * unit tests move UDP ports and switch multicast off so they run on 127.0.0.x without a namespace.
 */
export interface UdpPorts {
  snmp: number;
  ssdp: number;
  wsd: number;
  sadp: number;
  dhip: number;
  mdns: number;
  netbios: number;
  dns: number;
}

export interface SimLimits {
  /** A connection with no bytes from the client for this long is closed. */
  idleMs: number;
  /** Hard cap on any one connection's life (endless/drip/silent services included). */
  lifetimeMs: number;
  /** Bytes a client may send on one connection before it is cut off. */
  readCapBytes: number;
  /** Concurrent connections per listener. */
  maxConnections: number;
  /** How long a discovery query is remembered, so copies arriving on several interfaces get one answer. */
  dedupeMs: number;
}

export interface SimOptions {
  ports?: Partial<UdpPorts>;
  /** Join the discovery groups and answer multicast queries (needs a namespace); default true. */
  multicast?: boolean;
  limits?: Partial<SimLimits>;
  /** Where problems go; default: one line on stderr. */
  log?: (message: string) => void;
}

export interface ResolvedOptions {
  ports: UdpPorts;
  multicast: boolean;
  limits: SimLimits;
  log: (message: string) => void;
}

export const WELL_KNOWN_PORTS: UdpPorts = { snmp: 161, ssdp: 1900, wsd: 3702, sadp: 37020, dhip: 37810, mdns: 5353, netbios: 137, dns: 53 };

export const DEFAULT_LIMITS: SimLimits = {
  idleMs: 30_000,
  lifetimeMs: 300_000,
  readCapBytes: 256 * 1024,
  maxConnections: 256,
  dedupeMs: 2_000,
};

export function resolveOptions(options: SimOptions = {}): ResolvedOptions {
  return {
    ports: { ...WELL_KNOWN_PORTS, ...options.ports },
    multicast: options.multicast ?? true,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    log: options.log ?? ((message) => process.stderr.write(`sim: ${message}\n`)),
  };
}

/** A bounded, printable excerpt of hostile bytes for a log line. */
export function excerpt(bytes: Buffer | string, max = 80): string {
  const text = typeof bytes === 'string' ? bytes : bytes.subarray(0, max).toString('latin1');
  return JSON.stringify(text.slice(0, max));
}
