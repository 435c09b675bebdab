import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { encodeBrowseQuery, parseMdnsPacket, servicesOf } from '../../src/probes/mdns/mdns-codec.js';
import { packetFacts, serviceFacts } from '../../src/probes/mdns/mdns-probe.js';
import { browsedServiceTypes } from '../../src/probes/mdns/mdns-services.js';
import type { Scope } from '../../src/scope/types.js';

const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const scope = (first: string, last = first): Scope => ({ ranges: [{ first: n(first), last: n(last) }], size: n(last) - n(first) + 1, labels: [first], excluded: [] });
const ctx = { scope: scope('192.168.1.0', '192.168.1.255'), now: () => new Date('2026-01-01T00:00:00Z') };

// fingerprints.md §8: a real Hikvision camera's DNS-SD answer (128keaton/hikvision-mdns test/cameras.json).
const HIK_INSTANCE = 'HIKVISION DS-2CD2722FWD-IZS - 733050075._CGI._tcp.local';
const HIK_HOST = 'DS-2CD2722FWD-IZS20170321BBWR733050075.local';
const hikvision = (a = '192.168.1.64') =>
  dnsPacket.encode({
    type: 'response',
    flags: dnsPacket.AUTHORITATIVE_ANSWER,
    answers: [{ type: 'PTR', name: '_CGI._tcp.local', ttl: 4500, data: HIK_INSTANCE }],
    additionals: [
      { type: 'SRV', name: HIK_INSTANCE, ttl: 120, data: { target: HIK_HOST, port: 80, priority: 0, weight: 0 } },
      { type: 'TXT', name: HIK_INSTANCE, ttl: 4500, data: ['path=/'] },
      { type: 'A', name: HIK_HOST, ttl: 120, data: a },
    ],
  });

describe('mDNS codec', () => {
  it('asks one PTR question per browsed service type, Hikvision _CGI._tcp among them', () => {
    const q = dnsPacket.decode(encodeBrowseQuery(browsedServiceTypes()));
    expect(q.type).toBe('query');
    expect(q.questions?.map((x) => `${x.type} ${x.name}`)).toContain('PTR _CGI._tcp.local');
    expect(q.questions?.every((x) => x.type === 'PTR' && x.name.endsWith('._tcp.local'))).toBe(true);
  });

  it('reads a Hikvision camera into instance, type, host, port, TXT and address', () => {
    const parsed = parseMdnsPacket(hikvision());
    expect(parsed).toEqual({
      ok: true,
      services: [{ instance: 'HIKVISION DS-2CD2722FWD-IZS - 733050075', type: '_CGI._tcp', host: HIK_HOST, port: 80, txt: ['path=/'], addresses: ['192.168.1.64'] }],
    });
  });

  it('keeps dots in instance names and TXT strings as sent (empty values, one-letter keys)', () => {
    const fqdn = 'HP LaserJet 400 v1.2._ipp._tcp.local';
    const services = servicesOf(
      dnsPacket.decode(
        dnsPacket.encode({
          type: 'response',
          answers: [
            { type: 'PTR', name: '_ipp._tcp.local', ttl: 4500, data: fqdn },
            { type: 'TXT', name: fqdn, ttl: 4500, data: ['rp=ipp/print', 'note=', 'x', ''] },
          ],
        }),
      ),
    );
    expect(services).toEqual([{ instance: 'HP LaserJet 400 v1.2', type: '_ipp._tcp', host: null, port: null, txt: ['rp=ipp/print', 'note=', 'x'], addresses: [] }]);
  });

  it('skips goodbyes (TTL 0) and PTRs that are not service instances', () => {
    const packet = dnsPacket.decode(
      dnsPacket.encode({
        type: 'response',
        answers: [
          { type: 'PTR', name: '_http._tcp.local', ttl: 0, data: 'gone._http._tcp.local' },
          { type: 'PTR', name: '_services._dns-sd._udp.local', ttl: 4500, data: '_http._tcp.local' },
          { type: 'PTR', name: '64.1.168.192.in-addr.arpa', ttl: 120, data: 'cam.local' },
          { type: 'PTR', name: '_http._tcp.local', ttl: 120, data: 'elsewhere._ssh._tcp.local' },
        ],
      }),
    );
    expect(servicesOf(packet)).toEqual([]);
  });

  it('reports bytes that are not DNS as a reason, never an exception', () => {
    expect(parseMdnsPacket(Buffer.from('\u0000\u0000\u0084\u0000\u0000\u0001garbage'))).toMatchObject({ ok: false });
    expect(parseMdnsPacket(Buffer.alloc(9001))).toEqual({ ok: false, reason: 'packet over 9000 bytes' });
  });
});

describe('mDNS services to observations', () => {
  it('gives instance, service, TXT and hostname for the in-scope address, with the service port', () => {
    const facts = packetFacts(hikvision(), '192.168.1.64', ctx);
    expect(facts.map((o) => [o.ip, o.kind, o.value, o.port, o.source])).toEqual([
      ['192.168.1.64', 'mdns.instance', 'HIKVISION DS-2CD2722FWD-IZS - 733050075', 80, 'mdns'],
      ['192.168.1.64', 'mdns.service', '_CGI._tcp', 80, 'mdns'],
      ['192.168.1.64', 'mdns.txt', 'path=/', 80, 'mdns'],
      ['192.168.1.64', 'hostname', HIK_HOST, 80, 'mdns'],
    ]);
  });

  it('ignores packets from outside the scope', () => {
    expect(packetFacts(hikvision(), '10.9.9.9', ctx)).toEqual([]);
  });

  it('never attributes a service to an address other than the sender: a claim about a neighbour is a finding about the sender', () => {
    // Issue #16 finding 2: 192.168.1.5 announces a Hikvision instance whose A record is its neighbour 192.168.1.9.
    const facts = packetFacts(hikvision('192.168.1.9'), '192.168.1.5', ctx);
    expect(facts.filter((o) => o.ip === '192.168.1.9')).toEqual([]);
    expect(facts.map((o) => [o.ip, o.kind, o.source, o.port])).toEqual([['192.168.1.5', 'malformed', 'mdns', 80]]);
    expect(facts[0]?.value).toBe('speaks for another address (192.168.1.9), not attributed: HIKVISION DS-2CD2722FWD-IZS - 733050075 (_CGI._tcp)');
    // Addresses outside the scope are claims about others too.
    expect(packetFacts(hikvision('10.9.9.9'), '192.168.1.64', ctx).map((o) => [o.ip, o.kind])).toEqual([['192.168.1.64', 'malformed']]);
  });

  it('attributes a service whose A records include the sender to the sender alone', () => {
    const packet = dnsPacket.encode({
      type: 'response',
      answers: [{ type: 'PTR', name: '_CGI._tcp.local', ttl: 4500, data: HIK_INSTANCE }],
      additionals: [
        { type: 'SRV', name: HIK_INSTANCE, ttl: 120, data: { target: HIK_HOST, port: 80, priority: 0, weight: 0 } },
        ...['192.168.1.9', '192.168.1.64', '192.168.1.10'].map((data) => ({ type: 'A' as const, name: HIK_HOST, ttl: 120, data })),
      ],
    });
    const facts = packetFacts(packet, '192.168.1.64', ctx);
    expect(facts.length).toBe(3);
    expect(facts.every((o) => o.ip === '192.168.1.64' && o.kind !== 'malformed')).toBe(true);
  });

  it('uses the sender when the packet names no address, and bounds joined TXT', () => {
    const txt = Array.from({ length: 64 }, (_, i) => `k${i}=${'v'.repeat(200)}`);
    const facts = serviceFacts({ instance: 'nas', type: '_smb._tcp', host: null, port: null, txt, addresses: [] }, '192.168.1.9', ctx);
    expect(facts.map((o) => o.kind)).toEqual(['mdns.instance', 'mdns.service', 'mdns.txt']);
    expect(facts.every((o) => o.ip === '192.168.1.9' && o.port === undefined)).toBe(true);
    expect(facts[2]?.value.length).toBe(4096);
  });

  it('records undecodable packets from in-scope senders as malformed', () => {
    const facts = packetFacts(Buffer.from([0, 0, 0x84, 0, 0, 1, 0xff]), '192.168.1.7', ctx);
    expect(facts.map((o) => o.kind)).toEqual(['malformed']);
    expect(facts[0]?.value).toMatch(/^not a DNS packet/);
  });
});
