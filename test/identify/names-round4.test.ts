/**
 * Issue #11, fourth round of names a device states (5 Dec): the bare-model telnet prompt of ZTE's PON
 * ONTs in any line-break form, Huawei's terminal hardware codes and ZTE's 5G CPE hardware versions as
 * ENTITY-MIB model names, and the local domain a Huawei router gives its own address. Look-alikes of
 * other makers stay clear. Judged as a scan judges them: identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const fact = (kind: ObservationKind, value: string): Observation => ({ ip: '192.0.2.9', kind, value, source: 'test', at: '2026-12-05T00:00:00Z' });
const noMac = { lookup: () => null };
const verdictOf = (kind: ObservationKind, value: string) => identify([fact(kind, value)], noMac);

describe("ZTE ONTs' bare-model telnet prompt (nmap-service-probes line 4725: F-model, CR LF CR, Login:)", () => {
  it.each([
    // Recog's F668 example as sent, then the same prompt as tools write it without the stray CR;
    // the other models are ZTE ONT numbers of families.json zte.f6 (EPON F4xx, GPON F6xx, Wi-Fi 6 four-digit).
    ['F668\r\n\rLogin:', 'F668'],
    ['F668\nLogin:', 'F668'],
    ['F401\r\nLogin:', 'F401'],
    ['F477\r\n\rLogin:', 'F477'],
    ['F670L\nLogin:', 'F670L'],
    ['F601 V6\r\nLogin:', 'F601'],
    ['F6600P\r\n\rLogin:', 'F6600P'],
    ['F2866S\nLogin:', 'F2866S'],
  ])('%j flags ZTE with model %s', (value, model) => {
    const v = verdictOf('telnet.banner', value);
    expect([v.status, v.covered, v.model]).toEqual(['covered', 'zte', model]);
  });

  it.each([
    ['F300\r\nLogin:', "a three-digit F-number outside ZTE's ONT lines (Tenda's F300)"],
    ['F1202\nLogin:', 'a four-digit F1 number without a ZTE suffix'],
    ['F2000\r\nLogin:', 'a round number'],
    ['F5D8236-4\r\nLogin:', "Belkin's F5D8236-4"],
    ['F668\r\n\rlogin:', 'the lower-case getty prompt'],
    ['F668 Exporter\r\nLogin:', 'other words after the model'],
    ['FortiGate-60E login:', "Fortinet's prompt"],
  ])('%j (%s) stays clear', (value) => {
    expect(verdictOf('telnet.banner', value).covered).toBeNull();
  });
});

describe('ENTITY-MIB model names that are a board code or a hardware version', () => {
  it.each([
    // Rule examples: tsOS-vhf issue #3 (an E3372h-320), jinxo13/HuaweiB525Router README (a B525s-65a),
    // Salamek/huawei-lte-api README (a B310s-22). The others are HardwareVersion values of an E5573Cs-322,
    // an E3372, an E8372h-320, a B311-221 and an H168-383 quoted in public repositories (found by the code index).
    'CL4E3372HM',
    'WL2B520M',
    'WL1B310FM03',
    'CL1E5573CSM11 Ver.B',
    'CL1E3372SM',
    'CL2E3372HM',
    'CL4E8372HM01',
    'WL1B310M',
    'WL1H168M',
  ])('the Huawei terminal hardware code %s flags Huawei', (value) => {
    const v = verdictOf('snmp.entity.model', value);
    expect([v.status, v.covered]).toEqual(['covered', 'huawei']);
  });

  it.each([
    // Kajkac/ZTE-MC-Home-assistant-repo issue #51 (an MC888B), then members of the same ZTE list.
    ['MC888BHWV1.0.0', 'MC888B'],
    ['MC801AHWV1.0', 'MC801A'],
    ['MC7010 Ultra_HWV2.0', 'MC7010'],
    // forum.openwrt.org topic 144807 (an ISP's MF283+: hardware version PCBMF283+V1.0.0).
    ['PCBMF283+V1.0.0', 'MF283+'],
  ])('the ZTE hardware version %s flags ZTE with model %s', (value, model) => {
    const v = verdictOf('snmp.entity.model', value);
    expect([v.status, v.covered, v.model]).toEqual(['covered', 'zte', model]);
  });

  it.each([
    ['MC7455HWV1.0', 'a Sierra Wireless module number with a revision'],
    ['MC7455', 'a Sierra Wireless module number'],
    ['CL4E3372H', 'no M at the end'],
    ['WL-500gP', "ASUS's router name"],
    ['WS-C2960X-48FPS-L', 'a Cisco chassis model'],
    ['MF286DHWV1.0', 'an MF number, not in the MC/MU list'],
    ['PCB V1.0', 'a board revision naming no model'],
  ])('%s (%s) is not read as either', (value) => {
    const v = verdictOf('snmp.entity.model', value);
    expect(v.evidence.some((e) => e.rule.startsWith('snmp.entity.model.') && e.certainty > 0)).toBe(false);
  });
});

describe("a Huawei router's own local domain as its host name", () => {
  it.each([
    // jinxo13/HuaweiB525Router README (a B525's LAN domain); caaby/w host.s lists mediarouter.home as Huawei's router domain;
    // huaweimobilewifi.com is the mobile Wi-Fi's domain.
    'homerouter.cpe',
    'HOMEROUTER.CPE',
    'huaweimobilewifi.com',
  ])('%s reaches review for Huawei, never a flag', (value) => {
    const v = verdictOf('hostname', value);
    expect([v.status, v.covered]).toEqual(['review', 'huawei']);
  });

  it.each(['routerlogin.net', 'router.asus.com', 'www.miwifi.com', 'tplinklogin.net', 'myrouter.local', 'fritz.box', 'homerouter.cpe.example.net', 'huaweimobilewifi.com.evil.example'])(
    '%s names nobody',
    (value) => {
      expect(verdictOf('hostname', value).status).toBe('clear');
    },
  );
});

describe('default names that are the device serial', () => {
  it.each([
    // 128keaton/hikvision-mdns test/cameras.json (a camera's mDNS host name), as written and lower-cased by a DHCP watcher.
    ['DS-2CD2722FWD-IZS20170321BBWR733050075.local', 'DS-2CD2722FWD-IZS', '733050075'],
    ['ds-2cd2722fwd-izs20170321bbwr733050075', 'ds-2cd2722fwd-izs', '733050075'],
    // maciej-or/hikvision_next issue #196: a door station's serial (a two-digit count, a seven-digit unit number).
    ['DS-KV8213-WME1(C)0120230508RRAB0353909', 'DS-KV8213-WME1(C)', '0353909'],
  ])('the Hikvision name %s flags with model %s and serial %s', (value, model, serial) => {
    const v = verdictOf('hostname', value);
    expect([v.status, v.covered, v.model, v.serial]).toEqual(['covered', 'hikvision', model, serial]);
  });

  it.each([
    // Dahua names a device by its serial by default (Haicam/Haicam discovery.go: the DHIP MachineName equals the SerialNo);
    // the serial of rroller/dahua issue #9, as written and lower-cased.
    '6C01E93PAG69A7D',
    '4F07335PAZEEA9B',
    '4f07335pazeea9b',
  ])('the Dahua serial %s as a host name reaches review for Dahua with the serial', (value) => {
    const v = verdictOf('hostname', value);
    expect([v.status, v.covered, v.serial]).toEqual(['review', 'dahua', value]);
  });

  it.each(['DESKTOP-4F07335', 'android-4f07335aeea9b12c', '4f07335abceea9b', 'ZTEKQNBNC704654.local', 'DS218play'])('%s is no Dahua or Hikvision serial name', (value) => {
    const v = verdictOf('hostname', value);
    expect(v.evidence.some((e) => e.rule === 'hostname.dahua.serial-name' || e.rule === 'hostname.hikvision.device-sn')).toBe(false);
  });
});
