import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HostSplitter } from '../../src/discovery/nmap/host-splitter.js';

const edited = readFileSync(new URL('fixtures/nmap-edited.xml', import.meta.url), 'utf8');

function split(chunks: readonly string[], max?: number): { hosts: string[]; oversize: number[] } {
  const hosts: string[] = [];
  const oversize: number[] = [];
  const splitter = new HostSplitter({ onHost: (h) => hosts.push(h), onOversize: (n) => oversize.push(n) }, max);
  for (const chunk of chunks) splitter.push(chunk);
  return { hosts, oversize };
}

describe('HostSplitter', () => {
  it('finds each <host> element and skips <hosthint>, <hostnames> and <hosts>', () => {
    const { hosts } = split([edited]);
    expect(hosts).toHaveLength(4);
    for (const host of hosts) {
      expect(host.startsWith('<host ') || host.startsWith('<host>')).toBe(true);
      expect(host.endsWith('</host>')).toBe(true);
      expect(host).not.toContain('<hosthint');
    }
  });

  it('gives each <hosthint> to onHint when asked, apart from the <host> elements', () => {
    const hosts: string[] = [];
    const hints: string[] = [];
    const splitter = new HostSplitter({ onHost: (h) => hosts.push(h), onHint: (h) => hints.push(h) });
    for (const chunk of edited.match(/[\s\S]{1,7}/g) ?? []) splitter.push(chunk);
    expect(hosts).toEqual(split([edited]).hosts);
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatch(/^<hosthint>[\s\S]*addr="192\.168\.50\.2"[\s\S]*<\/hosthint>$/);
  });

  it('gives the same elements however the stream is cut', () => {
    const whole = split([edited]).hosts;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: edited.length }), { maxLength: 30 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i) => edited.slice(from, points[i] ?? edited.length));
        expect(split(chunks).hosts).toEqual(whole);
      }),
    );
  });

  it('skips a host element larger than the bound and goes on with the next', () => {
    const big = `<host>${'x'.repeat(5000)}</host><host><address addr="10.0.0.1"/></host>`;
    const chunks = big.match(/[\s\S]{1,100}/g) ?? [];
    const { hosts, oversize } = split(chunks, 1000);
    expect(hosts).toEqual(['<host><address addr="10.0.0.1"/></host>']);
    expect(oversize).toEqual([5013]);
  });

  it('does not hold an endless unterminated tag', () => {
    const { hosts } = split(['<' + 'a'.repeat(3000), '<host>ok</host>'], 1000);
    expect(hosts).toEqual(['<host>ok</host>']);
  });
});
