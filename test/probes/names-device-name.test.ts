import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObservationKind } from '../../src/observations/observation.js';
import { deviceName } from '../../src/probes/names/device-name.js';

const fact = (kind: ObservationKind, source: string, value: string, at = '2026-12-01T00:00:00.000Z') => ({ kind, source, value, at });

describe('the name a device is shown by', () => {
  it('prefers DNS, then NetBIOS, then mDNS, then sysName, then the UPnP friendly name', () => {
    const all = [
      fact('hostname', 'upnp', 'NVR'),
      fact('snmp.sysname', 'snmp', 'nvr-sys'),
      fact('hostname', 'mdns', 'DS-7608NI-K220191118CCWR712345678.local'),
      fact('hostname', 'netbios', 'NVR-LOBBY'),
      fact('hostname', 'ptr', 'nvr-lobby.example.org.'),
    ];
    const names = all.map((_, i) => deviceName(all.slice(i)));
    expect(names).toEqual(['nvr-lobby.example.org', 'nvr-lobby.example.org', 'nvr-lobby.example.org', 'nvr-lobby.example.org', 'nvr-lobby.example.org']);
    expect(deviceName(all.slice(0, 4))).toBe('NVR-LOBBY');
    expect(deviceName(all.slice(0, 3))).toBe('DS-7608NI-K220191118CCWR712345678');
    expect(deviceName(all.slice(0, 2))).toBe('nvr-sys');
    expect(deviceName(all.slice(0, 1))).toBe('NVR');
  });

  it('takes the newest name of the best source, and has none without a hostname fact', () => {
    expect(deviceName([fact('hostname', 'ptr', 'old.example.org', '2026-11-01T00:00:00.000Z'), fact('hostname', 'ptr', 'new.example.org')])).toBe('new.example.org');
    expect(deviceName([fact('http.title', 'http', 'Router'), fact('hostname', 'ptr', '  ')])).toBeNull();
  });

  it('is the same name in any order of the same facts', () => {
    const pool = [
      fact('hostname', 'ptr', 'b.example.org'), fact('hostname', 'ptr', 'a.example.org'), fact('hostname', 'netbios', 'PC1'),
      fact('hostname', 'mdns', 'x.local', '2026-12-02T00:00:00.000Z'), fact('snmp.sysname', 'snmp', 'sw'),
    ];
    fc.assert(fc.property(fc.shuffledSubarray(pool), (facts) => {
      expect(deviceName(facts)).toBe(deviceName([...facts].reverse()));
    }));
  });
});
