/** Fuzzing the nmap XML reader (live nmap output and `lanaudit import` files). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeXmlText, parseNmapXml } from '../../src/discovery/nmap/nmap-xml.js';
import { parseIpv4 } from '../../src/scope/index.js';
import { expectBounded, huge, mutated, nested, RUNS, text, token } from './arbitraries.js';

/** Attribute text: usually harmless, sometimes quotes, angle brackets, entities and huge runs. */
const attr = fc.oneof(text(40), fc.constantFrom('"', '<', '&amp;', '&#0;', '&#xD800;', '&#99999999;', '&xxe;'), fc.string({ maxLength: 8 }).map((s) => s.repeat(800)));
const port = fc
  .tuple(fc.oneof(fc.integer({ min: -5, max: 70_000 }).map(String), attr), token(['tcp', 'udp']), token(['open', 'closed', 'filtered']), attr, attr, attr, token(['probed', 'table']))
  .map(([id, proto, state, name, product, version, method]) => `<port protocol="${proto}" portid="${id}"><state state="${state}" reason="syn-ack"/><service name="${name}" product="${product}" version="${version}" method="${method}"/></port>`);
const host = fc
  .tuple(token(['up', 'down']), token(['arp-response', 'syn-ack', 'user-set', 'reset']), fc.oneof(fc.ipV4(), attr), fc.oneof(fc.constant('BC:AD:28:00:00:01'), attr), fc.array(attr, { maxLength: 4 }), fc.array(port, { maxLength: 30 }), attr, fc.oneof(fc.nat().map(String), attr))
  .map(([state, reason, ip, mac, names, ports, os, endtime]) =>
    `<host starttime="1" endtime="${endtime}"><status state="${state}" reason="${reason}"/><address addr="${ip}" addrtype="ipv4"/><address addr="${mac}" addrtype="mac" vendor="x"/>` +
    `<hostnames>${names.map((n) => `<hostname name="${n}" type="PTR"/>`).join('')}</hostnames><ports>${ports.join('')}</ports><os><osmatch name="${os}" accuracy="100"/></os></host>`,
  );
const document = fc
  .array(host, { maxLength: 6 })
  .map((hosts) => `<?xml version="1.0"?><!DOCTYPE nmaprun><?xml-stylesheet href="x"?><nmaprun scanner="nmap">${hosts.join('\n')}<runstats/></nmaprun>`);

describe('fuzz: nmap XML', () => {
  it('parseNmapXml never throws; observations are bounded with valid addresses and ports', () => {
    const at = new Date(0).toISOString();
    fc.assert(
      fc.property(fc.oneof(mutated(document.map((d) => Buffer.from(d))).map((b) => b.toString('utf8')), nested.map((n) => `<nmaprun><host>${n}</host></nmaprun>`), huge, text(500)), (xml) => {
        const obs = parseNmapXml(xml, { at, onWarning: () => undefined });
        expectBounded(obs, 1_000_000);
        for (const o of obs) {
          expect(parseIpv4(o.ip)).not.toBeNull();
          if (o.port !== undefined) expect(o.port >= 1 && o.port <= 65535).toBe(true);
          if (o.mac !== undefined) expect(o.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('decodeXmlText never throws and never lengthens its input', () => {
    fc.assert(
      fc.property(fc.oneof(attr, text(200), fc.array(fc.constantFrom('&#', 'x', '1', ';', '&', 'amp', 'lt'), { maxLength: 60 }).map((a) => a.join(''))), (t) => {
        expect(decodeXmlText(t).length).toBeLessThanOrEqual(t.length);
      }),
      RUNS,
    );
  });
});
