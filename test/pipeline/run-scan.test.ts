import Database from 'better-sqlite3';
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveryEngine, DiscoveryOptions } from '../../src/discovery/engine.js';
import { identify } from '../../src/identify/identify.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { runScan, scanError, type ScanRun } from '../../src/pipeline/run-scan.js';
import { ENGINE_SHARE } from '../../src/pipeline/sweep-share.js';
import type { HostProbeRun, ProbeOutcome } from '../../src/probes/probe-plan.js';
import type { Scope } from '../../src/scope/types.js';
import { RuntimeError } from '../../src/util/errors.js';
import { macObs } from '../inventory/helpers.js';
import { TokenBucket } from '../../src/util/token-bucket.js';

const AT = '2026-03-01T10:00:00.000Z';
const SCOPE: Scope = { ranges: [{ first: 0x0a000000, last: 0x0a0000ff }], size: 256, labels: ['10.0.0.0/24'], excluded: [] };
const OPTIONS: DiscoveryOptions = { ports: [80], connectTimeoutMs: 100, concurrency: 4, rate: 100, deep: false };
const HIKVISION_MAC = '58:50:ed:00:00:07';

/** An engine that yields `found`, then throws `fail` when given. */
function engine(found: Observation[], fail?: Error): DiscoveryEngine {
  return {
    name: 'native',
    async *discover() {
      for (const obs of found) yield obs;
      await new Promise((r) => setTimeout(r, 20));
      if (fail) throw fail;
    },
  };
}

const empty: ProbeOutcome = { observations: [], outOfScope: 0 };
/** Host probes that find nothing. */
const idle: HostProbeRun = { found: () => undefined, end: async () => empty };

const inventories: Inventory[] = [];
afterEach(() => inventories.splice(0).forEach((inv) => inv.close()));

function setup(overrides: Partial<ScanRun>): ScanRun {
  const inventory = Inventory.open(':memory:');
  inventories.push(inventory);
  return {
    scope: SCOPE,
    engine: engine([macObs('10.0.0.7', HIKVISION_MAC, AT)]),
    options: OPTIONS,
    inventory,
    signal: new AbortController().signal,
    identify,
    localAddresses: () => ['10.0.0.2'],
    ...overrides,
  };
}

/** Unhandled rejections seen while `work` runs (vitest would report them after the test, not in it). */
async function withoutUnhandled<T>(work: () => Promise<T>): Promise<{ value: T; unhandled: unknown[] }> {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', listener);
  try {
    const value = await work();
    await new Promise((r) => setTimeout(r, 10));
    return { value, unhandled };
  } finally {
    process.off('unhandledRejection', listener);
  }
}

describe('runScan when a probe fails', () => {
  it('a multicast probe that throws while discovery runs: scan stored interrupted with the error, what was found identified, no unhandled rejection', async () => {
    const run = setup({
      probes: {
        segment: () => Promise.reject(new Error('setMulticastInterface EADDRNOTAVAIL')),
        hosts: () => idle,
      },
    });
    const { value: result, unhandled } = await withoutUnhandled(() => runScan(run));
    expect(unhandled).toEqual([]);
    expect(result.status).toBe('interrupted');
    const scan = run.inventory.scans.get(result.scanId)!;
    expect(scan.status).toBe('interrupted');
    expect(scan.error).toBe('multicast probes failed: setMulticastInterface EADDRNOTAVAIL');
    const device = run.inventory.devices.find('10.0.0.7');
    expect(device?.verdict?.covered).toBe('hikvision');
  });

  it('host probes that throw: scan stored interrupted with the error, verdicts of what was found saved', async () => {
    const run = setup({
      probes: {
        segment: async () => ({ observations: [{ ip: '10.0.0.9', kind: 'hostname', value: 'printer', source: 'mdns', at: AT }], outOfScope: 0 }),
        hosts: () => ({ found: () => undefined, end: () => Promise.reject(new Error('socket exploded')) }),
      },
    });
    const result = await runScan(run);
    expect(run.inventory.scans.get(result.scanId)).toMatchObject({ status: 'interrupted', error: 'host probes failed: socket exploded' });
    expect(result.deviceIds).toHaveLength(2);
    expect(run.inventory.devices.find('10.0.0.7')?.verdict?.covered).toBe('hikvision');
  });

  it('errors a probe reports (a send it could not make) are stored with the interrupted scan', async () => {
    const run = setup({ probes: { segment: async () => ({ ...empty, errors: ['sadp: cannot send to 239.255.255.250:37020 from 10.0.0.2: EADDRNOTAVAIL'] }), hosts: () => idle } });
    const result = await runScan(run);
    expect(run.inventory.scans.get(result.scanId)).toMatchObject({ status: 'interrupted', error: 'sadp: cannot send to 239.255.255.250:37020 from 10.0.0.2: EADDRNOTAVAIL' });
  });

  it('a discovery error is stored with the interrupted scan, and what came before it is identified', async () => {
    const run = setup({ engine: engine([macObs('10.0.0.7', HIKVISION_MAC, AT)], new Error('nmap exited with code 1')) });
    const result = await runScan(run);
    expect(run.inventory.scans.get(result.scanId)).toMatchObject({ status: 'interrupted', error: 'nmap exited with code 1' });
    expect(run.inventory.devices.find('10.0.0.7')?.verdict?.covered).toBe('hikvision');
  });

  it("a scan during which this host's address on the segment went away is interrupted, not complete", async () => {
    let calls = 0;
    const run = setup({ localAddresses: () => (calls++ === 0 ? ['10.0.0.2'] : []) });
    const result = await runScan(run);
    expect(run.inventory.scans.get(result.scanId)).toMatchObject({ status: 'interrupted', error: "this host's address 10.0.0.2 went away during the scan" });
  });
});

describe('runScan with a large outcome', () => {
  it('stores a probe outcome of 150,000 observations (a spread of it overflowed the call stack)', async () => {
    const many: Observation[] = Array.from({ length: 150_000 }, (_, i) => ({ ip: '10.0.0.9', kind: 'mdns.txt', value: `k${i}=v`, source: 'mdns', at: AT }));
    const run = setup({ probes: { segment: async () => ({ observations: many, outOfScope: 0 }), hosts: () => idle } });
    const result = await runScan(run);
    expect(result.status).toBe('complete');
    expect(result.observations).toBe(150_001);
    expect(run.inventory.scans.get(result.scanId)?.hosts).toBe(2);
  }, 60_000);
});

describe('runScan when the inventory cannot be written', () => {
  it('throws the storage error once, as a storage error, and does not store it as a discovery error', async () => {
    const run = setup({});
    let writes = 0;
    const inventory = run.inventory;
    inventory.observations.record = () => {
      writes += 1;
      throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
    };
    const error = await runScan(run).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toMatch(/^inventory :memory:: the disk is full/);
    expect(writes).toBe(1);
    const scan = inventory.scans.list(1)[0]!;
    expect(scan.error).toBeUndefined();
  });
});

describe('runScan streams hosts to their probes', () => {
  it("starts a host's probes while discovery still runs, and stores what they find", async () => {
    let seen: () => void = () => undefined;
    const probesSawIt = new Promise<void>((resolve) => (seen = resolve));
    const fed: string[] = [];
    const waiting: DiscoveryEngine = {
      name: 'native',
      async *discover() {
        yield { ip: '10.0.0.7', kind: 'tcp.open', port: 80, value: 'open', source: 'tcp', at: AT };
        // Discovery goes on only once the probes have the host: a scan that fed them after the sweep would wait here.
        const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the probes did not get the host before discovery ended')), 5000));
        await Promise.race([probesSawIt, late]);
        yield macObs('10.0.0.8', HIKVISION_MAC, AT);
      },
    };
    let keep: (batch: readonly Observation[]) => void = () => undefined;
    const run = setup({
      engine: waiting,
      // The sweep paces itself through the probes' bucket: only then may they overlap.
      options: { ...OPTIONS, bucket: new TokenBucket(OPTIONS.rate) },
      probes: {
        segment: async () => empty,
        hosts: (_signal, k) => {
          keep = k;
          return {
            found: (o) => {
              fed.push(`${o.ip}:${o.kind}`);
              keep([{ ip: o.ip, kind: 'http.server', value: 'Hikvision-Webs', source: 'http', port: 80, at: AT }]);
              seen();
            },
            end: async () => empty,
          };
        },
      },
    });
    const result = await runScan(run);
    expect(result.status).toBe('complete');
    expect(fed).toEqual(['10.0.0.7:tcp.open', '10.0.0.8:mac']);
    expect(result.observations).toBe(4);
    expect(run.inventory.devices.observations(run.inventory.devices.find('10.0.0.7')!.id).map((o) => o.kind)).toContain('http.server');
  });

  /** A sweep that paces itself (nmap): yields two hosts, noting what the probes were fed meanwhile. */
  function selfPacedRun(scope: Scope) {
    let sweeping = true;
    const fedDuringSweep: string[] = [];
    const fed: string[] = [];
    const engineRates: number[] = [];
    let beside: (() => Promise<void>) | undefined;
    const sweep: DiscoveryEngine = {
      name: 'nmap',
      async *discover(_scope, options) {
        engineRates.push(options.rate);
        yield { ip: '10.0.0.7', kind: 'tcp.open', port: 80, value: 'open', source: 'nmap', at: AT };
        yield macObs('10.0.0.8', HIKVISION_MAC, AT);
        sweeping = false;
      },
    };
    const run = setup({
      scope,
      engine: sweep,
      probes: {
        segment: async () => empty,
        hosts: (_signal, _keep, pace) => {
          beside = pace;
          return {
            found: (o) => {
              fed.push(`${o.ip}:${o.kind}`);
              if (sweeping) fedDuringSweep.push(o.ip);
            },
            end: async () => empty,
          };
        },
      },
    });
    return { run, fed, fedDuringSweep, engineRates, beside: () => beside };
  }

  it('over a /24, feeds the probes while a self-paced sweep (nmap) runs, and splits --rate between them', async () => {
    const { run, fed, fedDuringSweep, engineRates, beside } = selfPacedRun(SCOPE);
    expect((await runScan(run)).status).toBe('complete');
    expect(fed).toEqual(['10.0.0.7:tcp.open', '10.0.0.8:mac']);
    expect(fedDuringSweep).toEqual(['10.0.0.7', '10.0.0.8']);
    // The sweep got its share of the cap (nmap --max-rate) and the probes pace through the rest beside it …
    expect(engineRates).toEqual([OPTIONS.rate * ENGINE_SHARE]);
    expect(beside()).toBeDefined();
    // … which stops holding them once the sweep is over.
    await Promise.all(Array.from({ length: 100 }, () => beside()!()));
  });

  it('over a larger scope, holds the host probes until a self-paced sweep (nmap) ends, which has the whole cap', async () => {
    const wide: Scope = { ranges: [{ first: 0x0a000000, last: 0x0a0003ff }], size: 1024, labels: ['10.0.0.0/22'], excluded: [] };
    const { run, fed, fedDuringSweep, engineRates, beside } = selfPacedRun(wide);
    expect((await runScan(run)).status).toBe('complete');
    expect(fed).toEqual(['10.0.0.7:tcp.open', '10.0.0.8:mac']);
    expect(fedDuringSweep).toEqual([]);
    expect(engineRates).toEqual([OPTIONS.rate]);
    expect(beside()).toBeUndefined();
  });

  it('a write that fails under a probe is thrown once as a storage error, and the probes are stopped', async () => {
    let probeSignal: AbortSignal | undefined;
    const run = setup({
      engine: engine([]),
      probes: {
        segment: async () => empty,
        hosts: (signal, keep) => {
          probeSignal = signal;
          // A batch's worth, so that the probe's own keep writes (and fails).
          const many = Array.from({ length: 600 }, (_, i): Observation => ({ ip: '10.0.0.9', kind: 'mdns.txt', value: `k${i}=v`, source: 'mdns', at: AT }));
          return { found: () => undefined, end: async () => (keep(many), empty) };
        },
      },
    });
    let writes = 0;
    run.inventory.observations.record = () => {
      writes += 1;
      throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
    };
    const { value: error, unhandled } = await withoutUnhandled(() => runScan(run).then(() => null, (err: unknown) => err));
    expect(unhandled).toEqual([]);
    expect((error as Error).message).toMatch(/^inventory :memory:: the disk is full/);
    expect(writes).toBe(1);
    expect(probeSignal?.aborted).toBe(true);
  });
});

describe('runScan under an agent', () => {
  /** What holds on to a signal: its listeners and (Node's AbortSignal.any) the signals composed from it, never released before it aborts. */
  const attached = (signal: AbortSignal): number => {
    const composed = Object.getOwnPropertySymbols(signal).find((s) => s.description === 'kDependantSignals');
    const dependants = composed === undefined ? undefined : (signal as unknown as Record<symbol, Set<unknown> | undefined>)[composed];
    return getEventListeners(signal, 'abort').length + (dependants?.size ?? 0);
  };

  it("leaves nothing attached to the agent's long-lived signal, scan after scan", async () => {
    const agent = new AbortController();
    for (let i = 0; i < 3; i++) {
      const run = setup({ signal: agent.signal, probes: { segment: async () => empty, hosts: () => idle } });
      expect((await runScan(run)).status).toBe('complete');
    }
    expect(attached(agent.signal)).toBe(0);
  });

  it('a stop request still reaches the probes through the scan', async () => {
    const agent = new AbortController();
    let probeSignal: AbortSignal | undefined;
    const run = setup({
      signal: agent.signal,
      probes: {
        segment: async () => empty,
        hosts: (signal) => {
          probeSignal = signal;
          agent.abort();
          return idle;
        },
      },
    });
    expect((await runScan(run)).status).toBe('interrupted');
    expect(probeSignal?.aborted).toBe(true);
  });
});

describe('runScan when a probe cannot store its facts', () => {
  it('stops discovery too: the sweep does not go on over the rest of the scope', async () => {
    let sweepSignal: AbortSignal | undefined;
    const slowSweep: DiscoveryEngine = {
      name: 'native',
      async *discover(_scope, _options, signal) {
        sweepSignal = signal;
        yield macObs('10.0.0.7', HIKVISION_MAC, AT);
        // The rest of a large scope: silence for a long while, unless the scan stops the sweep.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5000);
          signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      },
    };
    const run = setup({
      engine: slowSweep,
      options: { ...OPTIONS, bucket: new TokenBucket(1000) },
      probes: {
        segment: async () => empty,
        hosts: (_signal, keep) => ({
          found: () => keep(Array.from({ length: 600 }, (_, i): Observation => ({ ip: '10.0.0.7', kind: 'mdns.txt', value: `k${i}=v`, source: 'mdns', at: AT }))),
          end: async () => empty,
        }),
      },
    });
    run.inventory.observations.record = () => {
      throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
    };
    const error = await runScan(run).then(() => null, (err: unknown) => err);
    expect((error as Error).message).toMatch(/the disk is full/);
    expect(sweepSignal?.aborted).toBe(true);
  });
});

describe('the error a scan records', () => {
  it('names distinct errors once, the first five, and counts the rest (a stop fails hundreds of probes alike)', () => {
    const aborted = Array.from({ length: 256 }, (_, i) => `SNMP of 10.0.0.${i} failed: aborted`);
    expect(scanError(['discovery failed', 'discovery failed'])).toBe('discovery failed');
    const text = scanError(['discovery failed', ...aborted]);
    expect(text.startsWith('discovery failed; SNMP of 10.0.0.0 failed: aborted; ')).toBe(true);
    expect(text.endsWith('; and 252 more')).toBe(true);
    expect(text.length).toBeLessThan(300);
  });
});

describe('runScan prepares identification while the probes wait', () => {
  it('calls prepareIdentify once the probes start, before they end, and before identification', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const probesEnd = new Promise<void>((resolve) => (release = resolve));
    const run = setup({
      prepareIdentify: () => order.push('prepare'),
      identify: (observations) => {
        order.push('identify');
        return identify(observations);
      },
      probes: {
        segment: async () => {
          // The probes wait for late answers here; the preparation runs meanwhile.
          await new Promise((r) => setTimeout(r, 30));
          order.push('probes end');
          release();
          return empty;
        },
        hosts: () => idle,
      },
    });
    const result = await runScan(run);
    await probesEnd;
    expect(result.status).toBe('complete');
    expect(order).toEqual(['prepare', 'probes end', 'identify']);
  });

  it('a preparation that throws does not end the scan: identification meets the failure itself', async () => {
    const run = setup({
      prepareIdentify: () => {
        throw new Error('oui/families.json is invalid');
      },
      probes: { segment: async () => empty, hosts: () => idle },
    });
    const { value, unhandled } = await withoutUnhandled(() => runScan(run));
    expect(value.status).toBe('complete');
    expect(unhandled).toEqual([]);
  });
});
