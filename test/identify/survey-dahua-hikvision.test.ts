/**
 * Issue #11, a coverage survey of Dahua's and Hikvision's lines beyond Hikvision's DS- catalogue (session 9):
 * model names from public lists, read as a device states them. Lines no grammar read, or read with the
 * wrong covered entity: Dahua's 5-series cameras by their short number (IPC-B5442E-Z4E was clear), Imou's
 * Cell 2 battery cameras (IPC-B46L reached review as Hikvision's, by the shape of HiLook's IPC-B), EZVIZ's
 * smart plugs and a three-character configuration code (clear), and Hikrobot's MV-CL line-scan cameras
 * (clear or shape review). HiLook's full numbers (IPC-B140HA-LU) reached only review, like the bare ones.
 * Each look-alike below is another maker's real number.
 */
import { describe, expect, it } from 'vitest';
import { hardwareScope, verdictOf } from './observations.js';


describe("Dahua's 5-series cameras by their short number flag with their model", () => {
  // rroller/dahua@0336304b4aa9 README.md, Known supported cameras, 4-/5-Series (none a family example in this kind).
  it.each([
    ['upnp.model', 'IPC-B5442E-Z4E', 'IPC-B5442E-Z4E'],
    ['upnp.model', 'IPC-B54IR-ASE', 'IPC-B54IR-ASE'],
    ['onvif.scope', hardwareScope('IPC-T5442TM-AS'), 'IPC-T5442TM-AS'],
    ['hostname', 'ipc-t5442t-ze', 'IPC-T5442T-ZE'],
  ] as const)('%s %s', (kind, value, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'dahua', model });
  });
});

describe("Imou's Cell 2 cameras reach review as Dahua's, not Hikvision's", () => {
  // https://github.com/maximunited/imou_life/commit/84dd267f92db5360dbf5cb9a27248e592a83d1d0 (Cell 2 series).
  it.each(['IPC-B46L', 'IPC-B46LN'])('upnp.model %s', (model) => {
    expect(verdictOf('upnp.model', model)).toMatchObject({ status: 'review', covered: 'dahua', model });
  });
});

describe("EZVIZ's smart plugs and short configuration codes flag as Hikvision's", () => {
  // https://github.com/phnguy/Ezviz README.md, Supported Devices (Smart Plugs).
  it.each([
    ['upnp.model', 'CS-T30-10B-EU', 'CS-T30-10B-EU'],
    ['onvif.scope', hardwareScope('CS-CPD7-R105-1K3'), 'CS-CPD7-R105-1K3'],
  ] as const)('%s %s', (kind, value, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'hikvision', model });
  });
});

describe("Hikrobot's line-scan cameras flag as Hikvision's", () => {
  // Line-scan cameras as public machine-vision projects name them (search index ids 54528151205, 71245065376).
  it.each(['MV-CL021-40GM', 'MV-CL024-91GM'])('upnp.model %s', (model) => {
    expect(verdictOf('upnp.model', model)).toMatchObject({ status: 'covered', covered: 'hikvision', model });
  });
});

describe('look-alikes keep their own reading', () => {
  it.each([
    // Uniview turrets (ch-bas/cctv-camera-database@4b6157cf1c52 docs/cameras/uniview/).
    ['upnp.model', 'IPC-T12H40-A'],
    ['upnp.model', 'IPC-T24S-A40'],
    // Cisco's room kit (the catalogue's Cisco list) and Panasonic's air conditioner (ezviz.cs counter-examples).
    ['upnp.model', 'CS-ROOM55-K9'],
    ['upnp.model', 'CS-TZ25WKEW'],
    // Daheng's and Basler's industrial cameras (hikrobot.mv counter-examples' makers).
    ['upnp.model', 'MER-131-75GM-P'],
  ] as const)('%s %s is clear', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });

  it.each(['IPC-B140H', 'IPC-T240H'])("HiLook's bare %s stays review as Hikvision's", (model) => {
    expect(verdictOf('upnp.model', model)).toMatchObject({ status: 'review', covered: 'hikvision' });
  });
});

describe("Dahua's intercom master station by its bare number stays at review", () => {
  // myhomeiot/DahuaVTO@d22ac405 README.md (may work: VTS5240): the model-number shape read it at review until
  // the catalogue grew (rroller/dahua's and Imou's lists), then it was clear; the VTO grammar now keeps it.
  it.each([
    ['upnp.model', 'VTS5240'],
    ['onvif.scope', hardwareScope('VTS5240')],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'review', covered: 'dahua', model: 'VTS5240' });
  });
});

describe("HIKMICRO's thermal cameras with a series letter flag as Hikvision's", () => {
  // A thermal dataset's sensor (search index id 63526499395: 'Hikmicro HM-TD2C68E-25/Q'); it reached review
  // by the model-number shape only, as the grammar wanted four digits.
  it.each([
    ['upnp.model', 'HM-TD2C68E-25/Q'],
    ['onvif.scope', hardwareScope('HM-TD2C68E-25/Q')],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'hikvision', model: 'HM-TD2C68E-25/Q' });
  });
});

describe("HiLook's full numbers flag as Hikvision's", () => {
  // ch-bas/cctv-camera-database@f5c0efdd8c28 cameras/hilook/ (none a family example); a recorder as
  // HiLook's catalogue names it (https://www.hilook.com.tr/en/products/).
  it.each([
    ['upnp.model', 'IPC-B1120HAP-LUF', 'IPC-B1120HAP-LUF'],
    ['upnp.model', 'IPC-B449HAAH-LU', 'IPC-B449HAAH-LU'],
    ['onvif.scope', hardwareScope('IPC-B160HAP-LUF'), 'IPC-B160HAP-LUF'],
    ['http.title', 'NVR-104MH-C/4P', 'NVR-104MH-C/4P'],
  ] as const)('%s %s', (kind, value, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'hikvision', model });
  });
});
