/**
 * A MAC the device writes into its own identifiers (a time-based UUID's node, an ONVIF MAC scope)
 * names its maker even when the device answers from a randomized or software-set MAC (stated-mac.ts).
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { macObs, noRules, obs } from './observations.js';

/** A Hikvision DS-2CD2385G1-I's WS-Discovery endpoint (/work/shared/reference/fingerprints.md, Hikvision ProbeMatch [OBSERVED-1]). */
const HIKVISION_ENDPOINT = 'urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385';
/** A Huawei gateway's UDN (tailscale/tailscale@18f65b977988 net/portmapper/upnp_test.go, from tailscale#6320): version 2, node 0C:31:DC. */
const HUAWEI_UDN = 'uuid:00e0fc37-2525-2828-2500-0C31DCD93368';
const RANDOMIZED = '02:11:22:33:44:55';

const rulesOf = (v: ReturnType<typeof identify>): string[] => v.evidence.map((e) => e.rule);

describe('a MAC stated in a UUID or ONVIF scope', () => {
  it('flags a Hikvision camera that answers from a randomized MAC by the node of its WS-Discovery endpoint', () => {
    const v = identify([macObs(RANDOMIZED), obs('onvif.endpoint', HIKVISION_ENDPOINT)], { matcher: noRules });
    expect(v).toMatchObject({ status: 'covered', covered: 'hikvision', randomizedMac: true });
    const stated = v.evidence.find((e) => e.rule === 'oui.stated');
    expect(stated?.says).toContain('58:50:ed:1f:e3:85');
    expect(stated?.says).toContain('RFC 4122 version 1');
  });

  it('reads a version 2 UUID (the Huawei gateway UDN) with no MAC known at all', () => {
    const v = identify([obs('upnp.udn', HUAWEI_UDN)], { matcher: noRules });
    expect(v).toMatchObject({ status: 'covered', covered: 'huawei' });
    expect(rulesOf(v)).toContain('oui.stated');
  });

  it('reads the ONVIF MAC scope, percent-encoded or not', () => {
    for (const scope of [
      'onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/MAC/58:50:ed:1f:e3:85',
      'onvif://www.onvif.org/MAC/58%3A50%3Aed%3A1f%3Ae3%3A85 onvif://www.onvif.org/name/Camera',
    ]) {
      const v = identify([macObs(RANDOMIZED), obs('onvif.scope', scope)], { matcher: noRules });
      expect(v, scope).toMatchObject({ status: 'covered', covered: 'hikvision' });
    }
  });

  it('adds nothing when it is the MAC the device answers from, or names the same registrant', () => {
    const own = identify([macObs('58:50:ed:1f:e3:85')], { matcher: noRules });
    const same = identify([macObs('58:50:ed:1f:e3:85'), obs('onvif.endpoint', HIKVISION_ENDPOINT)], { matcher: noRules });
    const sibling = identify([macObs('58:50:ed:00:00:01'), obs('onvif.endpoint', HIKVISION_ENDPOINT)], { matcher: noRules });
    expect(rulesOf(same)).not.toContain('oui.stated');
    expect(rulesOf(sibling)).not.toContain('oui.stated');
    expect(same.confidence).toBe(own.confidence);
    expect(sibling.confidence).toBe(own.confidence);
  });

  it('reads no MAC from random, name-based, multicast-node or module-maker UUIDs', () => {
    for (const value of [
      'uuid:2b9c4e10-6f2a-4d8b-9a3e-5850ed1fe385', // version 4: the node is random bits
      'uuid:5f5a69c2-e0ae-504f-829b-5850ed1fe385', // version 5: a hash
      'uuid:aa85c000-6324-11b3-819e-5950ed1fe385', // multicast bit: RFC 4122's random node
      'urn:uuid:5c1e8000-3b2a-11b5-8f60-08ea403c9d21', // 08:EA:40 makes Wi-Fi modules (site-small's camera)
      'uuid:00000000-0000-1000-8000-000000000000',
    ]) {
      const v = identify([macObs(RANDOMIZED), obs('onvif.endpoint', value)], { matcher: noRules });
      expect(rulesOf(v), value).not.toContain('oui.stated');
      expect(v.status, value).toBe('clear');
    }
  });

  it('names a clear maker too: a Uniview endpoint behind a randomized MAC is Uniview, not covered', () => {
    const v = identify([macObs(RANDOMIZED), obs('onvif.endpoint', 'urn:uuid:61c2d1a4-0000-1000-8000-48ea637a10c4')], { matcher: noRules });
    expect(v.status).toBe('clear');
    expect(v.manufacturer).toMatch(/Uniview/);
  });

  it('is a function of the set of observations: every order gives the same bytes', () => {
    const set = [
      macObs(RANDOMIZED),
      obs('onvif.endpoint', HIKVISION_ENDPOINT),
      obs('upnp.udn', HUAWEI_UDN),
      obs('onvif.scope', 'onvif://www.onvif.org/MAC/c0:56:e3:60:32:12'),
    ];
    const first = JSON.stringify(identify(set, { matcher: noRules }));
    for (const order of [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]]) {
      expect(JSON.stringify(identify(order.map((i) => set[i]!), { matcher: noRules }))).toBe(first);
    }
  });

  it('speaks through the same observation whichever of two carrying one UUID arrives first', () => {
    const a = obs('onvif.endpoint', HIKVISION_ENDPOINT, { source: 'wsd' });
    const b = obs('onvif.endpoint', HIKVISION_ENDPOINT, { source: 'import', port: 3702 });
    const forward = JSON.stringify(identify([macObs(RANDOMIZED), a, b], { matcher: noRules }));
    expect(JSON.stringify(identify([b, macObs(RANDOMIZED), a], { matcher: noRules }))).toBe(forward);
  });
});
