/** The registry is ~5 MB of JSON: importing the lookup must not read it, and lookups read it once. */
import { describe, expect, it, vi } from 'vitest';

const reads = vi.hoisted(() => ({ paths: [] as string[] }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    reads.paths.push(String(args[0]));
    return fs.readFileSync(...args);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

// The 5 MB registry itself; its small package.json (the version the index is checked against) does not count.
const registryReads = (): number => reads.paths.filter((p) => p.includes('oui-data') && p.endsWith('.json') && !p.endsWith('package.json')).length;

describe('lookupOui loading', () => {
  it('reads nothing at import, then the registry exactly once however many lookups follow', async () => {
    const { lookupOui } = await import('../../src/identify/oui-lookup.js');
    expect(registryReads()).toBe(0);
    expect(lookupOui('58:50:ed:00:00:01')?.registrant).toBe('Hangzhou Hikvision Digital Technology Co.,Ltd.');
    lookupOui('70:b3:d5:0a:e0:01');
    lookupOui('00:00:00:00:00:01');
    expect(registryReads()).toBe(1);
  });
});
