/** runScan's IPv6 step (#12): given the MACs discovery found, its facts are stored with the scan; its failure is a warning, not an interrupted scan. */
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveryEngine } from '../../src/discovery/engine.js';
import type { Ipv6Step } from '../../src/discovery/native/ipv6-step.js';
import { identify } from '../../src/identify/identify.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { runScan } from '../../src/pipeline/run-scan.js';
import type { Scope } from '../../src/scope/types.js';
import { macObs } from '../inventory/helpers.js';

const AT = '2026-03-01T10:00:00.000Z';
const SCOPE: Scope = { ranges: [{ first: 0x0a000000, last: 0x0a0000ff }], size: 256, labels: ['10.0.0.0/24'], excluded: [] };
const MAC = '58:50:ed:00:00:07';
const found: DiscoveryEngine = {
  name: 'native',
  async *discover() {
    yield macObs('10.0.0.7', MAC, AT);
  },
};

const inventories: Inventory[] = [];
afterEach(() => inventories.splice(0).forEach((inv) => inv.close()));

async function scanWith(ipv6: Ipv6Step, engine: DiscoveryEngine = found) {
  const inventory = Inventory.open(':memory:');
  inventories.push(inventory);
  const warnings: string[] = [];
  const result = await runScan({
    scope: SCOPE,
    engine,
    options: { ports: [80], connectTimeoutMs: 100, concurrency: 4, rate: 100, deep: false },
    inventory,
    signal: new AbortController().signal,
    identify,
    localAddresses: () => ['10.0.0.2'],
    ipv6,
    onWarning: (m) => warnings.push(m),
  });
  return { inventory, result, warnings };
}

describe('runScan with an IPv6 step', () => {
  it('hands the step the MACs discovery found and stores its facts on those devices', async () => {
    const asked: [string, string][][] = [];
    const { inventory, result } = await scanWith(() => async (macs) => {
      asked.push([...macs]);
      return [{ ip: '10.0.0.7', kind: 'ipv6', value: 'fd00::7', source: 'neigh6', at: AT }];
    });
    expect(asked).toEqual([[['10.0.0.7', MAC]]]);
    expect(result.status).toBe('complete');
    expect(inventory.devices.find('10.0.0.7')!.ipHistory.map((h) => h.ip).sort()).toEqual(['10.0.0.7', 'fd00::7']);
  });

  it('echoes as discovery starts and reads the table after it: the echo\'s wait runs beside the sweep (#15)', async () => {
    const events: string[] = [];
    const sweep: DiscoveryEngine = {
      name: 'native',
      async *discover() {
        events.push('sweep starts');
        yield macObs('10.0.0.7', MAC, AT);
        events.push('sweep ends');
      },
    };
    const { result } = await scanWith(() => {
      events.push('echo');
      return async (macs) => {
        events.push(`read (${[...macs.keys()].join(', ')})`);
        return [];
      };
    }, sweep);
    expect(result.status).toBe('complete');
    expect(events).toEqual(['echo', 'sweep starts', 'sweep ends', 'read (10.0.0.7)']);
  });

  it('a step that fails (no `ip` command) leaves a warning and a complete scan', async () => {
    const { result, warnings } = await scanWith(() => () => Promise.reject(new Error('spawn ip ENOENT')));
    expect(result.status).toBe('complete');
    expect(warnings).toEqual(['IPv6 neighbours not read: spawn ip ENOENT']);
  });
});
