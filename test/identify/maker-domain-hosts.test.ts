/**
 * A host named in a covered maker's own domain (issue 11): in a page, "hikvision.com" is a link to the
 * maker's site and says nothing of the device; as the host's own name (reverse DNS, sysName), it puts
 * the host in the maker's domain: a ZTE ONT's resolver names it so by default, and a maker's own hosts
 * are its infrastructure, which may or may not be its equipment. Review, never a flag.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T00:00:00.000Z';
const verdict = (kind: ObservationKind, value: string) => {
  const v = identify([{ ip: '192.0.2.11', kind, value, source: 'test', at }]);
  return { status: v.status, covered: v.covered };
};

describe("a host named in a covered maker's domain", () => {
  for (const [kind, value, covered] of [
    ['hostname', 'csp1.zte.com.cn', 'zte'],
    ['hostname', 'mail.huawei.com', 'huawei'],
    ['snmp.sysname', 'lab-sw1.hikvision.com', 'hikvision'],
  ] as const) {
    it(`${kind} ${value}: review with ${covered} named, not a flag`, () => {
      expect(verdict(kind, value)).toEqual({ status: 'review', covered });
    });
  }

  it('a link to the maker in a page is still a note, and other domains read nothing', () => {
    expect(verdict('http.body', 'Supported cameras: see https://www.hikvision.com/en/ for firmware').status).toBe('clear');
    expect(verdict('hostname', 'DESKTOP-4F2K9L.corp.example.com').status).toBe('clear');
    expect(verdict('hostname', 'www.google.com').status).toBe('clear');
  });
});
