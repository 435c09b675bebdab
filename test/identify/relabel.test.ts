// OEM relabelers (covered-entities.md §3): a brand known to sell a covered entity's products for
// many models sends a device to review, never to a flag; the device's own firmware voice flags it.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { defaultRules } from '../../src/identify/rules/match.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T06:00:00.000Z';
const o = (kind: ObservationKind, value: string, port?: number): Observation =>
  port === undefined ? { ip: '10.0.0.9', kind, value, source: 'test', at } : { ip: '10.0.0.9', kind, value, port, source: 'test', at };

describe('a relabeler brand alone: review for the entity it relabels for, never covered', () => {
  const cases: Array<[string, Observation, string]> = [
    ['ONVIF name Amcrest', o('onvif.scope', 'onvif://www.onvif.org/name/Amcrest'), 'dahua'],
    ['ONVIF name LTS', o('onvif.scope', 'onvif://www.onvif.org/name/LTS'), 'hikvision'],
    // fingerprints.md §3: CP PLUS units name themselves this way in Dahua's scope layout.
    ['ONVIF name CPPLUS', o('onvif.scope', 'onvif://www.onvif.org/name/CPPLUS'), 'dahua'],
    ['UPnP manufacturer Lorex', o('upnp.manufacturer', 'Lorex'), 'dahua'],
    ['title ANNKE', o('http.title', 'ANNKE', 80), 'hikvision'],
    // nmap-service-probes line 10335: 'Interlogix TruVision DVR web interface'.
    ['Server Interlogix-Webs', o('http.server', 'Interlogix-Webs', 80), 'hikvision'],
    ['host name LOREX-NVR', o('hostname', 'LOREX-NVR'), 'dahua'],
  ];
  for (const [name, obs, entity] of cases) {
    it(name, () => {
      const v = identify([obs]);
      expect(v).toMatchObject({ status: 'review', covered: entity });
      const relabel = v.evidence.find((e) => e.rule.startsWith('relabel.'));
      expect(relabel).toMatchObject({ entity, certainty: 0.4, kind: obs.kind, value: obs.value });
      expect(relabel?.says).toMatch(/^Sold as \S.*relabels (Dahua|Hikvision)'s products for many models.*confirm with the device's own voice \(SADP\/DHIP\/ISAPI\/firmware\)/);
      // Who made it is not claimed from a label: the maker stays the brand (or unknown), never the entity.
      expect(v.manufacturerName ?? '').not.toMatch(/^(Dahua|Hikvision)$/);
    });
  }

  it('two relabel labels for one entity still stay at review', () => {
    const v = identify([o('onvif.scope', 'onvif://www.onvif.org/name/Amcrest'), o('upnp.manufacturer', 'Lorex'), o('hostname', 'amcrest-cam')]);
    expect(v).toMatchObject({ status: 'review', covered: 'dahua' });
  });

  it('the model a relabeler label states fills the verdict', () => {
    const v = identify([o('http.title', 'Amcrest IP4M-1041B', 80)]);
    expect(v).toMatchObject({ status: 'review', covered: 'dahua', brand: 'Amcrest', model: 'IP4M-1041B' });
  });
});

describe("the device's own firmware voice flags a relabeled device as before", () => {
  it('Amcrest label + Dahua realm and ONVIF hardware IPC-HDW: covered Dahua, sold as Amcrest', () => {
    const v = identify([
      o('onvif.scope', 'onvif://www.onvif.org/name/Amcrest onvif://www.onvif.org/hardware/IPC-HDW1431T1-S4'),
      o('http.realm', 'Login to 6C01E93PAG69A7D', 80),
    ]);
    expect(v).toMatchObject({ status: 'covered', covered: 'dahua', manufacturerName: 'Dahua', brand: 'Amcrest' });
    expect(v.evidence.some((e) => e.rule === 'fusion.oem')).toBe(true);
  });

  it('LTS label + Hikvision SADP answer: covered Hikvision', () => {
    const sadp = '<?xml version="1.0" encoding="utf-8"?><ProbeMatch><Uuid>A</Uuid><Types>inquiry</Types><DeviceType>141945</DeviceType><DeviceDescription>CMIP3142W-28</DeviceDescription><DeviceSN>CMIP3142W-2820190304AAWRD51234567</DeviceSN><CommandPort>8000</CommandPort><MAC>08-ea-40-3c-9d-21</MAC><SoftwareVersion>V5.6.3build 190923</SoftwareVersion><OEMInfo>LTS</OEMInfo></ProbeMatch>';
    const v = identify([o('onvif.scope', 'onvif://www.onvif.org/name/LTS'), o('sadp.reply', sadp)]);
    expect(v).toMatchObject({ status: 'covered', covered: 'hikvision', manufacturerName: 'Hikvision', brand: 'LTS' });
  });
});

describe('what is no relabel label', () => {
  it('"LTS" in running text (Ubuntu LTS) is not the LTS brand', () => {
    const v = identify([o('snmp.sysdescr', 'Linux build 5.15.0-91-generic #101-Ubuntu SMP Ubuntu 22.04.3 LTS x86_64'), o('http.title', 'Ubuntu 22.04 LTS', 80)]);
    expect(v.status).toBe('clear');
  });

  it("a third party's words about a relabeler are a note, not a label", () => {
    for (const value of ['ONVIF viewer - compatible with Amcrest, Lorex and Axis', 'Lorex camera plugin', 'https://amcrest.com/firmwaredownloads']) {
      expect(identify([o('http.title', value, 80)]).status).toBe('clear');
    }
  });

  it('every relabeler in the vocabulary names a covered entity and has no entity of its own', () => {
    const relabelers = defaultRules().vocabulary.vendors.filter((v) => v.relabels !== undefined);
    expect(relabelers.map((v) => v.name).sort()).toEqual(['Amcrest', 'Annke', 'CP PLUS', 'Intelbras', 'Interlogix', 'LTS', 'Lorex', 'TRENDnet']);
    for (const v of relabelers) expect(v.entity).toBeNull();
  });
});

describe('the same set of facts gives the same verdict in any order', () => {
  it('relabel facts do not depend on order', () => {
    const set = [o('onvif.scope', 'onvif://www.onvif.org/name/Amcrest'), o('upnp.manufacturer', 'Lorex'), o('http.title', 'ANNKE', 80)];
    const a = JSON.stringify(identify(set));
    expect(JSON.stringify(identify([...set].reverse()))).toBe(a);
    expect(JSON.stringify(identify([set[1]!, set[2]!, set[0]!]))).toBe(a);
  });
});
