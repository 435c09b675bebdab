// A verdict is a function of the SET of facts (#11 fusion): with the shipped rules, maker mentions,
// model grammars, OEM relabelers (relabel.ts), software on a host (host-software.ts) and one reading
// per text (countEachTextOnce), any subset of real device strings gives the same verdict bytes in
// any order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T07:00:00.000Z';
const o = (kind: ObservationKind, value: string, port?: number): Observation =>
  port === undefined ? { ip: '10.0.0.9', kind, value, source: 'test', at } : { ip: '10.0.0.9', kind, value, port, source: 'test', at };

// Strings the generalizing readings act on, each cited in oui/mentions.json, oui/families.json,
// oui/vendors.json or the tests beside this one; they disagree on purpose (several makers, a label
// against the firmware, a host OS against a maker's text).
const POOL: readonly Observation[] = [
  o('snmp.sysdescr', 'Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)', 161),
  o('tls.subject', 'CN=10.1.1.5, OU=NMS, O=Huawei Technologies Co., Ltd., C=CN', 443),
  o('http.title', 'DS-7608NI-K2 live view', 80),
  o('onvif.scope', 'onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I', 80),
  o('onvif.scope', 'onvif://www.onvif.org/hardware/DH-IPC-HDW1230T2 onvif://www.onvif.org/name/Amcrest', 80),
  o('upnp.manufacturer', 'LTS', 49152),
  o('upnp.manufacturer', 'Amcrest', 49152),
  o('http.body', 'Monitor: Front Door (Hikvision DS-2CD2143G0-I)', 80),
  o('http.body', '<p>©2019 Zhejiang Dahua Technology Co., Ltd. All rights reserved.</p>', 8080),
  o('ssh.banner', 'SSH-2.0-ZTE_SSH.2.0', 22),
  o('http.title', 'ZTE ZXHN H298A', 80),
  o('hostname', 'ds-2cd2143g0-i'),
  o('mdns.txt', 'model=MacBookPro18,3; osxvers=21', 5353),
  o('rtsp.server', 'Dahua Rtsp Server', 554),
  o('http.server', 'HuaweiCloud-WAF', 443),
  // A covered registrant (Huawei) and a general-purpose board (Raspberry Pi): MAC facts meet text readings.
  o('mac', '00:e0:fc:11:22:33'),
  o('mac', 'b8:27:eb:11:22:33'),
];

describe('the default matcher: same facts, same verdict, any order', () => {
  it('any subset of real strings gives the same verdict bytes in every order', () => {
    fc.assert(
      fc.property(
        fc.subarray([...POOL], { minLength: 1 }).chain((set) => fc.tuple(fc.constant(set), fc.shuffledSubarray(set, { minLength: set.length, maxLength: set.length }))),
        ([set, shuffled]) => {
          expect(JSON.stringify(identify(shuffled))).toBe(JSON.stringify(identify(set)));
        },
      ),
      { numRuns: 300, seed: 20261205 },
    );
  });
});
