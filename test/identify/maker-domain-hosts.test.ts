/**
 * A host named in a covered maker's own domain reads as a link to the maker, a note (issue 11, decided
 * 6 Dec): a ZTE ONT's resolver may name it csp1.zte.com.cn, but at a maker's own office every host, a
 * Dell laptop as much as a switch, is named in its domain, and the maker's cloud hosts are too
 * (FusionSolar's uni005eu5.fusionsolar.huawei.com): the name says where the host is, not who made it.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T00:00:00.000Z';
const status = (kind: ObservationKind, value: string) => identify([{ ip: '192.0.2.11', kind, value, source: 'test', at }]).status;

describe("a host named in a covered maker's domain", () => {
  it.each([
    ['hostname', 'csp1.zte.com.cn'],
    ['hostname', 'uni005eu5.fusionsolar.huawei.com'],
    ['snmp.sysname', 'laptop-0231.hikvision.com'],
  ] as const)('%s %s reads as a link, not evidence', (kind, value) => {
    expect(status(kind, value)).toBe('clear');
  });
});
