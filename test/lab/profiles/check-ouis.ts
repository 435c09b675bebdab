/**
 * Checks each profile MAC against the IEEE registry (oui-data): the prefix must be registered to a
 * name that fits the device's `truth.maker`. An OEM whose MAC is not the maker's says so in its note
 * as `OUI-OEM: <exact registrant> (why)`, and the registrant must then be exactly that name.
 * Randomized (locally administered) MACs are not attributable and are skipped.
 * Run by test/lab/tests/profiles.test.ts; by hand: npx tsx test/lab/profiles/check-ouis.ts FILE…
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { LabProfile } from '../profile-schema.js';

/** oui-data's index: 6, 7 or 9 upper-case hex digits → "Registrant\naddress…". */
export type OuiRegistry = Readonly<Record<string, string>>;

/**
 * The exact IEEE registrant names each maker ships under (oui-data 2.1.9). Exact names, never
 * substrings: "Shanghai Dahua Scale Factory" must not pass as Dahua (covered-entities.md §4).
 */
export const MAKER_REGISTRANTS: Readonly<Record<string, readonly string[]>> = {
  Huawei: ['HUAWEI TECHNOLOGIES CO.,LTD', 'Huawei Device Co., Ltd.', 'Huawei Technologies Co., Ltd.', 'Hisilicon Technologies Co., Ltd', 'Huawei Symantec Technologies Co.,Ltd.'],
  ZTE: ['zte corporation', 'SHANGHAI ZTE TECHNOLOGIES CO.,LTD'],
  Hikvision: ['Hangzhou Hikvision Digital Technology Co.,Ltd.', 'Hangzhou Ezviz Software Co.,Ltd.', 'Hangzhou Hikrobot Technology Co., Ltd.'],
  Dahua: ['Zhejiang Dahua Technology Co., Ltd.', 'ZHEJIANG DAHUA TECHNOLOGYCO.,LTD'],
  Hytera: ['Hytera Communications Co .,ltd', 'Hytera Communications Corporation Limited'],
  Uniview: ['Zhejiang Uniview Technologies Co., Ltd.', 'Zhejiang Uniview Technologies Co.,Ltd.'],
  Axis: ['Axis Communications AB'],
  H3C: ['New H3C Technologies Co., Ltd'],
  Honor: ['Honor Device Co., Ltd.'],
  'Shanghai Dahua Scale Factory': ['Shanghai Dahua Scale Factory'],
  Cisco: ['Cisco Systems, Inc'],
  Ubiquiti: ['Ubiquiti Inc'],
  // Aruba is an HPE company; oui-data has no "Aruba" registrant.
  Aruba: ['Hewlett Packard Enterprise'],
  Dell: ['Dell Inc.'],
  // LCFC (Hefei) is Lenovo's own notebook factory.
  Lenovo: ['Lenovo', 'Lenovo (Beijing) Limited.', 'LCFC(Hefei) Electronics Technology co., ltd'],
  HP: ['HP Inc.', 'Hewlett Packard'],
  Brother: ['Brother Industries, LTD.', 'Brother industries, LTD.'],
  Canon: ['CANON INC.'],
  Xerox: ['Xerox Corporation', 'XEROX CORPORATION'],
  Apple: ['Apple, Inc.'],
  Samsung: ['Samsung Electronics Co.,Ltd'],
  Synology: ['Synology Incorporated'],
  Yealink: ['YEALINK(XIAMEN) NETWORK TECHNOLOGY CO.,LTD.', 'XIAMEN YEALINK NETWORK TECHNOLOGY CO.,LTD'],
  Polycom: ['Polycom'],
  'Raspberry Pi': ['Raspberry Pi Trading Ltd', 'Raspberry Pi (Trading) Ltd'],
  Supermicro: ['Super Micro Computer, Inc.'],
  VMware: ['VMware, Inc.'],
};

/** Makers whose prefixes must never sit on a device whose truth says the maker is unknown. */
const COVERED_MAKERS = ['Huawei', 'ZTE', 'Hikvision', 'Dahua', 'Hytera'] as const;

const OEM_NOTE = /OUI-OEM: (.+?) \(/;

export function loadOuiRegistry(): OuiRegistry {
  const path = createRequire(import.meta.url).resolve('oui-data');
  return JSON.parse(readFileSync(path, 'utf8')) as OuiRegistry;
}

const normalize = (name: string): string => name.replace(/\s+/g, ' ').trim();

/** Second-lowest bit of the first octet: set on randomized and other self-assigned MACs. */
export function isLocallyAdministered(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 2) !== 0;
}

/** The registrant of the longest registered prefix (MA-S 9, MA-M 7, MA-L 6 hex digits), or null. */
export function registrantOf(mac: string, registry: OuiRegistry): string | null {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  for (const length of [9, 7, 6]) {
    const entry = registry[hex.slice(0, length)];
    if (entry !== undefined) return normalize(entry.split('\n')[0] ?? '');
  }
  return null;
}

/** Problems as "device-id: message" lines; empty when every MAC fits its truth. */
export function checkProfileOuis(profile: LabProfile, registry: OuiRegistry): string[] {
  const problems: string[] = [];
  for (const device of profile.devices) {
    if (isLocallyAdministered(device.mac)) continue;
    const say = (message: string): void => void problems.push(`${device.id}: ${device.mac}: ${message}`);
    const registrant = registrantOf(device.mac, registry);
    if (registrant === null) {
      say('prefix is not registered with the IEEE (use a real prefix, or a locally administered MAC for a randomized one)');
      continue;
    }
    const { maker, note } = device.truth;
    const own = maker === null ? undefined : MAKER_REGISTRANTS[maker]?.map(normalize);
    const oem = OEM_NOTE.exec(note ?? '')?.[1];
    if (oem !== undefined) {
      if (normalize(oem) !== registrant) say(`note says OUI-OEM "${oem}" but the prefix is registered to "${registrant}"`);
      else if (own?.includes(registrant)) say(`note says OUI-OEM but "${registrant}" is ${maker ?? ''}'s own registrant`);
      continue;
    }
    if (maker === null) {
      const covered = COVERED_MAKERS.find((m) => MAKER_REGISTRANTS[m]?.map(normalize).includes(registrant));
      if (covered !== undefined) say(`truth.maker is null but the prefix is ${covered}'s ("${registrant}")`);
      continue;
    }
    if (own === undefined) {
      say(`no registrant names known for maker "${maker}": add them to MAKER_REGISTRANTS in check-ouis.ts`);
    } else if (!own.includes(registrant)) {
      say(`prefix is registered to "${registrant}", not to ${maker}; if this is an OEM case say "OUI-OEM: ${registrant} (why)" in truth.note`);
    }
  }
  return problems;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const registry = loadOuiRegistry();
  let failed = false;
  for (const file of process.argv.slice(2)) {
    const problems = checkProfileOuis(JSON.parse(readFileSync(file, 'utf8')) as LabProfile, registry);
    for (const p of problems) console.error(`${file}: ${p}`);
    failed ||= problems.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}
