/**
 * Issue #11, review of the 5 Dec evening coverage surveys (round 6): other makers' real strings
 * swept through identify() against the grammars the surveys added or widened (oui/families.json).
 * Each case is a string another maker's device states that flagged or reached review; judged as a
 * scan judges it, by identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe("huawei.phone-code keeps to Huawei's own uses of a code Honor also uses", () => {
  // Honor, sold by Huawei in November 2020 and not covered, names its devices HN + code in Google Play's
  // device catalogue (premex-ab/android-compose-preview-ext@a00de1ce6540 …/catalog/android/Honor.kt:
  // HNALT-Q1, HNALT-Q2, HNALT-QL); its ALT-LX1 (search index id 67261648126: DEVICE=Honor ALT-LX1)
  // shares the letters of Huawei's Mate X3 (ALT-AL00, ALT-L29). The user agent: search index id 53436429755.
  it.each([
    ['upnp.model', 'ALT-LX1'],
    ['snmp.entity.model', 'ALT-LX1'],
    ['http.header', 'User-Agent: Mozilla/5.0 (Linux; Android 10; ALT-LX1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36'],
  ] as const)("Honor's %s %j is not read as Huawei", (kind, value) => {
    const verdict = verdictOf(kind, value);
    expect(verdict.evidence.map((e) => e.rule)).not.toContain('family.huawei.phone-code');
    expect(verdict.status).toBe('clear');
  });

  it.each(['ALT-AL00', 'ALT-L29'])("Huawei's Mate X3 %s still flags", (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'covered', covered: 'huawei', model: value });
  });
});

describe("huawei.lte leaves a laptop's DMI product name alone", () => {
  // Debian bookworm udev 252.39-1~deb12u2, /lib/udev/hwdb.d/60-keyboard.hwdb line 180: Acer's TravelMate B311-31
  // and B311R-31 laptops, whose B311 and two-digit suffix have the shape of Huawei's B311 LTE routers.
  it.each(['TravelMate B311-31', 'TravelMate B311R-31'])('%j is not read as Huawei', (value) => {
    for (const kind of ['upnp.model', 'snmp.entity.model'] as const) expect(verdictOf(kind, value).status).toBe('clear');
  });

  it("Huawei's B311 routers still flag", () => {
    expect(verdictOf('upnp.model', 'B311B-853')).toMatchObject({ status: 'covered', covered: 'huawei', model: 'B311B-853' });
  });
});

describe("huawei.matebook-code leaves Honor's MagicBook codes alone, as the tablet grammar does", () => {
  // Honor's MagicBooks use some of the MateBook letters with Honor's HN suffix (codes named by the
  // round-6 sweep from Honor MagicBook DMI product names); Honor sold them on after November 2020.
  it.each(['Nbl-WAH9HN', 'NblL-WFQ9HN', 'BohL-WDQ9HN'])('%s is not read as a Huawei MateBook', (value) => {
    expect(verdictOf('upnp.model', value).evidence.map((e) => e.rule)).not.toContain('family.huawei.matebook-code');
  });

  it.each(['KLVD-WFH9', 'WRTB-WAH9L', 'BoD-WFH9'])("Huawei's %s still flags", (value) => {
    expect(verdictOf('upnp.model', value)).toMatchObject({ status: 'covered', covered: 'huawei', model: value });
  });
});
