import type { ChangeType, CompletedScan, DeviceState, TrackedDevice, TrackedFacts } from '../inventory/change-store.js';
import type { Placement } from '../infrastructure/place-devices.js';
import { currentLocation } from '../inventory/device-labels.js';
import type { Inventory } from '../inventory/inventory.js';
import type { ScanRecord } from '../inventory/types.js';
import { isObservationKind, type Observation } from '../observations/observation.js';
import { parseIpv4, rangesContain, type Ipv4Range } from '../scope/index.js';
import { addFact, emptyFacts, factsOf, linkScore, normalizeName, type DeviceFacts } from './device-facts.js';
import type { StateChange } from './state-change.js';

/** What change tracking reads and writes: its own tables, and the facts stored about each device. */
export type TrackedInventory = Pick<Inventory, 'changes' | 'devices'>;

export interface TrackOptions {
  /** A device is gone after this many completed scans that covered its address without seeing it. */
  readonly goneAfterScans: number;
  readonly now: Date;
}

/** A randomized MAC recognized as a device already known, and folded into it. */
export interface MacRotation {
  readonly deviceId: number;
  readonly from: string | null;
  readonly to: string;
}

export interface TrackResult {
  readonly counts: Readonly<Record<ChangeType, number>>;
  /** Devices the scan saw, after rotations were folded in. */
  readonly seen: readonly number[];
  readonly rotations: readonly MacRotation[];
  /** State changes that alert when the device is covered. */
  readonly changes: readonly StateChange[];
}

/** Compared field by field; a null old value is "not known yet", not a change, except for these. */
const FIELDS = ['ip', 'hostname', 'ports', 'firmware', 'model', 'status', 'covered', 'location'] as const satisfies readonly (keyof TrackedFacts)[];
const ALWAYS_COMPARED: ReadonlySet<string> = new Set(['ip', 'ports', 'status', 'covered']);

/**
 * Compares a completed scan with the inventory and stores what changed as events: devices new to
 * tracking, devices seen again after being gone, changed facts, and devices gone after
 * `goneAfterScans` completed scans that covered their address without seeing them. A device seen
 * under a new randomized MAC whose serial, UDN, mDNS instance or host name matches a known device
 * not seen in this scan is that device: merged, with one 'changed mac' event, never new + gone.
 * Call once per scan, inside a transaction, before marking it tracked.
 */
export function trackChanges(inventory: TrackedInventory, scan: ScanRecord, options: TrackOptions): TrackResult {
  const store = inventory.changes;
  const at = scan.finishedAt ?? options.now.toISOString();
  const counts: Record<ChangeType, number> = { new: 0, gone: 0, changed: 0, reappeared: 0 };
  const stateChanges: StateChange[] = [];
  const addEvent = (deviceId: number, type: ChangeType, field?: string, old?: string | null, value?: string | null) => {
    counts[type]++;
    return store.addEvent({ scanId: scan.id, deviceId, at, type, ...(field === undefined ? {} : { field, old: old ?? null, new: value ?? null }) });
  };

  const { facts, spans } = readScan(inventory, scan.id);
  const seen = new Set(store.scanDeviceIds(scan.id));
  const states = store.states();
  const rotations = linkRotations(inventory, seen, states, facts);
  for (const rotation of rotations) addEvent(rotation.deviceId, 'changed', 'mac', rotation.from, rotation.to);

  const devices = new Map(store.devices().map((d) => [d.id, d]));
  for (const id of seen) {
    const device = devices.get(id);
    if (device === undefined) continue;
    const state = states.get(id);
    const current = currentFacts(device, facts.get(id) ?? emptyFacts(), state);
    const span = spans.get(id);
    if (device.mac !== null && span !== undefined) store.noteMac(id, device.mac, span.first, span.last);

    if (state === undefined) {
      const event = addEvent(id, 'new');
      stateChanges.push({ deviceId: id, reason: 'new', stateVersion: `event:${event}` });
    } else {
      if (state.goneScanId !== null) {
        const event = addEvent(id, 'reappeared');
        stateChanges.push({ deviceId: id, reason: 'reappeared', stateVersion: `event:${event}` });
      }
      // A baseline device's facts were never recorded: this scan records them, silently.
      for (const field of state.baseline ? [] : FIELDS) {
        const old = state[field];
        const value = current[field];
        if (old === value || (old === null && !ALWAYS_COMPARED.has(field))) continue;
        if (field === 'hostname' && old !== null && value !== null && sameNames(old, value)) continue;
        const event = addEvent(id, 'changed', field, old, value);
        if (field === 'status' && value === 'covered') stateChanges.push({ deviceId: id, reason: 'newly-flagged', stateVersion: `event:${event}` });
      }
    }
    store.saveState({ deviceId: id, baseline: false, lastScanId: scan.id, goneScanId: null, ...current });
  }

  if (options.goneAfterScans >= 1) {
    for (const gone of goneDevices(inventory, scan, options, seen, states, devices)) {
      addEvent(gone.deviceId, 'gone');
      store.saveState({ ...gone, goneScanId: scan.id });
    }
  }
  return { counts, seen: [...seen], rotations, changes: stateChanges };
}

/** The scan's facts per device, and the span of time each device was seen in it. */
function readScan(inventory: TrackedInventory, scanId: number) {
  const facts = new Map<number, DeviceFacts>();
  const spans = new Map<number, { first: string; last: string }>();
  for (const fact of inventory.changes.scanFacts(scanId, isObservationKind)) {
    let deviceFacts = facts.get(fact.deviceId);
    if (deviceFacts === undefined) facts.set(fact.deviceId, (deviceFacts = emptyFacts()));
    const obs: Observation = {
      ip: fact.ip,
      kind: fact.kind,
      value: fact.value,
      source: fact.source,
      at: fact.at,
      ...(fact.mac === null ? {} : { mac: fact.mac }),
      ...(fact.port === null ? {} : { port: fact.port }),
    };
    addFact(deviceFacts, obs);
    const span = spans.get(fact.deviceId);
    if (span === undefined) spans.set(fact.deviceId, { first: fact.at, last: fact.at });
    else {
      if (fact.at < span.first) span.first = fact.at;
      if (fact.at > span.last) span.last = fact.at;
    }
  }
  return { facts, spans };
}

/**
 * Folds each device first met in this scan under a randomized MAC into the known randomized-MAC
 * device, not seen in this scan, that shares the most identity evidence with it (ties: the one
 * seen last). Two devices seen in the same scan are never one device.
 */
function linkRotations(
  inventory: TrackedInventory,
  seen: Set<number>,
  states: ReadonlyMap<number, DeviceState>,
  facts: Map<number, DeviceFacts>,
): MacRotation[] {
  const store = inventory.changes;
  const randomized = store.randomizedMacDevices();
  const newcomers = randomized.filter((d) => seen.has(d.id) && !states.has(d.id) && (facts.get(d.id)?.keys.size ?? 0) > 0);
  if (newcomers.length === 0) return [];
  // Known: tracked before. A MAC only an interrupted scan saw is no device tracking knows: linked to
  // it, the phone would be new while the device it is goes gone.
  const candidates = randomized
    .filter((d) => !seen.has(d.id) && states.has(d.id))
    .map((d) => ({ device: d, keys: factsOf(inventory.devices.observations(d.id)).keys }))
    .filter((c) => c.keys.size > 0);

  const rotations: MacRotation[] = [];
  for (const newcomer of newcomers) {
    const keys = facts.get(newcomer.id)?.keys ?? new Set<string>();
    let bestIndex = -1;
    let bestScore = 0;
    candidates.forEach((candidate, index) => {
      const score = linkScore(keys, candidate.keys);
      const incumbent = candidates[bestIndex];
      const later = incumbent !== undefined && candidate.device.lastSeen > incumbent.device.lastSeen;
      if (score > bestScore || (score > 0 && score === bestScore && later)) {
        bestIndex = index;
        bestScore = score;
      }
    });
    const [match] = bestIndex < 0 ? [] : candidates.splice(bestIndex, 1);
    if (match === undefined) continue;
    const into = match.device;
    store.mergeDevice(newcomer.id, into.id);
    seen.delete(newcomer.id);
    seen.add(into.id);
    const moved = facts.get(newcomer.id);
    facts.delete(newcomer.id);
    if (moved !== undefined) facts.set(into.id, moved);
    if (newcomer.mac !== null) rotations.push({ deviceId: into.id, from: into.mac, to: newcomer.mac });
  }
  return rotations;
}

function currentFacts(device: TrackedDevice, facts: DeviceFacts, state: DeviceState | undefined): TrackedFacts {
  const names = [...new Map([...facts.hostnames].map((n) => [n.toLowerCase(), n])).values()].sort();
  return {
    ip: device.ip,
    hostname: names.length > 0 ? names.join(', ') : (state?.hostname ?? null),
    ports: [...facts.ports].sort((a, b) => a - b).join(','),
    firmware: facts.firmware.size > 0 ? [...facts.firmware].sort().join(', ') : (state?.firmware ?? null),
    model: device.model ?? state?.model ?? null,
    status: device.status ?? 'unidentified',
    covered: device.covered,
    location: locationKey(currentLocation(facts.locations)) ?? state?.location ?? null,
  };
}

/**
 * A move is another switch, port or VLAN: a renamed switch or port alias, or a surer placement, is not one.
 * A 'low' placement is an uplink (the device is somewhere behind it, its access switch unread): no place.
 */
function locationKey(p: Placement | null): string | null {
  return p === null || p.confidence === 'low' ? null : `${p.switchAddress} ${p.port}${p.vlan === null ? '' : ` VLAN ${p.vlan}`}`;
}

/**
 * Tracked devices not seen in this scan whose address it covered, and that `goneAfterScans`
 * completed scans covering that address have now missed in a row. Scans that did not cover the
 * address (another subnet, an exclusion) do not count.
 */
function goneDevices(
  inventory: TrackedInventory,
  scan: ScanRecord,
  options: TrackOptions,
  seen: ReadonlySet<number>,
  states: ReadonlyMap<number, DeviceState>,
  devices: ReadonlyMap<number, TrackedDevice>,
): DeviceState[] {
  const store = inventory.changes;
  let history: CompletedScan[] | undefined;
  const gone: DeviceState[] = [];
  for (const state of states.values()) {
    const device = devices.get(state.deviceId);
    if (seen.has(state.deviceId) || state.goneScanId !== null || device === undefined || !coversIp(scan.ranges, device.ip)) continue;
    const lastSeenIn = state.lastScanId ?? store.lastCompletedScanOf(state.deviceId) ?? 0;
    history ??= store.completedScansAfter(0).filter((s) => s.id < scan.id);
    let missed = 1; // this scan
    for (let i = history.length - 1; i >= 0 && missed < options.goneAfterScans; i--) {
      const earlier = history[i];
      if (earlier === undefined || earlier.id <= lastSeenIn) break;
      if (coversIp(earlier.ranges, device.ip)) missed++;
    }
    if (missed >= options.goneAfterScans) gone.push({ ...state, lastScanId: lastSeenIn === 0 ? null : lastSeenIn });
  }
  return gone;
}

/** "Johns-iPhone.local" and "johns-iphone" are one name (mDNS and DNS spell it differently). */
function sameNames(a: string, b: string): boolean {
  const set = (text: string) => [...new Set(text.split(', ').map(normalizeName))].sort().join(',');
  return set(a) === set(b);
}

/** Whether a scan that covered `ranges` looked at `ip`. */
function coversIp(ranges: readonly Ipv4Range[], ip: string): boolean {
  const n = parseIpv4(ip);
  return n !== null && rangesContain(ranges, n);
}
