/** Fuzzing the multicast discovery codecs: SADP, DHIP, WS-Discovery, SSDP and UPnP descriptions. */
import { hostname } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDhipReply } from '../../src/probes/dhip/dhip-codec.js';
import { DHIP, SADP, SSDP, WS_DISCOVERY } from '../../src/probes/multicast/discovery-probes.js';
import { parseSadpReply } from '../../src/probes/sadp/sadp-codec.js';
import { parseDescription, parseSsdpReply } from '../../src/probes/ssdp/ssdp-codec.js';
import { parseProbeMatch } from '../../src/probes/wsd/wsd-codec.js';
import { bytes, ctx, expectBounded, huge, mutated, nested, RUNS, text, token } from './arbitraries.js';

const xmlText = fc.oneof(text(60), fc.constantFrom('&lt;', '&#x41;', '&xxe;', ']]>', '<![CDATA[x]]>', '&#1114112;'));
const element = (names: readonly string[]) => fc.tuple(token(names), xmlText).map(([n, v]) => (n ? `<${n}>${v}</${n}>` : v));

/** fingerprints.md §1 ProbeMatch shape with hostile fields. */
const sadp = fc
  .tuple(fc.constantFrom('ProbeMatch', 'Probematch', 'Probe', 'x'), fc.array(element(['Uuid', 'MAC', 'DeviceSN', 'DeviceDescription', 'SoftwareVersion', 'OEMInfo', 'DetailOEMCode']), { maxLength: 30 }))
  .map(([root, fields]) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><${root}>${fields.join('')}</${root}>`));

/** A DHIP datagram: header with chosen declared length, then a JSON body that is sometimes a notifyDevInfo. */
const dhip = fc
  .tuple(
    fc.oneof(
      fc.record({ method: fc.constantFrom('client.notifyDevInfo', 'DHDiscover.search', 'x'), mac: fc.oneof(text(20), fc.constant('3c:ef:8c:00:00:02'), fc.integer()), params: fc.oneof(fc.record({ deviceInfo: fc.dictionary(token(['DeviceType', 'SerialNo', 'Vendor', 'Version']), fc.jsonValue({ maxDepth: 3 })) }), fc.jsonValue({ maxDepth: 3 })) }).map((o) => JSON.stringify(o)),
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? ''),
      text(200),
      fc.integer({ min: 1, max: 5000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
    ),
    fc.oneof(fc.constant<number | null>(null), fc.nat(), fc.constant(0xffffffff)),
    fc.constantFrom(0x20, 0, 0x21),
  )
  .map(([body, declared, headerSize]) => {
    const b = Buffer.from(`${body}\n\0`);
    const header = Buffer.alloc(32);
    header.writeUInt32LE(headerSize, 0);
    header.write('DHIP', 4);
    header.writeUInt32LE(declared ?? b.length, 0x10);
    header.writeUInt32LE(declared ?? b.length, 0x18);
    return Buffer.concat([header, b]);
  });

/** fingerprints.md §3 ProbeMatch envelope with hostile scopes and addresses. */
const probeMatch = fc
  .tuple(fc.array(fc.oneof(text(40), fc.constant('onvif://www.onvif.org/name/HIKVISION')), { maxLength: 200 }), element(['Address', 'XAddrs', 'Types']), fc.boolean())
  .map(([scopes, extra, wrapped]) => {
    const match = `<d:ProbeMatch><a:EndpointReference>${extra}</a:EndpointReference><d:Scopes>${scopes.join(' ')}</d:Scopes><d:XAddrs>${scopes.join(' ')}</d:XAddrs></d:ProbeMatch>`;
    return Buffer.from(wrapped ? `<s:Envelope><s:Body><d:ProbeMatches>${match}</d:ProbeMatches></s:Body></s:Envelope>` : match);
  });

const ssdp = fc
  .tuple(fc.constantFrom('HTTP/1.1 200 OK', 'HTTP/1.0 200', 'NOTIFY * HTTP/1.1', ''), fc.array(fc.tuple(token(['SERVER', 'USN', 'LOCATION', 'ST', '']), text(80)), { maxLength: 60 }))
  .map(([line, headers]) => Buffer.from(`${line}\r\n${headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n`));

const description = fc
  .array(element(['device', 'manufacturer', 'modelName', 'modelNumber', 'serialNumber', 'UDN', 'friendlyName', 'deviceList', 'root']), { maxLength: 40 })
  .map((parts) => `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device>${parts.join('')}</device></root>`);

const datagram = (base: fc.Arbitrary<Buffer>) => fc.record({ data: fc.oneof(mutated(base), bytes(1024), nested.map((s) => Buffer.from(s))), truncated: fc.boolean() });

describe('fuzz: multicast discovery codecs', () => {
  it('SADP: parseSadpReply never throws, the probe decoder stays bounded', () => {
    fc.assert(
      fc.property(datagram(sadp), (d) => {
        const reply = parseSadpReply(d.data.toString('utf8'));
        if (reply?.mac) expect(reply.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
        expectBounded(SADP.decode({ from: '10.0.0.1', port: 37020, ...d }, ctx), 1);
      }),
      RUNS,
    );
  });

  it('DHIP: parseDhipReply never throws and refuses oversized declared bodies', () => {
    fc.assert(
      fc.property(datagram(dhip), (d) => {
        const parsed = parseDhipReply(d.data);
        if (parsed.ok) expect(parsed.body.length).toBeLessThanOrEqual(16 * 1024);
        expectBounded(DHIP.decode({ from: '10.0.0.1', port: 37810, ...d }, ctx), 1);
      }),
      RUNS,
    );
  });

  it('WS-Discovery: parseProbeMatch never throws and keeps at most 64 scopes and XAddrs', () => {
    fc.assert(
      fc.property(datagram(probeMatch), (d) => {
        const match = parseProbeMatch(d.data.toString('utf8'));
        if (match) {
          expect(match.scopes.length).toBeLessThanOrEqual(64);
          expect(match.xaddrs.length).toBeLessThanOrEqual(64);
        }
        expectBounded(WS_DISCOVERY.decode({ from: '10.0.0.1', port: 3702, ...d }, ctx), 2);
      }),
      RUNS,
    );
  });

  it('SSDP: parseSsdpReply never throws and keeps at most 32 headers', () => {
    fc.assert(
      fc.property(datagram(ssdp), (d) => {
        const reply = parseSsdpReply(d.data.toString('utf8'));
        if (reply) expect(reply.headers.size).toBeLessThanOrEqual(32);
        expectBounded(SSDP.decode({ from: '10.0.0.1', port: 1900, ...d }, ctx), 3);
      }),
      RUNS,
    );
  });

  it('UPnP descriptions: parseDescription never throws on mutated, deep or huge documents', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(description.map((s) => Buffer.from(s))).map((b) => b.toString('utf8')), nested, huge, text(400)), (xml) => {
        const desc = parseDescription(xml);
        if (desc) for (const v of Object.values(desc)) expect(v === null || typeof v === 'string').toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('XML entities are never expanded, internal or external', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/hostname">]><root><device><manufacturer>&c;&x;</manufacturer></device></root>`;
    // Refusing the document (null) or keeping the references as written are both safe; expanding is not.
    for (const parsed of [parseDescription(bomb), parseSadpReply(bomb.replaceAll('root', 'ProbeMatch')), parseProbeMatch(bomb.replaceAll('device', 'ProbeMatch'))]) {
      const shown = JSON.stringify(parsed ?? {});
      expect(shown).not.toContain('aaaaaaaaaa');
      expect(shown).not.toContain(hostname());
    }
  });

  it('every fact of a reply is about its sender, and a reply naming only other addresses is a finding, never an identity (issue #16 finding 2)', () => {
    const address = fc.constantFrom('10.0.0.1', '10.0.0.9', '10.0.0.10', '0.0.0.0', 'cam.local', '[fe80::1]', '');
    const claiming = fc.oneof(
      fc.tuple(fc.array(address, { minLength: 1, maxLength: 1 }), sadp).map(([ips, b]) => ({
        probe: SADP, ips, data: Buffer.from(b.toString('utf8').replace(/(<\/\w+>)$/, `<IPv4Address>${ips[0]}</IPv4Address>$1`)),
      })),
      fc.array(address, { minLength: 1, maxLength: 4 }).map((ips) => ({
        probe: WS_DISCOVERY, ips,
        data: Buffer.from(`<d:ProbeMatch><d:Scopes>onvif://www.onvif.org/name/HIKVISION</d:Scopes><d:XAddrs>${ips.map((ip) => `http://${ip}/onvif/device_service`).join(' ')}</d:XAddrs></d:ProbeMatch>`),
      })),
      fc.array(address, { minLength: 1, maxLength: 1 }).map((ips) => ({ probe: SSDP, ips, data: Buffer.from(`HTTP/1.1 200 OK\r\nSERVER: Hikvision-Webs\r\nLOCATION: http://${ips[0]}:80/d.xml\r\n\r\n`) })),
      fc.array(address, { minLength: 1, maxLength: 1 }).map((ips) => {
        const body = Buffer.from(`${JSON.stringify({ mac: '3c:ef:8c:00:00:02', method: 'client.notifyDevInfo', params: { deviceInfo: { DeviceType: 'IPC', IPv4Address: { IPAddress: ips[0] } } } })}\n\0`);
        const header = Buffer.alloc(32);
        header.writeUInt32LE(0x20, 0);
        header.write('DHIP', 4);
        header.writeUInt32LE(body.length, 0x10);
        return { probe: DHIP, ips, data: Buffer.concat([header, body]) };
      }),
    );
    fc.assert(
      fc.property(claiming, ({ probe, ips, data }) => {
        const facts = probe.decode({ from: '10.0.0.1', port: probe.port, data, truncated: false }, ctx);
        for (const o of facts) expect(o.ip).toBe('10.0.0.1');
        const named = ips.filter((ip) => /^10\.0\.0\.\d+$/.test(ip));
        const claims = facts.filter((o) => o.kind === 'malformed' && o.value.startsWith('speaks for another address'));
        if (named.length > 0 && !named.includes('10.0.0.1')) {
          expect(facts.filter((o) => o.kind !== 'malformed')).toEqual([]);
        } else {
          expect(claims).toEqual([]);
        }
      }),
      RUNS,
    );
  });
});
