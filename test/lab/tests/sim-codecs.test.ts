import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInteger, decodeOid, encodeInteger, encodeOid, readTlv } from '../sim/snmp/ber.js';
import { buildMib, respond } from '../sim/snmp/agent.js';
import { opensslSubject, parseDistinguishedName } from '../sim/tcp/tls-cert.js';
import { QueryMemory } from '../sim/udp/dedupe.js';

describe('certificate names', () => {
  it('splits on separators before the next TYPE=, keeping commas inside values', () => {
    expect(parseDistinguishedName('CN=NVR; C=CN; O=ZheJiang Dahua Technology CO.,LTD.; OU=NVR')).toEqual([
      ['CN', 'NVR'], ['C', 'CN'], ['O', 'ZheJiang Dahua Technology CO.,LTD.'], ['OU', 'NVR'],
    ]);
    expect(opensslSubject('CN=a/b,O=x\\,y+z')).toBe('/CN=a\\/b/O=x,y\\+z');
  });
});

describe('BER', () => {
  it('round-trips 32-bit integers in minimal two\'s complement', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => {
      const tlv = readTlv(encodeInteger(n), 0);
      expect(decodeInteger(tlv.value)).toBe(n);
    }));
    expect(encodeInteger(128).toString('hex')).toBe('02020080');
    expect(encodeInteger(-1).toString('hex')).toBe('0201ff');
  });

  it('round-trips OIDs with large arcs', () => {
    const oid = [1, 3, 6, 1, 4, 1, 1004849, 3, 2, 4294967295];
    expect(decodeOid(readTlv(encodeOid(oid), 0).value)).toEqual(oid);
  });

  it('never answers random bytes, and fails only with an Error', () => {
    const mib = buildMib({ community: 'public', sysDescr: 'x', sysObjectID: '1.3.6.1.4.1.1', sysName: '', extra: {} });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        expect(respond(Buffer.from(bytes), 'public', mib)).toBeNull();
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
      }
    }));
  });
});

describe('query memory', () => {
  it('answers a query once per window, and again after it', () => {
    const memory = new QueryMemory(1000);
    const q = Buffer.from('probe');
    expect(memory.isNew('sadp', '10.0.0.1', 5000, q, 0)).toBe(true);
    expect(memory.isNew('sadp', '10.0.0.1', 5000, q, 500)).toBe(false);
    expect(memory.isNew('sadp', '10.0.0.1', 5001, q, 500)).toBe(true);
    expect(memory.isNew('sadp', '10.0.0.1', 5000, q, 1500)).toBe(true);
  });
});
