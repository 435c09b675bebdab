import { describe, expect, it } from 'vitest';
import { infrastructureSummary } from '../../src/cli/commands/scan.js';

describe('scan: the infrastructure summary', () => {
  it('counts the routers and switches read and those found by discovery, one line each with its addresses and sysName', () => {
    const lines = infrastructureSummary([
      { addresses: ['10.78.0.1', '10.78.1.1'], sysName: 'branch-rtr', discovered: true },
      { addresses: ['10.78.1.3'], sysName: 'core-sw-1\u001b[31m', discovered: false },
      { addresses: ['10.78.1.4'], sysName: '', discovered: true },
    ]);
    expect(lines).toEqual([
      'Infrastructure: read 3 routers/switches (2 found by discovery)',
      '  10.78.0.1, 10.78.1.1  branch-rtr  (discovered)',
      '  10.78.1.3  core-sw-1?[31m',
      '  10.78.1.4  (discovered)',
    ]);
  });

  it('says so when nothing answered, and lists at most 20 devices', () => {
    expect(infrastructureSummary([])).toEqual(['Infrastructure: read 0 routers/switches']);
    const many = Array.from({ length: 25 }, (_, i) => ({ addresses: [`10.0.0.${i + 1}`], sysName: `sw-${i + 1}`, discovered: true }));
    const lines = infrastructureSummary(many);
    expect(lines[0]).toBe('Infrastructure: read 25 routers/switches (25 found by discovery)');
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('  and 5 more (scan --json lists them)');
  });
});
