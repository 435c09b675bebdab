import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nmapTargetList, rangeToCidrs } from '../../src/discovery/nmap/targets.js';
import { parseIpv4 } from '../../src/scope/index.js';
import { rangeScope } from './scope-fixture.js';

function cidrRange(cidr: string): { first: number; last: number } {
  const [address = '', prefix = ''] = cidr.split('/');
  const first = parseIpv4(address);
  if (first === null) throw new Error(cidr);
  return { first, last: first + 2 ** (32 - Number(prefix)) - 1 };
}

describe('rangeToCidrs', () => {
  it('writes a scope with exclusions cut out as exact CIDR blocks', () => {
    expect(rangeToCidrs(rangeScope('10.0.0.1', '10.0.0.254').ranges[0]!)).toEqual([
      '10.0.0.1/32',
      '10.0.0.2/31',
      '10.0.0.4/30',
      '10.0.0.8/29',
      '10.0.0.16/28',
      '10.0.0.32/27',
      '10.0.0.64/26',
      '10.0.0.128/26',
      '10.0.0.192/27',
      '10.0.0.224/28',
      '10.0.0.240/29',
      '10.0.0.248/30',
      '10.0.0.252/31',
      '10.0.0.254/32',
    ]);
    expect(nmapTargetList(rangeScope('192.168.0.0', '192.168.255.255'))).toBe('192.168.0.0/16\n');
  });

  it('covers exactly the range: contiguous, aligned blocks, nothing outside', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 70_000 }), (first, length) => {
        const last = Math.min(2 ** 32 - 1, first + length);
        let next = first;
        for (const cidr of rangeToCidrs({ first, last })) {
          const block = cidrRange(cidr);
          expect(block.first).toBe(next);
          next = block.last + 1;
        }
        expect(next).toBe(last + 1);
      }),
    );
  });
});
