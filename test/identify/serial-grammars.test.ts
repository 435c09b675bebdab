/**
 * Issue #11, bare serial numbers: a serial whose maker is written into it by construction (a GPON
 * vendor ID, Hikvision's model-dated serial) names that maker wherever the device states it, a UPnP
 * serialNumber or a serial another answer carries (SADP, DHIP, ISAPI); serials that only look
 * similar (other vendor IDs, placeholders, H3C's equipment barcodes, Dahua's) name nobody; Huawei's
 * equipment barcode, whose letter year H3C's barcodes never carry, reaches review. Judged as a scan judges them: identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const fact = (kind: ObservationKind, value: string): Observation => ({ ip: '192.0.2.9', kind, value, source: 'test', at: '2026-12-05T00:00:00Z' });
const serial = (value: string): Observation => fact('upnp.serial', value);

describe('serials that name their maker by construction', () => {
  it.each([
    // Unifi-Tools/UFiber.Configurator issue #28 (ASCII and hex forms of one Huawei ONT serial); Anime4000/RTL960x discussion #270.
    ['HWTC61DE3C1A', 'huawei'],
    ['4857544361DE3C1A', 'huawei'],
    ['48575443C661499D', 'huawei'],
    // Unifi-Tools/UFiber.Configurator issue #18, and its hex form.
    ['ZTEGCE81FE6D', 'zte'],
    ['5A544547CE81FE6D', 'zte'],
  ] as const)('GPON serial %s flags %s and is the verdict serial', (value, entity) => {
    const verdict = identify([serial(value)]);
    expect([verdict.status, verdict.covered, verdict.serial]).toEqual(['covered', entity, value]);
  });

  it.each([
    // haohedev/VideoSurveillanceSystem README.md: a 16-channel DVR (the channel count sits between model and date).
    ['DS-7816H-SNH1620140125AACH450813722WCVU', 'DS-7816H-SNH'],
    // Haicam/Haicam golang/discovery.go: a camera's SADP DeviceSN.
    ['DS-2CD2385G1-I20200414AAWRE33842150', 'DS-2CD2385G1-I'],
  ])('Hikvision serial %s flags Hikvision with model %s', (value, model) => {
    const verdict = identify([serial(value)]);
    expect([verdict.status, verdict.covered, verdict.model, verdict.serial]).toEqual(['covered', 'hikvision', model, value]);
  });
});

describe("ZTE's device serials (ZTE, seven letters or digits, five digits) reach review for ZTE", () => {
  it.each([
    // mkst/zte-config-utility issue #121 (an F6600P's setmac SN), issue #142 (an F660 V9.0), Anime4000/RTL960x issue #282 (an F601).
    'ZTE0QL4P4U06006',
    'ZTEKQNBNC704654',
    'ZTELQDLP3H05829',
  ])('%s as a UPnP serialNumber', (value) => {
    const verdict = identify([serial(value)]);
    expect([verdict.status, verdict.covered, verdict.serial]).toEqual(['review', 'zte', value]);
  });

  it('read as one fact from a serial another rule captured and the same UPnP serial', () => {
    const value = 'ZTEKQNBNC704654';
    const verdict = identify([serial(value), fact('snmp.entity.serial', value)]);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'zte']);
    expect(verdict.evidence.filter((e) => e.rule === 'upnp.serial.zte.device-serial' && e.certainty > 0)).toHaveLength(1);
  });

  it.each([
    ['ZTE0QL4P4U0600', 'fourteen characters'],
    ['ZTE0QL4P4U060061', 'sixteen characters'],
    ['ZTE0QL4P4UA6006', 'a tail that is not five digits'],
    ['zte0ql4p4u06006', 'lower case'],
    ['ZTEG00000000', 'a GPON placeholder'],
  ])('%s (%s) stays clear', (value) => {
    expect(identify([serial(value)]).status).toBe('clear');
  });
});

describe("Huawei's terminal serials (product code, year, month, unit number) reach review for Huawei", () => {
  // trackIT-Systems/tsOS-vhf issue #3: an E3372h-320's /api/device/information answer.
  const hilinkInformation = '<?xml version="1.0" encoding="UTF-8"?>\n<response>\n<DeviceName>E3372h-320</DeviceName>\n<SerialNumber>VQNDW21311001538</SerialNumber>\n<HardwareVersion>CL4E3372HM</HardwareVersion>\n<ProductFamily>LTE</ProductFamily>\n<Classify>hilink</Classify>\n</response>';

  it('as a UPnP serialNumber: review, Huawei named, the serial kept', () => {
    const verdict = identify([serial('VQNDW21311001538')]);
    expect([verdict.status, verdict.covered, verdict.serial]).toEqual(['review', 'huawei', 'VQNDW21311001538']);
  });

  it('inside the HiLink answer that names the model, the device flags with model and serial (the FAR fields)', () => {
    const verdict = identify([fact('http.body', hilinkInformation)]);
    expect([verdict.status, verdict.covered, verdict.model, verdict.serial]).toEqual(['covered', 'huawei', 'E3372h-320', 'VQNDW21311001538']);
  });

  it.each([
    ['VQNDW21D11001538', 'a thirteenth month'],
    ['VQNDW2131100153', 'fifteen characters'],
    ['VQND521311001538', 'a digit where the product code ends in a letter'],
    ['vqndw21311001538', 'lower case'],
    ['1234567890123456', 'sixteen digits'],
    ['ZTE0QL4P4U060061', "sixteen characters beginning ZTE"],
  ])('%s (%s) is not read as one', (value) => {
    expect(identify([serial(value)]).covered).toBeNull();
  });
});

describe("Huawei's equipment barcodes (21, item code, vendor code, letter year, month, unit number) reach review for Huawei", () => {
  it.each([
    // forum.huawei.com thread 568737-861 (display esn), support.huawei.com KB1000073722 (an AR's elabel BarCode),
    // LibreNMS tests/snmpsim/vrp_5720.snmprec (an S5720's chassis entPhysicalSerialNum), KB1000396201 (a server ESN).
    '2102113374P0F4000046',
    '210235293310B5000001',
    '2102359576DMHC000120',
    '2102310QPD10F3001263',
  ])('%s as a UPnP serialNumber and as an ENTITY-MIB serial', (value) => {
    for (const obs of [serial(value), fact('snmp.entity.serial', value)]) {
      const verdict = identify([obs]);
      expect([verdict.status, verdict.covered, verdict.serial]).toEqual(['review', 'huawei', value]);
    }
  });

  it('an ENTITY-MIB serial and the same UPnP serial are one fact', () => {
    const value = '2102359576DMHC000120';
    const verdict = identify([fact('snmp.entity.serial', value), serial(value)]);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'huawei']);
    expect(verdict.evidence.filter((e) => e.rule === 'upnp.serial.huawei.equipment-barcode' && e.certainty > 0)).toHaveLength(1);
  });

  it.each([
    // networktocode/ntc-templates tests/hp_comware/display_device_manuinfo: an H3C SecPath F1000-AK115 (2021), an RT-FIP-240 (2015),
    // an HPE FlexFabric 5930's own serial, an H3C serial masked to digits; and an H3C S6850-2C's serial.
    ['219801A1C39214Q00075', 'H3C, a digit year and item 9801A…'],
    ['210231A2MGB15A000075', 'H3C, a digit year and item 0231A…'],
    ['210235A1ELH123000456', 'H3C, item 0235A…'],
    ['CN43GG2001', 'HPE'],
    ['11111111111111110000', 'a masked H3C serial'],
    ['21023529331095000001', 'a Huawei barcode of 2009: a digit year, as H3C writes it'],
    ['2102113374P0I4000046', 'the year I, which Huawei skips'],
    ['2102113374P0FD000046', 'a thirteenth month'],
    ['2102113374P0F4000000', 'a unit number of zeros'],
    ['2102113374p0f4000046', 'lower case'],
  ])('%s (%s) stays clear, as a UPnP and as an ENTITY-MIB serial', (value) => {
    for (const obs of [serial(value), fact('snmp.entity.serial', value)]) {
      const verdict = identify([obs]);
      expect([verdict.status, verdict.covered]).toEqual(['clear', null]);
    }
  });
});

describe('serials that only look like them name nobody', () => {
  it.each([
    ['CXNK0096EBFC', 'Calix FSAN (hwti/G-010S-A issue #37)'],
    ['GPONC6FFFFFF', 'the generic vendor ID of an ONT stick'],
    ['ALCLB2C3D4E5', "Nokia's vendor ID"],
    ['FHTT12345678', "FiberHome's vendor ID"],
    ['HWTC00000000', 'a placeholder'],
    ['210235A1ELH123000456', "an H3C switch's serial (display device manuinfo)"],
  ])('%s (%s) stays clear', (value) => {
    const verdict = identify([serial(value)]);
    expect([verdict.status, verdict.covered, verdict.serial]).toEqual(['clear', null, value]);
  });
});

describe('a serial is a label', () => {
  it("a Huawei GPON serial beside another maker's firmware voice is review, not a flag (an ONT stick set to the ISP ONT's serial)", () => {
    const verdict = identify([serial('HWTC61DE3C1A'), fact('http.server', 'HP HTTP Server; HP Officejet Pro 8600 - CM749A; Serial Number: CN2AK1B0R1; Built:Thu Apr 03, 2014 05:14:31PM {ELP1CN1414AR}')]);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'huawei']);
  });
});

describe('serials in other answers go through the same grammar', () => {
  // A SADP answer that states only its serial (no DeviceDescription): the model comes from the serial.
  const sadp = (sn: string): Observation =>
    fact('sadp.reply', `<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>e8ecfe09-90e4-44c0-842b-703f46b58c81</Uuid><Types>inquiry</Types><DeviceSN>${sn}</DeviceSN></ProbeMatch>`);

  it("reads the model from a SADP DeviceSN as from a UPnP serialNumber", () => {
    const verdict = identify([sadp('DS-7816H-SNH1620140125AACH450813722WCVU')]);
    expect([verdict.status, verdict.covered, verdict.model]).toEqual(['covered', 'hikvision', 'DS-7816H-SNH']);
  });

  it('one serial stated by SADP and by UPnP is one fact', () => {
    const value = 'DS-7816H-SNH1620140125AACH450813722WCVU';
    const verdict = identify([sadp(value), serial(value)]);
    expect(verdict.evidence.filter((e) => e.rule === 'upnp.serial.hikvision.model-dated')).toHaveLength(1);
    expect(verdict.model).toBe('DS-7816H-SNH');
  });

  it('a GPON serial in a Huawei home gateway answer reads as the Huawei vendor ID, not as another maker', () => {
    const body = 'while(1); /*{"DeviceName":"HG8245H","SerialNumber":"4857544361DE3C1A","ManufacturerOUI":"00E0FC","SoftwareVersion":"V3R017C10S125"}*/';
    const verdict = identify([fact('http.body', body)]);
    expect([verdict.status, verdict.covered, verdict.serial]).toEqual(['covered', 'huawei', '4857544361DE3C1A']);
  });
});
