/**
 * Every shipped profile is buildable (schema, segments, unique ids/MACs/IPs inside their segment:
 * the network's own loader) and its ground truth is honest: covered devices are made by that entity,
 * MAC prefixes are registered to the maker (or the OEM case is written down), hostile devices say
 * what attack they carry, and what a device answers agrees with its own MAC and IP.
 */
import { describe, expect, it } from 'vitest';
import { checkProfile, loadProfile, profileNames } from '../network/load-profile.js';
import type { ResolvedDevice } from '../network/address-plan.js';
import { checkProfileOuis, loadOuiRegistry, type OuiRegistry } from '../profiles/check-ouis.js';
import type { LabDevice, LabProfile } from '../profile-schema.js';

const ENTITY_MAKER = { huawei: 'Huawei', zte: 'ZTE', hytera: 'Hytera', hikvision: 'Hikvision', dahua: 'Dahua' } as const;
const ATTACK = 'attack:';

function truthProblems(d: LabDevice): string[] {
  const { maker, brand, covered } = d.truth;
  const out: string[] = [];
  if (covered !== null && maker !== ENTITY_MAKER[covered]) out.push(`covered "${covered}" but maker is ${JSON.stringify(maker)}`);
  const entity = Object.entries(ENTITY_MAKER).find(([, m]) => m === maker)?.[0];
  if (entity !== undefined && covered !== entity) out.push(`made by ${maker ?? ''} but covered is ${JSON.stringify(covered)}`);
  if (maker === null && covered !== null) out.push('covered with no maker');
  if (brand !== null && maker === null && covered !== null) out.push('a brand without a maker cannot be covered');
  return out;
}

function carriesAttack(d: LabDevice): boolean {
  return d.tcp.some((s) => s.protocol === 'hostile') || d.onvif?.raw !== undefined || d.sadp?.raw !== undefined
    || d.dhip?.rawBody !== undefined || d.spoofFrom !== undefined;
}

function isMarkedHostile(d: LabDevice): boolean {
  return d.truth.note?.includes(ATTACK) ?? false;
}

/** What an honest device answers must agree with its own MAC and IP, and Content-Length with its body. */
function consistencyProblems(d: ResolvedDevice): string[] {
  const out: string[] = [];
  for (const s of d.tcp) {
    if (s.protocol !== 'http') continue;
    for (const [path, r] of Object.entries(s.paths)) {
      const declared = r.headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1];
      if (declared !== undefined && Number(declared) !== Buffer.byteLength(r.body, 'utf8')) {
        out.push(`tcp ${s.port} ${path}: Content-Length ${declared} but the body is ${Buffer.byteLength(r.body, 'utf8')} bytes`);
      }
    }
  }
  const sadp = new Map(d.sadp?.fields ?? []);
  const sadpMac = sadp.get('MAC');
  if (sadpMac !== undefined && sadpMac !== d.mac.replace(/:/g, '-')) out.push(`SADP MAC ${sadpMac} is not ${d.mac}`);
  const sadpIp = sadp.get('IPv4Address');
  if (sadpIp !== undefined && sadpIp !== '' && sadpIp !== d.ip) out.push(`SADP IPv4Address ${sadpIp} is not ${d.ip}`);
  const dhipIp = (d.dhip?.deviceInfo['IPv4Address'] as { IPAddress?: unknown } | undefined)?.IPAddress;
  if (dhipIp !== undefined && dhipIp !== d.ip) out.push(`DHIP IPAddress ${String(dhipIp)} is not ${d.ip}`);
  for (const scope of d.onvif?.scopes ?? []) {
    const mac = /^onvif:\/\/www\.onvif\.org\/MAC\/(.+)$/.exec(scope)?.[1];
    if (mac !== undefined && mac.toLowerCase() !== d.mac) out.push(`ONVIF MAC scope ${mac} is not ${d.mac}`);
  }
  return out;
}

function profileProblems(devices: readonly ResolvedDevice[], name: string, registry: OuiRegistry, profile: LabProfile): string[] {
  const out: string[] = [];
  for (const d of devices) {
    const say = (m: string): void => void out.push(`${d.id}: ${m}`);
    truthProblems(d).forEach(say);
    if (carriesAttack(d) && !isMarkedHostile(d)) say(`carries an attack, so truth.note must say "${ATTACK} …"`);
    if (name === 'hostile' && !isMarkedHostile(d)) say(`every device of the hostile profile says its "${ATTACK} …" in truth.note`);
    if (!isMarkedHostile(d)) consistencyProblems(d).forEach(say);
  }
  return [...out, ...checkProfileOuis(profile, registry)];
}

const registry = loadOuiRegistry();

describe.each(profileNames())('profile %s', (name) => {
  it('loads: schema, segments, unique ids, MACs and IPs inside their segment', () => {
    expect(() => loadProfile(name)).not.toThrow();
  });

  it('has honest ground truth, registered MAC prefixes, marked attacks and self-consistent answers', () => {
    const { profile } = loadProfile(name);
    expect(profileProblems(profile.devices, name, registry, profile)).toEqual([]);
  });
});

describe('the profile checks catch what they are for', () => {
  const base = {
    name: 'probe',
    description: 'checks of the checks',
    segments: [{ name: 'lan', subnet: '10.99.0.0/24', scanner: '10.99.0.2' }],
  };
  const problemsOf = (devices: unknown[]): string[] => {
    const { profile } = checkProfile({ ...base, devices }, 'probe');
    return profileProblems(profile.devices, 'probe', registry, profile);
  };
  const device = (over: Record<string, unknown>): Record<string, unknown> => ({
    id: 'd', mac: 'bc:ad:28:00:00:01', ip: '10.99.0.10',
    truth: { maker: 'Hikvision', brand: 'Hikvision', covered: 'hikvision', type: 'camera' }, ...over,
  });

  it('accepts a consistent device', () => {
    expect(problemsOf([device({})])).toEqual([]);
  });

  it('refuses covered ground truth that names another maker, and a covered maker left uncovered', () => {
    expect(problemsOf([device({ truth: { maker: 'Axis', brand: 'Axis', covered: 'hikvision', type: 'camera' } })]).join('\n'))
      .toMatch(/covered "hikvision" but maker is "Axis"/);
    expect(problemsOf([device({ truth: { maker: 'Hikvision', brand: 'Hikvision', covered: null, type: 'camera' } })]).join('\n'))
      .toMatch(/made by Hikvision but covered is null/);
  });

  it('refuses a look-alike prefix passed off as the covered maker (Shanghai Dahua Scale Factory is not Dahua)', () => {
    const scale = device({ mac: '40:2c:76:10:00:01', truth: { maker: 'Dahua', brand: 'Dahua', covered: 'dahua', type: 'camera' } });
    expect(problemsOf([scale]).join('\n')).toMatch(/registered to "Shanghai Dahua Scale Factory", not to Dahua/);
  });

  it('refuses an OEM note naming the wrong registrant, and an unknown maker on a covered prefix', () => {
    const wrongOem = device({ mac: '08:ea:40:00:00:01', truth: { maker: 'Hikvision', brand: 'LTS', covered: 'hikvision', type: 'camera', note: 'OUI-OEM: Apple, Inc. (wrong)' } });
    expect(problemsOf([wrongOem]).join('\n')).toMatch(/note says OUI-OEM "Apple, Inc." but the prefix is registered to "SHENZHEN BILIAN/);
    const unknown = device({ truth: { maker: null, brand: null, covered: null, type: 'camera' } });
    expect(problemsOf([unknown]).join('\n')).toMatch(/maker is null but the prefix is Hikvision's/);
  });

  it('skips randomized MACs but not unregistered ones', () => {
    const random = device({ mac: 'da:00:00:00:00:01', truth: { maker: null, brand: null, covered: null, type: 'phone' } });
    expect(problemsOf([random])).toEqual([]);
    expect(problemsOf([device({ mac: '04:04:04:00:00:01', truth: { maker: 'Dell', brand: 'Dell', covered: null, type: 'pc' } })]).join('\n'))
      .toMatch(/04:04:04:00:00:01: prefix is not registered/);
  });

  it('requires attacks to be marked, and answers to match the device', () => {
    const unmarked = device({ tcp: [{ protocol: 'hostile', port: 22, behaviour: 'endless' }] });
    expect(problemsOf([unmarked]).join('\n')).toMatch(/carries an attack/);
    const wrongSadp = device({ sadp: { fields: [['MAC', 'bc-ad-28-00-00-02'], ['IPv4Address', '10.99.0.10']] } });
    expect(problemsOf([wrongSadp]).join('\n')).toMatch(/SADP MAC bc-ad-28-00-00-02 is not bc:ad:28:00:00:01/);
    const badLength = device({ tcp: [{ protocol: 'http', port: 80, paths: { '/': { headers: [['Content-Length', '3']], body: 'four' } } }] });
    expect(problemsOf([badLength]).join('\n')).toMatch(/Content-Length 3 but the body is 4 bytes/);
  });
});
