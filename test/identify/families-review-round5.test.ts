/**
 * Over-reach the second review sweep of 5 Dec found in the model grammars (oui/families.json): real
 * other makers' model names that flagged as Huawei or reached review, each mended by narrowing the
 * grammar to the covered maker's own numbering, not by naming the string.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';

const at = '2026-12-05T00:00:00Z';
const model = (value: string) => identify([{ ip: '192.0.2.4', kind: 'upnp.model', value, source: 'upnp', at }]);
const host = (value: string) => identify([{ ip: '192.0.2.4', kind: 'hostname', value, source: 'dns', at }]);

describe('model grammars keep to the covered maker\'s numbering', () => {
  it.each([
    // usb.ids 214b:7000: Huasheng's "HS8836" 4-port USB hub chip; Huawei's ONTs number 80xx-85xx (HG8010H … HN8546X6).
    ['HS8836', 'huawei.ont'],
    // nut-server 2.8.0-7 driver.list lines 186 and 188: Borri UPSes; Huawei's B routers never take a round hundred or a three-capital word.
    ['B500-100-B', 'huawei.lte'],
    ['B500EVO-100-B', 'huawei.lte'],
    // nmap-service-probes (nmap 7.93) line 15156: ZyXEL Prestige 660HW; SoftBank's Huawei codes are <year>0<n>HW (201HW … 801HW).
    ['660HW', 'huawei.softbank-code'],
    // HP ProCurve E5406zl/E3500yl switches (nmap-os-db): zl/yl are HP's suffixes, not Huawei's variant letters.
    ['E5406zl', 'huawei.e-stick'],
    ['E3500yl', 'huawei.e-stick'],
  ])('%s is not read as Huawei (%s)', (value) => {
    const v = model(value);
    expect(v.status).toBe('clear');
    expect(v.covered).toBeNull();
  });

  it.each([
    ['HG8245H', 'huawei'],
    ['HN8546X6', 'huawei'],
    ['B311B-853', 'huawei'],
    ['B310As-852', 'huawei'],
    ['303HW', 'huawei'],
    ['A101HW', 'huawei'],
  ])('%s, a member of the line, still flags', (value, entity) => {
    const v = model(value);
    expect(v.status).toBe('covered');
    expect(v.covered).toBe(entity);
  });

  it('Canon keeps its colour MF6xx-8xx C numbers, and ZTE its MF2x6C routers (both reach the same shape)', () => {
    // Canon's colour i-SENSYS/imageCLASS numbers (sane-backends' pixma table, families.json zte.mf's counter-examples).
    for (const value of ['MF634C', 'MF644C', 'MF731C', 'MF745C']) expect(model(value).status).toBe('clear');
    // ZTE's MF286C 4G router (OpenWrt packages ipq-wifi-zte_mf286c for it: search-index id 65717746052); the C-suffix
    // exclusion had made it clear; it is review, as other bare ZTE MF numbers are.
    const zte = model('MF286C');
    expect(zte.status).toBe('review');
    expect(zte.covered).toBe('zte');
  });

  it('a bare S-switch number is not read in a host name, where S2301 is as often a room (the full model still is)', () => {
    for (const name of ['S2301', 'S3310', 'S5720', 'S9303']) expect(host(name).status).toBe('clear');
    expect(host('S6730-H24X6C').covered).toBe('huawei');
    expect(model('S9303').status).toBe('review');
  });
});
