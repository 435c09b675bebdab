/** Fuzzing mDNS: packet decoding, DNS-SD record assembly and the mapping to observations. */
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMdnsPacket, servicesOf } from '../../src/probes/mdns/mdns-codec.js';
import { packetFacts } from '../../src/probes/mdns/mdns-probe.js';
import { bytes, ctx, expectBounded, mutated, RUNS, token } from './arbitraries.js';

const label = fc.oneof(token(['_CGI', '_tcp', 'local', '_http', '_sub', 'HIKVISION DS-2CD2722FWD-IZS - 733050075', 'a.b']), fc.string({ minLength: 1, maxLength: 30 }));
const name = fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => ls.join('.')).filter((n) => Buffer.byteLength(n) < 200);
const ttl = fc.oneof(fc.constant(0), fc.constant(4500), fc.nat());
const record = fc.oneof(
  fc.record({ type: fc.constant('PTR' as const), name: fc.oneof(name, fc.constantFrom('_CGI._tcp.local', '_http._tcp.local')), ttl, data: name }),
  fc.record({ type: fc.constant('SRV' as const), name, ttl, data: fc.record({ target: name, port: fc.integer({ min: 0, max: 65535 }) }) }),
  fc.record({ type: fc.constant('TXT' as const), name, ttl, data: fc.array(fc.oneof(fc.string({ maxLength: 255 }), fc.uint8Array({ maxLength: 255 }).map((a) => Buffer.from(a))), { maxLength: 100 }) }),
  fc.record({ type: fc.constant('A' as const), name, ttl, data: fc.ipV4() }),
);
/** A response packet built from records whose names share the probe's service types, so records link up. */
const response = fc
  .tuple(fc.array(record, { maxLength: 40 }), fc.array(record, { maxLength: 40 }), fc.constantFrom('response', 'query'))
  .map(([answers, additionals, type]) => {
    try {
      return dnsPacket.encode({ type, answers, additionals });
    } catch {
      return Buffer.alloc(0);
    }
  });

/** Many services and TXT strings in one packet (within 9000 bytes, or over it). */
const flood = fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 100 })).map(([n, t]) =>
  dnsPacket.encode({
    type: 'response',
    answers: Array.from({ length: n }, (_, i) => ({ type: 'PTR' as const, name: '_http._tcp.local', ttl: 120, data: `c${i}._http._tcp.local` })),
    additionals: Array.from({ length: Math.min(n, 3) }, (_, i) => ({ type: 'TXT' as const, name: `c${i}._http._tcp.local`, ttl: 120, data: Array.from({ length: t }, (_, k) => `k${k}=v`) })),
  }),
);

describe('fuzz: mDNS', () => {
  it('parseMdnsPacket never throws; services, TXT strings and observations stay bounded', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(response), bytes(1500), flood), fc.ipV4(), (data, from) => {
        const parsed = parseMdnsPacket(data);
        if (parsed.ok) {
          expect(parsed.services.length).toBeLessThanOrEqual(64);
          for (const s of parsed.services) expect(s.txt.length).toBeLessThanOrEqual(64);
        }
        expectBounded(packetFacts(data, from, ctx), 64 * 4 * 256);
      }),
      { numRuns: 200 },
    );
  });

  it('servicesOf takes any decoded-looking object without throwing', () => {
    fc.assert(
      fc.property(fc.record({ answers: fc.oneof(fc.anything(), fc.array(fc.oneof(record, fc.anything()))), additionals: fc.anything() }), (packet) => {
        expect(servicesOf(packet).length).toBeLessThanOrEqual(64);
      }),
      RUNS,
    );
  });

  it('an instance name is never longer than its PTR target, and TXT strings are kept as sent', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }).filter((s) => !s.includes('\u0000')), fc.array(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 8 }), (instance, txt) => {
        const fqdn = `${instance}._ipp._tcp.local`;
        let packet: Buffer;
        try {
          packet = dnsPacket.encode({ type: 'response', answers: [{ type: 'PTR', name: '_ipp._tcp.local', ttl: 120, data: fqdn }, { type: 'TXT', name: fqdn, ttl: 120, data: txt }] });
        } catch {
          return;
        }
        const parsed = parseMdnsPacket(packet);
        if (!parsed.ok || parsed.services.length === 0) return; // a label over 63 bytes is not encodable as sent
        expect(parsed.services[0]?.instance.length).toBeLessThanOrEqual(fqdn.length);
        expect(parsed.services[0]?.txt).toEqual(txt.filter((t) => Buffer.byteLength(t) > 0).map((t) => Buffer.from(t).toString('utf8')));
      }),
      RUNS,
    );
  });
});
