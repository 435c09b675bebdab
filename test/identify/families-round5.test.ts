/**
 * Issue #11, fifth round of model grammars: covered lines a survey of public model lists found read by
 * no grammar (as a bare UPnP model and as an ONVIF hardware scope), and Hytera's radio grammar, which
 * read every round number (a VIA chipset, an OKI printer) as a radio. The rows below are no family
 * example unless said: each shows the grammar reading the class, not the string it was written from.
 */
import { describe, expect, it } from 'vitest';
import { hardwareScope, verdictOf } from './observations.js';


describe('Huawei HoloSens SDC cameras flag with their model', () => {
  // A HoloSens SDC's own device-info answer in public integration code (search index id 306472965:
  // "DeviceName": "HoloSens SDC", "DeviceType": "M2141-10-EI", "Software": "SDC 9.0.0.SPC303").
  it.each([
    ['upnp.model', 'M2141-10-EI'],
    ['onvif.scope', hardwareScope('M2141-10-EI')],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'huawei', model: 'M2141-10-EI' });
  });

  // Huawei Cloud IVM's capability example names the model with its lens in parentheses
  // (https://support.huaweicloud.com/api-ivm/ivm_03_0135.html): the model keeps its own part.
  it('reads C3050-10-LI-PV(3.6mm) as C3050-10-LI-PV in a hardware scope', () => {
    expect(verdictOf('onvif.scope', hardwareScope('C3050-10-LI-PV(3.6mm)'))).toMatchObject({ status: 'covered', covered: 'huawei', model: 'C3050-10-LI-PV' });
  });

  // A zoom model, lens code Z and the zoom (型号: X6921-Z48, https://blog.csdn.net/qq_40421682/category_9977823.html).
  it('reads the zoom form X6921-Z48', () => {
    expect(verdictOf('upnp.model', 'X6921-Z48')).toMatchObject({ status: 'covered', covered: 'huawei', model: 'X6921-Z48' });
  });

  // The device name the same device-info answer gives (search index id 306472965).
  it('the HoloSens name flags Huawei', () => {
    expect(verdictOf('upnp.model', 'HoloSens SDC')).toMatchObject({ status: 'covered', covered: 'huawei' });
  });
});

describe('Huawei old home gateways, ZTE E88x0 routers and Hytera TETRA mobiles reach review', () => {
  it.each([
    // OpenWrt's Huawei boards: openwrt/openwrt@b5ce5217e2ee target/linux/ramips/image/rt305x.mk (HG255D),
    // openwrt/openwrt@e3c8ddb30809 target/linux/econet/image/en751221.mk (HG2821T-U).
    ['upnp.model', 'HG255D', 'huawei', 'HG255D'],
    ['upnp.model', 'HG2821T-U', 'huawei', 'HG2821T-U'],
    // ZTE's China Telecom routers: srt19/ZTE-E8820S@51f755bb2c71 README.md (E8820S), and E8820V2 beside
    // ZTE_E8820S in a public firmware's device list (search index id 3496332692).
    ['upnp.model', 'E8820S', 'zte', 'E8820S'],
    ['upnp.model', 'E8820V2', 'zte', 'E8820V2'],
    // Hytera's TETRA mobile terminal (a public kit list: "Hytera MT680 Plus", search index id 59991171826).
    ['upnp.model', 'MT680 Plus', 'hytera', 'MT680 Plus'],
    ['upnp.model', 'MT680', 'hytera', 'MT680'],
  ] as const)('%s %s', (kind, value, covered, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status: 'review', covered, model });
  });
});

describe("Dahua's NVD decoders without DH-", () => {
  // A public reseller catalogue of Dahua's decoders (search index id 59215995536).
  it.each([
    ['upnp.model', 'NVD0405DU-2I-8K'],
    ['onvif.scope', hardwareScope('NVD1605DU-4I-8K-2U2H')],
    ['upnp.model', 'NVD0105DH-4K'],
  ] as const)('flag with the edition suffix: %s %s', (kind, value) => {
    const model = value.replace(/^.*\//, '');
    expect(verdictOf(kind, value)).toMatchObject({ status: 'covered', covered: 'dahua', model });
  });

  it('a bare NVD number reaches review', () => {
    expect(verdictOf('upnp.model', 'NVD1805DH')).toMatchObject({ status: 'review', covered: 'dahua', model: 'NVD1805DH' });
  });
});

describe("Hytera's radios keep review with Hytera's unit digits", () => {
  // MartinWeise/oe1wfm docs/digital.md (a Hytera PD-785g); miguellagartoramos/_Wirelesslinkv1
  // Views/Hytera/PD408_UHF.vbhtml (Hytera PD408); a zero unit digit with Hytera's variant (PT790Ex) and
  // the HM78X series' HM782 (https://www.hytera.com/en/products/).
  it.each(['PD-785g', 'PD408', 'PT790Ex', 'HM782'])('%s', (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'review', covered: 'hytera' });
  });
});

describe('look-alikes stay clear', () => {
  it.each([
    // Round numbers of other makers: VIA's PT880/PT890/PT900 host bridges (pci.ids 0.0~2023.04.11-1,
    // /usr/share/misc/pci.ids lines 13567-13590), OKI's PT390 POS printer (usb.ids 2025.07.26-0+deb12u1
    // line 9956) and VIA's PT894 (a unit digit Hytera does not use).
    ['upnp.model', 'PT880'],
    ['upnp.model', 'PT890'],
    ['upnp.model', 'PT900'],
    ['upnp.model', 'PT390'],
    ['upnp.model', 'PT894'],
    // Axis cameras and Netgear switches with four digits and a hyphen (the catalogue's negatives).
    ['onvif.scope', hardwareScope('M2025-LE')],
    ['onvif.scope', hardwareScope('M3045-V')],
    ['upnp.model', 'M4250-10G2F-POE+'],
    // Linksys's E8450 router; TYT's MD-380 and Radtel's MT-700 radios; MediaTek's MT6580 SoC.
    ['upnp.model', 'E8450'],
    ['upnp.model', 'MD-380'],
    ['upnp.model', 'MT-700'],
    ['upnp.model', 'MT6580'],
    // NVIDIA's hardware video decoder engine (https://developer.nvidia.com/video-codec-sdk).
    ['upnp.model', 'NVDEC'],
    // Another word: a website named HoloSense (search index id 19247981971); and Huawei's HoloSens app
    // (the com.huawei.holosens Android package, search index id 41259921826) runs on a phone, not a camera.
    ['http.title', 'HoloSense'],
    ['http.title', 'HoloSens iClient'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });

});
