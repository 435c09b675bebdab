import { describe, expect, it } from 'vitest';
import { ROLE_OBJECTS, roleOf } from '../../src/probes/snmp/snmp-role.js';

const INTEGER = 2;
const vb = (oid: string, value: unknown, type = INTEGER) => ({ oid, type, value });

describe('roleOf: whether an SNMP agent says it routes or bridges', () => {
  it('reads ipForwarding 1 as a router and dot1dBaseNumPorts > 0 as a switch (a leading dot allowed)', () => {
    expect(roleOf([vb(ROLE_OBJECTS.ipForwarding, 1), vb(ROLE_OBJECTS.dot1dBaseNumPorts, 0)])).toEqual({ forwarding: true, bridgePorts: 0 });
    expect(roleOf([vb(ROLE_OBJECTS.ipForwarding, 2), vb(`.${ROLE_OBJECTS.dot1dBaseNumPorts}`, 28)])).toEqual({ forwarding: false, bridgePorts: 28 });
  });

  it('takes anything else for "no": exceptions, wrong types, absurd counts, objects not asked for, garbage', () => {
    const no = { forwarding: false, bridgePorts: 0 };
    expect(roleOf([])).toEqual(no);
    expect(roleOf([vb(ROLE_OBJECTS.ipForwarding, null, 128), vb(ROLE_OBJECTS.dot1dBaseNumPorts, null, 129)])).toEqual(no);
    expect(roleOf([vb(ROLE_OBJECTS.ipForwarding, Buffer.from('1'), 4), vb(ROLE_OBJECTS.dot1dBaseNumPorts, '24', 4)])).toEqual(no);
    expect(roleOf([vb(ROLE_OBJECTS.ipForwarding, 1.5), vb(ROLE_OBJECTS.dot1dBaseNumPorts, 2 ** 31 - 1)])).toEqual(no);
    expect(roleOf([vb('1.3.6.1.2.1.4.1.0.1', 1), vb('1.3.6.1.2.1.17.1.2', 8)])).toEqual(no);
    expect(roleOf([null, 'x', 42, { oid: 7 }])).toEqual(no);
    // Only the two varbinds asked for are read.
    expect(roleOf([vb('1.3.6.1.2.1.1.5.0', 1), vb('1.3.6.1.2.1.1.5.0', 1), vb(ROLE_OBJECTS.ipForwarding, 1)])).toEqual(no);
  });
});
