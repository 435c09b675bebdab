/**
 * The lab's programmatic API, for tests, benchmarks and the demo:
 *
 *   await withLab('site-small', async (lab) => {
 *     const r = await lab.exec(['lanaudit', 'scan', '10.77.0.0/24']);
 *   }, { id: 'mytest' });
 *
 * A lab is a set of network namespaces named `la-<id>-*` (see network/topology.ts) plus state under
 * /run/lanaudit-lab/<id>/. `withLab` always tears down; `upLab` tears down what it built if it fails.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { RuntimeError, UsageError } from '../../src/util/errors.js';
import { planSegments, resolveDevices, type AddressPlan, type ResolvedDevice, type ResolvedProfile } from './network/address-plan.js';
import { checkProfile, loadProfile, parseDevice, type LoadedProfile } from './network/load-profile.js';
import { checkLabId, DEFAULT_LAB_ID, labNames, labPrefix } from './network/naming.js';
import { isAlive, isSimulator, terminate } from './network/processes.js';
import { ipBatch, listNamespaces, run, setSysctls, type RunOptions, type RunResult } from './network/run.js';
import { greetIpv6Neighbours } from './network/ipv6-neighbours.js';
import { startRouterAgents } from './network/router-agent.js';
import { startSimulator } from './network/simulator.js';
import { forgetLab, loadResolvedProfile, loadState, saveLab, saveState, type LabState } from './network/state.js';
import { downLab } from './network/teardown.js';
import { assignSlots, deviceDownLines, deviceUpLines, labScripts, scannerAddress, segmentOf, slotOf } from './network/topology.js';
import type { deviceSchema, profileSchema } from './profile-schema.js';

export type { ResolvedDevice, ResolvedProfile } from './network/address-plan.js';
export type ProfileInput = z.input<typeof profileSchema>;
export type DeviceInput = z.input<typeof deviceSchema>;
export type ExecResult = RunResult;
export type ExecOptions = RunOptions;

export interface LabOptions {
  /** 1-12 lower-case letters/digits; default "lab". Tests use their own so labs can coexist. */
  readonly id?: string;
  /** Start the device simulators (default true); false = ARP and ping only. */
  readonly sim?: boolean;
  /** How long a simulator may take to print `ready` (default 60 s). */
  readonly readyTimeoutMs?: number;
}

export interface LabTimings {
  /** Namespaces, links, addresses, rules and routes. */
  readonly networkMs: number;
  /** Simulators started and ready. */
  readonly simulatorsMs: number;
}

export interface Lab {
  readonly id: string;
  readonly profile: ResolvedProfile;
  /** Every device with its segment and IP decided, and its ground truth. */
  readonly devices: readonly ResolvedDevice[];
  readonly scannerNamespace: string;
  readonly scannerAddress: string;
  /** All namespaces of this lab. */
  readonly namespaces: readonly string[];
  /** Things a user should know (e.g. a kernel limit the profile is close to). */
  readonly warnings: readonly string[];
  /** Runs a command in the scanner's namespace and collects its output. */
  exec(cmd: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Starts a command in the scanner's namespace; the caller owns the process. */
  spawnInScanner(cmd: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Brings one more device up (its simulator segment restarts to serve it). */
  add(device: DeviceInput): Promise<ResolvedDevice>;
  /** Takes a device off the network. */
  remove(deviceId: string): Promise<void>;
  /** Whether each segment's simulator is running (segment name → alive). */
  simulators(): Record<string, boolean>;
  down(): Promise<void>;
}

const DEFAULT_READY_TIMEOUT_MS = 60_000;
const GIVEN_IN_CODE = '(profile given in code)';

/**
 * The kernel's neighbour (ARP) table is shared by every namespace and capped by the root namespace's
 * gc_thresh3; a scanner meeting more hosts than fit loses entries. The lab never changes host settings.
 */
function neighbourWarnings(deviceCount: number): string[] {
  let limit: number;
  try {
    limit = Number(readFileSync('/proc/sys/net/ipv4/neigh/default/gc_thresh3', 'utf8'));
  } catch {
    return [];
  }
  if (!(deviceCount + 64 > limit)) return [];
  return [
    `${deviceCount} devices, but the kernel's ARP table (shared by all namespaces) holds at most ${limit} entries; ` +
      `a scan may see "neighbour table overflow". To raise it: sysctl -w net.ipv4.neigh.default.gc_thresh3=${
        Math.ceil((deviceCount * 2) / 1024) * 1024 + 1024
      } (a setting of this host; the lab does not change it)`,
  ];
}

class RunningLab implements Lab {
  readonly scannerNamespace: string;
  readonly scannerAddress: string;

  constructor(
    readonly id: string,
    private state: LabState,
    public profile: ResolvedProfile,
    private readonly plan: AddressPlan,
    readonly namespaces: readonly string[],
    readonly warnings: readonly string[],
    private readonly readyTimeoutMs: number,
  ) {
    this.scannerNamespace = labNames(id).scanner;
    this.scannerAddress = scannerAddress(plan);
  }

  get devices(): readonly ResolvedDevice[] {
    return this.profile.devices;
  }

  exec(cmd: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (cmd.length === 0) throw new UsageError('exec needs a command');
    return run('ip', ['netns', 'exec', this.scannerNamespace, ...cmd], options);
  }

  spawnInScanner(cmd: readonly string[], options: SpawnOptions = {}): ChildProcess {
    if (cmd.length === 0) throw new UsageError('spawnInScanner needs a command');
    return spawn('ip', ['netns', 'exec', this.scannerNamespace, ...cmd], options);
  }

  async add(input: DeviceInput): Promise<ResolvedDevice> {
    const device = parseDevice(input, 'device');
    const resolved = resolveDevices(this.plan, [device], this.profile.devices, () => 'device');
    if (!resolved.ok) throw new UsageError(resolved.problems.join('\n'));
    const added = resolved.devices[0] as ResolvedDevice;
    const seg = segmentOf(this.plan, added);
    const used = new Set(this.profile.devices.filter((d) => d.segment === added.segment).map((d) => slotOf(this.slots(), d.id)));
    let slot = 0;
    while (used.has(slot)) slot++;
    await ipBatch(labNames(this.id).devices(seg.index), deviceUpLines(this.plan, added, slot));
    this.commit({ ...this.profile, devices: [...this.profile.devices, added] }, { ...this.state.slots, [added.id]: slot });
    await this.restartSimulator(seg.index);
    return added;
  }

  async remove(deviceId: string): Promise<void> {
    const device = this.profile.devices.find((d) => d.id === deviceId);
    if (device === undefined) {
      throw new UsageError(`lab "${this.id}" has no device "${deviceId}"`);
    }
    const seg = segmentOf(this.plan, device);
    await ipBatch(labNames(this.id).devices(seg.index), deviceDownLines(device, slotOf(this.slots(), deviceId)));
    const { [deviceId]: _gone, ...slots } = this.state.slots;
    this.commit({ ...this.profile, devices: this.profile.devices.filter((d) => d.id !== deviceId) }, slots);
    await this.restartSimulator(seg.index);
  }

  simulators(): Record<string, boolean> {
    return Object.fromEntries(Object.entries(this.state.simulators).map(([segment, pid]) => [segment, isAlive(pid)]));
  }

  async down(): Promise<void> {
    await downLab(this.id);
  }

  /** Brings up every segment's simulator (segments with no device get none). */
  async startSimulators(): Promise<void> {
    await Promise.all(this.plan.segments.map((seg) => this.restartSimulator(seg.index)));
  }

  private slots(): ReadonlyMap<string, number> {
    return new Map(Object.entries(this.state.slots));
  }

  private commit(profile: ResolvedProfile, slots: Record<string, number>): void {
    this.profile = profile;
    this.state = { ...this.state, slots };
    saveLab(this.state, profile);
  }

  /** The simulator reads the profile once, at start; a changed segment gets a fresh one. */
  private async restartSimulator(segmentIndex: number): Promise<void> {
    if (!this.state.sim) return;
    const seg = this.plan.segments[segmentIndex];
    if (seg === undefined) return;
    const name = seg.segment.name;
    const old = this.state.simulators[name];
    if (old !== undefined && isSimulator(old)) await terminate([old]);
    const { [name]: _old, ...others } = this.state.simulators;
    this.state = { ...this.state, simulators: others };
    if (this.profile.devices.some((d) => d.segment === name)) {
      const pid = await startSimulator({
        id: this.id,
        namespace: labNames(this.id).devices(segmentIndex),
        segment: name,
        segmentIndex,
        readyTimeoutMs: this.readyTimeoutMs,
      });
      // Re-read: simulators of other segments may have been recorded while this one started.
      this.state = { ...this.state, simulators: { ...this.state.simulators, [name]: pid } };
    }
    saveState(this.state);
  }

  /** Timings of the last `upLab`, for the CLI and benchmarks. */
  timings: LabTimings = { networkMs: 0, simulatorsMs: 0 };
}

function load(profile: string | ProfileInput): LoadedProfile {
  return typeof profile === 'string' ? loadProfile(profile) : checkProfile(profile, GIVEN_IN_CODE);
}

/** Builds the lab and (unless `sim: false`) starts its simulators. */
export async function upLab(profile: string | ProfileInput, options: LabOptions = {}): Promise<Lab & { timings: LabTimings }> {
  const id = checkLabId(options.id ?? DEFAULT_LAB_ID);
  const loaded = load(profile);
  const existing = (await listNamespaces()).filter((ns) => ns.startsWith(labPrefix(id)));
  if (existing.length > 0) {
    throw new UsageError(`lab "${id}" is already up (${existing.join(', ')}); take it down first: npm run lab -- down --id ${id}`);
  }
  forgetLab(id); // state of a lab whose namespaces are gone is stale

  const devices = loaded.profile.devices;
  const slots = assignSlots(devices);
  const scripts = labScripts(id, loaded.plan, devices, slots, loaded.profile.ipv6 ?? false);
  const state: LabState = {
    version: 1,
    id,
    source: loaded.source,
    sim: options.sim ?? true,
    createdAt: new Date().toISOString(),
    slots: Object.fromEntries(slots),
    simulators: {},
  };
  saveLab(state, loaded.profile);
  const lab = new RunningLab(
    id,
    state,
    loaded.profile,
    loaded.plan,
    scripts.namespaces,
    neighbourWarnings(devices.length),
    options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
  );
  try {
    const started = performance.now();
    await ipBatch(null, scripts.namespaces.map((ns) => `netns add ${ns}`));
    const all = [scripts.switchScript, ...scripts.others];
    await Promise.all(all.map((s) => setSysctls(s.ns, s.sysctls)));
    await ipBatch(scripts.switchScript.ns, scripts.switchScript.batch);
    await Promise.all(scripts.others.map((s) => ipBatch(s.ns, s.batch)));
    const built = performance.now();
    await Promise.all([lab.startSimulators(), startRouterAgents(id, loaded.plan)]);
    if (loaded.profile.ipv6) await greetIpv6Neighbours(id, loaded.plan);
    lab.timings = { networkMs: built - started, simulatorsMs: performance.now() - built };
  } catch (error) {
    await downLab(id).catch(() => undefined);
    throw error;
  }
  return lab;
}

/** The lab of that id that is up already (for the CLI's add/remove/status, or a second process). */
export async function attachLab(id: string = DEFAULT_LAB_ID, options: Pick<LabOptions, 'readyTimeoutMs'> = {}): Promise<Lab> {
  checkLabId(id);
  const state = loadState(id);
  if (state === null) throw new UsageError(`no lab "${id}" is up (npm run lab -- up --id ${id})`);
  const profile = loadResolvedProfile(id);
  const plan = planSegments(profile.segments);
  if (Array.isArray(plan)) throw new RuntimeError(`the recorded profile of lab "${id}" is damaged: ${plan.join('; ')}`);
  const prefix = labPrefix(id);
  const namespaces = (await listNamespaces()).filter((ns) => ns.startsWith(prefix));
  if (namespaces.length === 0) throw new UsageError(`lab "${id}" has state but no namespaces; run npm run lab -- down --id ${id}`);
  return new RunningLab(id, state, profile, plan, namespaces, [], options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
}

/** Brings a lab up, runs `fn`, and always tears the lab down. */
export async function withLab<T>(profile: string | ProfileInput, fn: (lab: Lab) => Promise<T>, options: LabOptions = {}): Promise<T> {
  const lab = await upLab(profile, options);
  try {
    return await fn(lab);
  } finally {
    await lab.down();
  }
}

export { downAllLabs, downLab } from './network/teardown.js';
export { labAvailable } from './network/availability.js';
