/**
 * Issue #11, the names covered devices give themselves by default (DHCP host names, mDNS instance
 * names), as a scan meets them: a Huawei-era Honor phone's EMUI device name, and a Dahua serial whose
 * tail is not hexadecimal. Both reach review, never a flag (a name is its owner's choice, and an Honor
 * model's units may postdate the November 2020 sale). Other makers' default names, Honor's names since
 * the sale and site-coded host names stay clear. Judged as a scan judges them: identify() on the facts.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe("a Huawei-era Honor device's default name (HONOR + a model launched before November 2020)", () => {
  it.each([
    // Models of KHwang9883/MobileModels brands/honor_global_en.md launched while Honor was Huawei's brand,
    // written as EMUI writes a device name into DHCP (underscores, a hex tail), as Android sanitizes it
    // (hyphens), lower-cased as DHCP watchers store it, and as an mDNS instance name (spaces).
    ['hostname', 'HONOR_6X-3c9e1f27aa', '6X'],
    ['hostname', 'HONOR_View10', 'View10'],
    ['hostname', 'honor_9_lite-5d2a', '9_lite'],
    ['hostname', 'HONOR-8C', '8C'],
    ['hostname', 'HONOR_20e', '20e'],
    ['hostname', 'HONOR_Play', 'Play'],
    ['mdns.instance', 'HONOR View30 PRO', 'View30 PRO'],
    ['mdns.instance', 'HONOR 8 Pro', '8 Pro'],
  ] as const)('%s %j goes to review as Huawei with model %s', (kind, value, model) => {
    const v = verdictOf(kind, value);
    expect([v.status, v.covered, v.model]).toEqual(['review', 'huawei', model]);
  });

  it.each([
    ['hostname', 'HONOR_50-ab12ef', 'HONOR 50 (2021, after the sale): not read as a 5'],
    ['hostname', 'HONOR_90_Lite', 'HONOR 90 Lite (2023)'],
    ['hostname', 'HONOR_X7-1f2e', 'HONOR X7 (2022)'],
    ['hostname', 'honor-magic4-lite', 'HONOR Magic4 Lite (2022)'],
    ['hostname', 'HONOR_400', 'HONOR 400 (2025)'],
    ['hostname', 'HONOR_Play_5T', 'HONOR Play 5T (2021)'],
    ['mdns.instance', 'HONOR Pad X8', 'HONOR Pad X8 (2022)'],
    ['hostname', 'android-8d1e0c7b2a3f4e5d', "Android 8's default host name"],
    ['hostname', 'Galaxy-A52', "a Samsung phone's default name"],
    ['hostname', 'iPhone', "an iPhone's default name"],
    ['hostname', 'ESP_9A8B7C', "an Espressif module's default name"],
    ['hostname', 'OnePlus-8T', "a OnePlus phone's default name"],
    ['hostname', 'Redmi-Note-10', "a Xiaomi phone's default name"],
    ['hostname', 'OPPO-Reno4', "an OPPO phone's default name"],
    ['hostname', 'LON-A01', 'a site-code host name'],
  ] as const)('%s %j (%s) is not read as Huawei', (kind, value, _why) => {
    expect(verdictOf(kind, value).covered).toBeNull();
  });
});

describe('a Dahua device named by its serial, with letters past F in the tail', () => {
  it.each(['2M00D2APAZTL62J', '2m00d2apaztl62j', '4J07B1CPAZK3M2Q.local'])('%j goes to review as Dahua with the serial', (value) => {
    const v = verdictOf('hostname', value);
    expect([v.status, v.covered, v.serial?.toUpperCase()]).toEqual(['review', 'dahua', value.replace(/\.local$/, '').toUpperCase()]);
  });

  it.each([
    ['FR0LAPTPARIS001', 'a site-coded laptop name'],
    ['DE00101WKS00042', 'a site-and-asset computer name'],
    ['DESKTOP-4G07KQZ', "Windows' default name"],
    ['XYZ1ABCPAZTL62J', 'no digit at the third place'],
  ])('%j (%s) stays clear', (value) => {
    expect(verdictOf('hostname', value).covered).toBeNull();
  });
});
