import { readFileSync } from 'node:fs';
import { RuntimeError } from '../util/errors.js';
import type { DiscoveryEngine, EngineName } from './engine.js';
import { nativeEngine } from './native/native-engine.js';
import { findNmap, NMAP_INSTALL_HINT } from './nmap/nmap-binary.js';
import { createNmapEngine } from './nmap/nmap-engine.js';

/** What decides the engine; read from the system by default, injected in tests. */
export interface EngineFacts {
  /** The nmap executable, or null when it is not on PATH. */
  readonly nmapPath: string | null;
  readonly uid: number | null;
  /** The effective capability set from /proc/self/status, or null when unreadable. */
  readonly capEff: bigint | null;
}

export interface EngineChoice {
  readonly engine: DiscoveryEngine;
  /** One line for the user: which engine and why. */
  readonly reason: string;
}

/** CAP_NET_RAW (include/uapi/linux/capability.h): raw and packet sockets, which ARP and ICMP probes need. */
const CAP_NET_RAW = 13n;

export function parseCapEff(status: string): bigint | null {
  const match = /^CapEff:\s*([0-9a-fA-F]{1,16})\s*$/m.exec(status);
  return match?.[1] !== undefined ? BigInt(`0x${match[1]}`) : null;
}

export function readEngineFacts(): EngineFacts {
  let capEff: bigint | null = null;
  try {
    capEff = parseCapEff(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    // not Linux, or /proc not mounted: fall back to the uid
  }
  return { nmapPath: findNmap(), uid: process.getuid?.() ?? null, capEff };
}

/**
 * Whether raw sockets are allowed. The kernel checks CAP_NET_RAW, not the uid: root in a container
 * that dropped the capability cannot open them, so the uid counts only when the capabilities are unknown.
 */
export function mayUseRawSockets(facts: EngineFacts): { readonly allowed: boolean; readonly why: string } {
  if (facts.capEff !== null) {
    const allowed = ((facts.capEff >> CAP_NET_RAW) & 1n) === 1n;
    const who = facts.uid === 0 ? 'root' : `uid ${facts.uid ?? 'unknown'}`;
    return { allowed, why: allowed ? `${who} with CAP_NET_RAW` : `${who} without CAP_NET_RAW` };
  }
  return facts.uid === 0 ? { allowed: true, why: 'root' } : { allowed: false, why: 'not root' };
}

/**
 * The discovery engine to use. 'auto' takes nmap when it is installed and may use raw sockets (so
 * it finds hosts by ARP, which sees hosts that answer no port), and the native engine otherwise.
 */
export function chooseEngine(requested: 'auto' | EngineName, facts: EngineFacts = readEngineFacts()): EngineChoice {
  const raw = mayUseRawSockets(facts);
  switch (requested) {
    case 'native':
      return { engine: nativeEngine, reason: 'native engine (TCP connects and the neighbour table), as asked' };
    case 'nmap': {
      if (facts.nmapPath === null) {
        throw new RuntimeError(`the nmap engine was asked for but nmap is not installed: ${NMAP_INSTALL_HINT}, or use --engine native`);
      }
      const caveat = raw.allowed
        ? ''
        : `; as ${raw.why} it cannot send ARP or ICMP and finds hosts by TCP connects only`;
      return { engine: createNmapEngine(facts.nmapPath), reason: `nmap engine (${facts.nmapPath}), as asked${caveat}` };
    }
    case 'auto':
      if (facts.nmapPath !== null && raw.allowed) {
        return {
          engine: createNmapEngine(facts.nmapPath),
          reason: `nmap engine (${facts.nmapPath}): installed, and this process (${raw.why}) may use raw sockets for ARP/ICMP host discovery`,
        };
      }
      if (facts.nmapPath === null) {
        return { engine: nativeEngine, reason: `native engine: nmap is not installed (${NMAP_INSTALL_HINT} for ARP host discovery)` };
      }
      return {
        engine: nativeEngine,
        reason: `native engine: nmap is installed but this process (${raw.why}) may not use raw sockets, and unprivileged nmap sees no more than TCP connects do`,
      };
  }
}
