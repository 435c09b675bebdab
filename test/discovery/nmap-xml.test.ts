import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeXmlText, parseNmapHost, parseNmapXml } from '../../src/discovery/nmap/nmap-xml.js';
import { MAX_VALUE_LENGTH, type Observation } from '../../src/observations/observation.js';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const brief = (o: Observation): string => `${o.ip} ${o.kind}${o.port !== undefined ? `/${o.port}` : ''} ${o.value}`;
const AT = '2030-01-01T00:00:00.000Z';

describe('parseNmapXml on real nmap output (nmap 7.93, 127.0.0.1)', () => {
  it('-sn: the host is alive, and says how', () => {
    const found = parseNmapXml(fixture('nmap-sn-loopback.xml'), { at: AT });
    expect(found).toEqual([{ ip: '127.0.0.1', kind: 'alive', value: 'localhost', source: 'nmap', at: AT }]);
  });

  it('port scan without -sV: open ports only; no service from nmap\'s port-number table, no alive for -Pn', () => {
    const found = parseNmapXml(fixture('nmap-ports-loopback.xml'));
    expect(found.map(brief)).toEqual(['127.0.0.1 tcp.open/18022 18022', '127.0.0.1 tcp.open/18080 18080']);
  });

  it('-sV: service name and "product version extrainfo" per open port, stamped with the host\'s end time', () => {
    const found = parseNmapXml(fixture('nmap-sv-loopback.xml'));
    expect(found.map(brief)).toEqual([
      '127.0.0.1 tcp.open/18022 18022',
      '127.0.0.1 nmap.service/18022 ssh',
      '127.0.0.1 nmap.product/18022 OpenSSH 8.4p1 Debian 5+deb11u1 protocol 2.0',
      '127.0.0.1 tcp.open/18080 18080',
      '127.0.0.1 nmap.service/18080 http',
      '127.0.0.1 nmap.product/18080 lighttpd 1.4.59',
    ]);
    // endtime="1795773355"
    expect(new Set(found.map((o) => o.at))).toEqual(new Set([new Date(1795773355 * 1000).toISOString()]));
  });
});

describe('parseNmapXml on edited output', () => {
  const found = parseNmapXml(fixture('nmap-edited.xml'), { at: AT });

  it('maps the ARP-found host: MAC (not nmap\'s vendor guess), reason, PTR name, services, best OS match', () => {
    expect(found.filter((o) => o.ip === '192.168.50.2').map(brief)).toEqual([
      '192.168.50.2 mac bc:ad:28:12:34:56',
      '192.168.50.2 alive arp',
      '192.168.50.2 hostname cam-lobby.example.lan',
      '192.168.50.2 tcp.open/80 80',
      '192.168.50.2 nmap.service/80 http',
      '192.168.50.2 nmap.product/80 Hikvision IP camera httpd R&D <lab>',
      '192.168.50.2 tcp.open/554 554',
      '192.168.50.2 nmap.service/554 rtsp',
      '192.168.50.2 nmap.product/554 Hikvision 7513 POE IP camera rtspd',
      '192.168.50.2 tcp.open/8000 8000',
      '192.168.50.2 nmap.os Linux 3.2 - 4.9',
    ]);
    const mac = found.find((o) => o.kind === 'mac');
    expect(mac?.mac).toBe('bc:ad:28:12:34:56');
    expect(found.some((o) => o.value.includes('Hikvision Digital'))).toBe(false);
  });

  it('skips the host that is down, the IPv6 host, the hosthint, filtered and UDP ports', () => {
    expect(new Set(found.map((o) => o.ip))).toEqual(new Set(['192.168.50.2', '192.168.50.4']));
    expect(found.filter((o) => o.port === 8443 || o.port === 161)).toEqual([]);
    expect(found.filter((o) => o.ip === '192.168.50.2' && o.kind === 'mac')).toHaveLength(1);
  });

  it('does not call a -Pn ("user-set") host alive: nmap assumed it', () => {
    expect(found.filter((o) => o.ip === '192.168.50.4').map(brief)).toEqual([
      '192.168.50.4 hostname nvr',
      '192.168.50.4 tcp.open/22 22',
      '192.168.50.4 nmap.service/22 ssh',
      '192.168.50.4 nmap.product/22 OpenSSH 8.4p1 protocol 2.0',
    ]);
  });

  it('every observation comes from nmap', () => {
    expect(found.every((o) => o.source === 'nmap')).toBe(true);
  });
});

describe('parseNmapHost on a <hosthint> (nmap -v, a host found up before its port scan)', () => {
  it('gives the address, alive and the MAC', () => {
    const hint =
      '<hosthint><status state="up" reason="arp-response" reason_ttl="0"/>\n<address addr="192.168.50.2" addrtype="ipv4"/>\n' +
      '<address addr="BC:AD:28:12:34:56" addrtype="mac" vendor="Hangzhou Hikvision Digital Technology"/>\n<hostnames>\n</hostnames>\n</hosthint>';
    expect(parseNmapHost(hint, { at: AT }).map((o) => `${o.ip} ${o.kind} ${o.value}`)).toEqual([
      '192.168.50.2 mac bc:ad:28:12:34:56',
      '192.168.50.2 alive arp',
    ]);
  });
});

describe('parseNmapHost on hostile input', () => {
  it('does not expand DTD entities', () => {
    const xml =
      '<!DOCTYPE host [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<host><status state="up" reason="arp-response"/><address addr="10.0.0.1" addrtype="ipv4"/>' +
      '<hostnames><hostname name="&b;" type="PTR"/></hostnames></host>';
    const found = parseNmapHost(xml, { at: AT });
    expect(found.find((o) => o.kind === 'hostname')?.value).toBe('&b;');
  });

  it('bounds long values', () => {
    const long = 'x'.repeat(10_000);
    const xml = `<host><status state="up" reason="arp-response"/><address addr="10.0.0.1" addrtype="ipv4"/><ports><port protocol="tcp" portid="80"><state state="open"/><service name="http" product="${long}" method="probed"/></port></ports></host>`;
    const product = parseNmapHost(xml).find((o) => o.kind === 'nmap.product');
    expect(product?.value.length).toBe(MAX_VALUE_LENGTH);
  });

  it('ignores bad addresses and ports and returns nothing for garbage, with a warning', () => {
    const xml =
      '<host><status state="up" reason="arp-response"/><address addr="10.0.0.300" addrtype="ipv4"/></host>';
    expect(parseNmapHost(xml)).toEqual([]);
    const badPorts =
      '<host><status state="up" reason="syn-ack"/><address addr="10.0.0.1" addrtype="ipv4"/><ports>' +
      '<port protocol="tcp" portid="0"><state state="open"/></port><port protocol="tcp" portid="99999"><state state="open"/></port>' +
      '<port protocol="tcp" portid="8a"><state state="open"/></port></ports></host>';
    expect(parseNmapHost(badPorts).map((o) => o.kind)).toEqual(['alive']);
    const warnings: string[] = [];
    expect(parseNmapHost('<host><<<', { onWarning: (m) => warnings.push(m) })).toEqual([]);
    expect(parseNmapHost('not xml at all', { onWarning: (m) => warnings.push(m) })).toEqual([]);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('keeps every complete host of a truncated document', () => {
    const text = fixture('nmap-edited.xml');
    const cut = text.slice(0, text.indexOf('<host starttime="1795773344" endtime="1795773350"><status state="down"') + 40);
    expect(new Set(parseNmapXml(cut).map((o) => o.ip))).toEqual(new Set(['192.168.50.2']));
  });
});

describe('decodeXmlText', () => {
  it('decodes the XML entities and character references, and nothing else', () => {
    expect(decodeXmlText('a&amp;b &lt;c&gt; &quot;&apos; &#65;&#x42; &nbsp; &#x110000;')).toBe(
      'a&b <c> "\' AB &nbsp; &#x110000;',
    );
  });
});
