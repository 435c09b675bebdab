import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { scanSettings } from '../../src/cli/commands/scan.js';

const config = parseConfig('scope:\n  targets: [10.0.0.0/24]\n  exclude: [10.0.0.1]\ndiscovery:\n  engine: native\n  rate: 100\n  ports: [80]\nprobes:\n  enabled: false\n  timeoutMs: 500\n', 'c.yaml');
const defaults = {
  exclude: [],
  engine: 'auto' as const,
  deep: false,
  timeout: 1000,
  concurrency: 256,
  rate: 2000,
  maxHosts: 65536,
  allowPublic: false,
  linkLocal: false,
  probes: true,
  probeTimeout: 2000,
  failOnFlagged: false,
  json: false,
};

describe('scan settings', () => {
  it('come from the configuration where no option was given', () => {
    const s = scanSettings(config, [], defaults, () => false);
    expect(s.scope).toMatchObject({ targets: ['10.0.0.0/24'], exclude: ['10.0.0.1'] });
    expect(s.discovery).toMatchObject({ engine: 'native', rate: 100, ports: [80], timeoutMs: 1000 });
    expect(s.probes).toMatchObject({ enabled: false, timeoutMs: 500 });
  });

  it('options given on the command line win, targets and exclusions included', () => {
    const given = new Set(['rate', 'probes', 'engine', 'ports']);
    const s = scanSettings(config, ['127.0.0.1'], { ...defaults, exclude: ['127.0.0.2'], rate: 50, probes: true, engine: 'auto', ports: [22] }, (k) => given.has(k));
    expect(s.scope).toMatchObject({ targets: ['127.0.0.1'], exclude: ['127.0.0.2'] });
    expect(s.discovery).toMatchObject({ engine: 'auto', rate: 50, ports: [22] });
    expect(s.probes.enabled).toBe(true);
    expect(s.probes.timeoutMs).toBe(500);
  });
});
