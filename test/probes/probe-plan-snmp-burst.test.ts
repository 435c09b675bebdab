/**
 * #15: a large segment's live hosts are asked SNMP in one burst and wait out one shared timeout.
 * With 256 hosts at a time, site-large's 1,000 hosts without an agent waited four 2 s timeouts one
 * after another after nmap's sweep (8 s of its 29 s). net-snmp is replaced by sessions that never
 * hear an answer, so the test counts how many hosts wait at once; the NetBIOS questions go to
 * loopback addresses, where nothing listens.
 */
import type * as NetSnmp from 'net-snmp';
import { afterEach, describe, expect, it, vi } from 'vitest';

const sessions = vi.hoisted(() => ({ open: 0, peak: 0, created: 0 }));

vi.mock('net-snmp', async (importOriginal) => {
  const real = await importOriginal<{ default: typeof NetSnmp }>();
  const createSession = (_ip: string, _community: string, options: { timeout: number }) => {
    sessions.open += 1;
    sessions.created += 1;
    sessions.peak = Math.max(sessions.peak, sessions.open);
    let timer: NodeJS.Timeout | undefined;
    return {
      on: () => undefined,
      get: (_oids: string[], done: (error: Error | null) => void) => {
        timer = setTimeout(() => done(Object.assign(new Error('timed out'), { name: 'RequestTimedOutError' })), options.timeout);
      },
      close: () => {
        clearTimeout(timer);
        sessions.open -= 1;
      },
    };
  };
  return { default: { ...real.default, createSession } };
});

const { ProbePlan } = await import('../../src/probes/probe-plan.js');

/** 127.1.0.0/22: loopback, 1,024 addresses. */
const SCOPE = { ranges: [{ first: 0x7f010000, last: 0x7f0103ff }], size: 1024, labels: ['127.1.0.0/22'], excluded: [] };
const HOSTS = 1000;

afterEach(() => Object.assign(sessions, { open: 0, peak: 0, created: 0 }));

describe('ProbePlan: SNMP of a large segment', () => {
  it('asks 1,000 live hosts at once, so that the hosts without an agent share one timeout', async () => {
    const plan = new ProbePlan(SCOPE, { timeoutMs: 10_000, concurrency: 64, looksLike: () => [] });
    const stop = new AbortController();
    const run = plan.hosts(stop.signal, () => undefined);
    for (let i = 0; i < HOSTS; i++) {
      run.found({ ip: `127.1.${(i + 1) >> 8}.${(i + 1) & 255}`, kind: 'alive', value: 'arp', source: 'nmap', at: '2026-12-05T06:00:00.000Z' });
    }
    // Every host's first GET is out long before the first one's 5 s try could end.
    await vi.waitFor(() => expect(sessions.created).toBe(HOSTS), { timeout: 4_000 });
    expect(sessions.peak).toBe(HOSTS);
    stop.abort();
    await vi.waitFor(() => expect(sessions.open).toBe(0));
  });
});
