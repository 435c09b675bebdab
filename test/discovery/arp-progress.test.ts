import { describe, expect, it } from 'vitest';
import { ArpProgress } from '../../src/discovery/native/arp-progress.js';

/** ip -s neigh's probes counter of an INCOMPLETE entry: ucast_solicit (3) plus the requests sent. */
const reading = (probes: number): Map<string, number> => new Map([['10.0.0.9', probes]]);

describe('ArpProgress', () => {
  it('dates the kernel\'s first and second repeated request from the reads that showed them', () => {
    const arp = new ArpProgress();
    arp.observe(0, 10, reading(4)); // first request
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200)).toBe(false);
    arp.observe(1_000, 1_010, reading(5)); // second request, seen by the read that ended at 1,010
    arp.observe(1_100, 1_110, reading(5));
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200)).toBe(false); // 90 ms after
    arp.observe(1_250, 1_260, reading(5));
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200)).toBe(true);
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200, 2)).toBe(false); // no third request yet
    arp.observe(2_000, 2_010, reading(6));
    arp.observe(2_250, 2_260, reading(6));
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200, 2)).toBe(true);
  });

  it('dates both repeats from one read that skipped a request, and forgets an entry no longer resolving', () => {
    const arp = new ArpProgress();
    arp.observe(0, 10, reading(4));
    arp.observe(2_000, 2_010, reading(6));
    arp.observe(2_300, 2_310, reading(6));
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200, 1)).toBe(true);
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200, 2)).toBe(true);
    arp.observe(2_400, 2_410, new Map()); // answered or failed
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200, 1)).toBe(false);
  });

  it('knows an entry first seen after its second request repeated only at its third', () => {
    const arp = new ArpProgress();
    arp.observe(1_100, 1_110, reading(5));
    arp.observe(1_400, 1_410, reading(5));
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200)).toBe(false);
    arp.observe(2_000, 2_010, reading(6));
    arp.observe(2_300, 2_310, reading(6));
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200, 1)).toBe(true);
    expect(arp.unansweredAfterRepeat('10.0.0.9', 200, 2)).toBe(false);
  });
});
