/**
 * Names of everything a lab creates. Every namespace of lab <id> starts with `la-<id>-`, so a crashed
 * run can be cleaned up by prefix alone. Ids have no '-', so `la-lab-` never matches `la-lab2-…`.
 * Interface names live inside the lab's own namespaces, so they are short and fixed (Linux caps them at 15).
 */
import { UsageError } from '../../../src/util/errors.js';

export const NAMESPACE_PREFIX = 'la-';
export const DEFAULT_LAB_ID = 'lab';
const ID_PATTERN = /^[a-z0-9]{1,12}$/;

export function checkLabId(id: string): string {
  if (!ID_PATTERN.test(id)) {
    throw new UsageError(`lab id ${JSON.stringify(id.slice(0, 40))} must be 1-12 lower-case letters or digits (no '-')`);
  }
  return id;
}

export function labPrefix(id: string): string {
  return `${NAMESPACE_PREFIX}${id}-`;
}

/** The lab id a namespace belongs to, or null when it is not a lab namespace. */
export function labIdOfNamespace(ns: string): string | null {
  const match = /^la-([a-z0-9]{1,12})-/.exec(ns);
  return match?.[1] ?? null;
}

export interface LabNames {
  readonly switch: string;
  readonly scanner: string;
  /** Namespace holding the devices of segment `i` (index in profile.segments). */
  devices(i: number): string;
  /** Router namespace in front of routed segment `i`. */
  router(i: number): string;
}

export function labNames(id: string): LabNames {
  const p = labPrefix(checkLabId(id));
  return {
    switch: `${p}sw`,
    scanner: `${p}scan`,
    devices: (i) => `${p}d${i}`,
    router: (i) => `${p}r${i}`,
  };
}

/** Interface names inside the lab's namespaces. */
export const ifname = {
  /** Segment i's bridge, in the switch namespace. */
  bridge: (i: number) => `br${i}`,
  /** Switch-side veth ends. */
  switchToScanner: 'v-scan',
  switchToDevices: (i: number) => `v-d${i}`,
  switchToRouterUp: (i: number) => `v-r${i}u`,
  switchToRouterHere: (i: number) => `v-r${i}h`,
  /** The scanner's only interface. */
  scanner: 'eth0',
  /** A router's leg on the scanner's segment, and on its own segment. */
  routerUp: 'eth0',
  routerHere: 'eth1',
  /** The veth a device namespace's macvlans hang from. */
  uplink: 'up0',
  /** Device in slot k of its segment namespace. */
  device: (slot: number) => `m${slot}`,
} as const;

/** Each device's replies are routed by a table of its own (see topology.ts); slot k uses table 1000+k. */
export function deviceTable(slot: number): number {
  return 1000 + slot;
}

export const DEVICE_RULE_PREF = 1000;

/**
 * The lab's own interfaces get fixed, locally administered MACs, so every device can be given a permanent
 * neighbour entry for the scanner and its router (see topology.ts). Profiles may not reuse them.
 */
export const labMac = {
  scanner: '02:1a:b0:00:00:02',
  routerUp: (segment: number) => `02:1a:b0:01:${(segment % 256).toString(16).padStart(2, '0')}:01`,
  routerHere: (segment: number) => `02:1a:b0:02:${(segment % 256).toString(16).padStart(2, '0')}:01`,
} as const;

/** Broadcasts queued per device namespace before macvlan drops them (kernel default 1,000). */
export const MACVLAN_BC_QUEUE = 20_000;
