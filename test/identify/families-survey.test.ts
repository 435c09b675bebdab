/**
 * Issue #11, a survey of covered lines by their bare model names (a UPnP model, an ONVIF hardware
 * scope): members of catalogue lines no grammar read before (Dahua ITC traffic cameras, Dahua access
 * controllers and time-attendance units, Dahua EVS storage, Hytera RD-982 repeaters, ZTE ZXDU/ZXDT
 * power systems), each named from the family's cited manual and none a family example; and other
 * makers' numbers of the same shapes, which must stay clear.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe('lines read for the first time, with the entity and the model', () => {
  it.each([
    // Dahua ITC traffic and ANPR cameras (dahua.itc): flag alone.
    ['upnp.model', 'ITC437-PW6M-IZ', 'covered', 'dahua', 'ITC437-PW6M-IZ'],
    ['onvif.scope', 'onvif://www.onvif.org/hardware/ITC413-PW4D-IZ1', 'covered', 'dahua', 'ITC413-PW4D-IZ1'],
    // Dahua access controllers and time attendance (dahua.access): review, as ASI.
    ['upnp.model', 'ASC2204B-S', 'review', 'dahua', 'ASC2204B-S'],
    ['upnp.model', 'ASA1222E-S', 'review', 'dahua', 'ASA1222E-S'],
    ['upnp.model', 'ASC1204B', 'review', 'dahua', 'ASC1204B'],
    // ZTE power systems (zte.zx-lines): ZX + a line code flags alone.
    ['snmp.sysdescr', 'ZXDU68 W201', 'covered', 'zte', 'ZXDU68'],
    ['upnp.model', 'ZXDU48 B600', 'covered', 'zte', 'ZXDU48'],
    ['http.title', 'ZXDT22 SF01', 'covered', 'zte', 'ZXDT22'],
    // Dahua embedded video storage (dahua.evs): flags alone.
    ['upnp.model', 'EVS7148S', 'covered', 'dahua', 'EVS7148S'],
    ['onvif.scope', 'onvif://www.onvif.org/hardware/EVS7148D', 'covered', 'dahua', 'EVS7148D'],
    ['http.title', 'EVS8236X', 'covered', 'dahua', 'EVS8236X'],
    ['upnp.model', 'EVS5136S', 'covered', 'dahua', 'EVS5136S'],
    // Hytera RD98X/RD96X repeaters ending in 2 (hytera.repeater): review, as the others.
    ['snmp.sysdescr', 'RD982', 'review', 'hytera', 'RD982'],
    ['http.title', 'RD962', 'review', 'hytera', 'RD962'],
  ] as const)('%s %s is %s for %s as %s', (kind, value, status, entity, model) => {
    expect(verdictOf(kind, value)).toMatchObject({ status, covered: entity, model });
  });
});

describe('look-alikes of the same shapes stay clear', () => {
  it.each([
    // Cisco's ASA firewalls and ASR routers, Cisco's own numbering.
    ['upnp.model', 'ASA5506-X'],
    ['upnp.model', 'ASA5516-X'],
    ['snmp.sysdescr', 'Cisco Adaptive Security Appliance Version 9.8(4)'],
    ['upnp.model', 'ASR1001-X'],
    // Other ITC names: a company, a conference.
    ['http.title', 'ITC Infotech'],
    ['http.title', 'ITC 2024 International Test Conference'],
    // EVS Broadcast servers and EV chargers.
    ['http.title', 'EVS XT3 server'],
    ['upnp.model', 'EVSE-16A'],
    ['upnp.model', 'EVS5000'],
    // A rotary damper number and a Motorola repeater.
    ['http.title', 'RD9820 damper'],
    ['snmp.sysdescr', 'SLR 5700'],
    // Sinclair's ZX machines.
    ['http.title', 'ZX Spectrum Next'],
  ] as const)('%s %s', (kind, value) => {
    expect(verdictOf(kind, value).status).toBe('clear');
  });
});
