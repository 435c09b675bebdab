// A HomeKit bridge (Homebridge, HOOBS, Scrypted, Home Assistant's HomeKit Bridge) publishes one
// `_hap._tcp` service per accessory it exposes, named after the accessory: a camera it relays is
// published as "<the name the owner gave it> <MAC tail>", with TXT md=<that name> and an SRV host
// "<that-name>-<MAC tail>.local" (ikalchev/HAP-python@6e88070c6dba pyhap/accessory_driver.py,
// AccessoryMDNSServiceInfo: name, server and _get_advert_data). Those texts describe the bridged
// device, not the host that publishes them: at most review (issue #11). A Hikvision camera's own
// mDNS service (_CGI._tcp, "HIKVISION <model> - <serial tail>": 128keaton/hikvision-mdns@8118850983d8
// test/cameras.json) still flags.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';
import { noMac } from './observations.js';

const at = '2026-12-05T14:00:00.000Z';
const mdns = (kind: ObservationKind, value: string, port?: number): Observation => ({
  ip: '192.0.2.40',
  kind,
  value,
  source: 'mdns',
  at,
  ...(port === undefined ? {} : { port }),
});

/** One HAP accessory as HAP-python publishes it: instance, type, TXT and SRV host, all on the accessory's port. */
function hapAccessory(name: string, port: number, withType = true): Observation[] {
  const host = name.replace(/[^A-Za-z0-9-]+/g, ' ').trim().replace(/ /g, '-').replace(/-+/g, '-');
  return [
    mdns('mdns.instance', `${name.replace(/[^A-Za-z0-9-]+/g, ' ').trim()} 2233`, port),
    ...(withType ? [mdns('mdns.service', '_hap._tcp', port)] : []),
    mdns('mdns.txt', `md=${name.replace(/[^A-Za-z0-9-]+/g, ' ').trim()}; pv=1.1; id=0E:4D:2A:11:22:33; c#=2; s#=1; ff=0; ci=17; sf=0; sh=Xy3k9Q==`, port),
    mdns('hostname', `${host}-2233.local`, port),
  ];
}

// The bridge's own service, as Homebridge names it by default.
const bridge = hapAccessory('Homebridge 1A2B', 51826);

describe('a HomeKit bridge publishing accessories named after the cameras it relays', () => {
  it('an accessory named with the camera\'s maker and model does not flag the bridge host', () => {
    const v = identify([...bridge, ...hapAccessory('Hikvision DS-2CD2143G0-I (Porch)', 51827)], noMac);
    expect(v.status).not.toBe('covered');
    // The host is not that camera: the accessory's model is not the host's.
    expect(v.model).toBeNull();
  });

  it('an accessory named with the model number alone does not flag it either', () => {
    expect(identify([...bridge, ...hapAccessory('DS-2CD2143G0-I Porch', 51827)], noMac).status).not.toBe('covered');
  });

  it('the HAP TXT keys mark the accessory when the service type record is missing', () => {
    const v = identify(hapAccessory('Dahua IPC-HDW2431T-AS-S2 Garage', 51828, false), noMac);
    expect(v.status).not.toBe('covered');
  });

  it('says why in the accessory fact', () => {
    const v = identify([...bridge, ...hapAccessory('Hikvision DS-2CD2143G0-I (Porch)', 51827)], noMac);
    const fact = v.evidence.find((e) => e.kind === 'mdns.instance' && e.entity === 'hikvision');
    expect(fact?.says).toMatch(/HomeKit/);
  });

  it('the same set in any order gives the same verdict', () => {
    const set = [...bridge, ...hapAccessory('Hikvision DS-2CD2143G0-I (Porch)', 51827)];
    expect(JSON.stringify(identify([...set].reverse(), noMac))).toBe(JSON.stringify(identify(set, noMac)));
  });
});

describe("a camera's own mDNS name still flags", () => {
  const camera = [
    mdns('mdns.instance', 'HIKVISION DS-2CD2722FWD-IZS - 733050075', 80),
    mdns('mdns.service', '_CGI._tcp', 80),
    mdns('mdns.txt', 'path=/', 80),
  ];

  it('a Hikvision camera naming itself over _CGI._tcp flags with its model', () => {
    expect(identify(camera, noMac)).toMatchObject({ status: 'covered', covered: 'hikvision', model: 'DS-2CD2722FWD-IZS' });
  });

  it('a HAP service on another port of the same device caps only its own texts', () => {
    expect(identify([...camera, ...hapAccessory('Front Door', 51827)], noMac)).toMatchObject({ status: 'covered', covered: 'hikvision', model: 'DS-2CD2722FWD-IZS' });
  });
});
