/**
 * Generates site-large.json: a /22 with 1,000 live hosts of mixed kinds, for scale tests and benchmarks.
 * Deterministic (fixed seed, no clock, no data read at run time), so the committed file can be checked
 * against a fresh run:  npx tsx test/lab/profiles/generate-large.ts [--check]
 * OUIs are real IEEE MA-L assignments (checked against oui-data 2.1.9 by the lab's tests).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { deviceSchema, profileSchema } from '../profile-schema.js';

type Device = z.input<typeof deviceSchema>;
type Truth = Device['truth'];
type Tcp = NonNullable<Device['tcp']>[number];

export const LARGE_PROFILE = join(dirname(fileURLToPath(import.meta.url)), 'site-large.json');
const SUBNET_BASE = [10, 80, 0, 0] as const;
const SCANNER = '10.80.0.2';
const HOSTS = 1000;

/** mulberry32: a tiny seeded PRNG; Math.random would make the file differ on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ssh = (banner: string): Tcp => ({ protocol: 'banner', port: 22, banner: `${banner}\r\n` });
const web = (server: string | null, title: string, port = 80): Tcp => ({
  protocol: 'http',
  port,
  paths: {
    '*': {
      status: 200,
      headers: [...(server === null ? [] : [['Server', server] as [string, string]]), ['Content-Type', 'text/html']],
      body: `<html><head><title>${title}</title></head><body></body></html>`,
    },
  },
});
/** SMB answers the handshake but says nothing first: an open, silent port. */
const smb: Tcp = { protocol: 'banner', port: 445, banner: '' };

interface Kind {
  readonly name: string;
  readonly count: number;
  /** Registered OUIs (lower case, no separators); empty = randomized, locally administered MACs. */
  readonly ouis: readonly string[];
  readonly truth: Truth;
  readonly hostname: (n: number) => string;
  readonly tcp: (pick: <T>(xs: readonly T[]) => T) => Tcp[];
}

const OPENSSH = ['SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3', 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5'];
const pad = (n: number) => String(n).padStart(4, '0');

const KINDS: readonly Kind[] = [
  {
    name: 'dell', count: 130, ouis: ['b07b25', 'f8db88', 'fc4cea', '106530'],
    truth: { maker: 'Dell', brand: 'Dell', covered: null, type: 'pc', note: 'Windows desktop' },
    hostname: (n) => `DESKTOP-D${pad(n)}`, tcp: () => [smb],
  },
  {
    name: 'lenovo', count: 110, ouis: ['f875a4', 'fc5cee', '446370'],
    truth: { maker: 'Lenovo', brand: 'Lenovo', covered: null, type: 'pc', note: 'Windows laptop; LCFC (Hefei) is Lenovo\'s PC factory' },
    hostname: (n) => `LAPTOP-L${pad(n)}`, tcp: () => [smb],
  },
  {
    name: 'hp', count: 90, ouis: ['508140', 'fc3fdb'],
    truth: { maker: 'HP', brand: 'HP', covered: null, type: 'pc', note: 'Windows desktop' },
    hostname: (n) => `DESKTOP-H${pad(n)}`, tcp: () => [smb],
  },
  {
    name: 'ws', count: 150, ouis: ['182649', '105107'],
    truth: { maker: null, brand: null, covered: null, type: 'pc', note: 'white-box Linux workstation: the OUI names only the Intel NIC' },
    hostname: (n) => `ws-${pad(n)}`, tcp: (pick) => [ssh(pick(OPENSSH))],
  },
  {
    name: 'mac', count: 60, ouis: ['100020', '102959', 'fce998', 'fcfc48'],
    truth: { maker: 'Apple', brand: 'Apple', covered: null, type: 'pc' },
    hostname: (n) => `MacBook-${pad(n)}`, tcp: () => [ssh('SSH-2.0-OpenSSH_9.8')],
  },
  {
    name: 'phone', count: 120, ouis: [],
    truth: { maker: null, brand: null, covered: null, type: 'phone', note: 'randomized MAC; answers ARP and nothing else' },
    hostname: (n) => `phone-${pad(n)}`, tcp: () => [],
  },
  {
    name: 'vm', count: 90, ouis: ['005056', '000c29'],
    truth: { maker: 'VMware', brand: 'VMware', covered: null, type: 'server', note: 'virtual machine' },
    hostname: (n) => `vm-${pad(n)}`, tcp: (pick) => [ssh(pick(OPENSSH)), web('nginx/1.24.0', 'Welcome to nginx!')],
  },
  {
    name: 'srv', count: 30, ouis: ['002590', '0cc47a', 'ac1f6b'],
    truth: { maker: 'Supermicro', brand: 'Supermicro', covered: null, type: 'server' },
    hostname: (n) => `srv-${pad(n)}`, tcp: (pick) => [ssh(pick(OPENSSH)), web('Apache/2.4.62 (Debian)', 'Apache2 Debian Default Page')],
  },
  {
    name: 'pi', count: 15, ouis: ['dca632', 'e45f01', '2ccf67'],
    truth: { maker: 'Raspberry Pi', brand: 'Raspberry Pi', covered: null, type: 'sbc' },
    hostname: (n) => `raspberrypi-${pad(n)}`, tcp: () => [ssh('SSH-2.0-OpenSSH_9.2p1 Raspbian-2+deb12u3')],
  },
  {
    name: 'brother', count: 16, ouis: ['3c2af4', 'b42200'],
    truth: { maker: 'Brother', brand: 'Brother', covered: null, type: 'printer' },
    hostname: (n) => `BRN${pad(n)}`, tcp: () => [web('debut/1.30', 'Brother HL-L2350DW series')],
  },
  {
    name: 'canon', count: 12, ouis: ['888717', 'f80d60'],
    truth: { maker: 'Canon', brand: 'Canon', covered: null, type: 'printer' },
    hostname: (n) => `canon-${pad(n)}`, tcp: () => [web('CANON HTTP Server', 'Remote UI')],
  },
  {
    name: 'xerox', count: 12, ouis: ['9c934e', 'e84dec'],
    truth: { maker: 'Xerox', brand: 'Xerox', covered: null, type: 'printer' },
    hostname: (n) => `xerox-${pad(n)}`, tcp: () => [web('Allegro-Software-RomPager/4.34', 'Xerox VersaLink')],
  },
  {
    name: 'yealink', count: 30, ouis: ['001565'],
    truth: { maker: 'Yealink', brand: 'Yealink', covered: null, type: 'voip-phone' },
    hostname: (n) => `SIP-T46U-${pad(n)}`, tcp: () => [web(null, 'Yealink Phone')],
  },
  {
    name: 'polycom', count: 20, ouis: ['64167f'],
    truth: { maker: 'Polycom', brand: 'Poly', covered: null, type: 'voip-phone' },
    hostname: (n) => `poly-${pad(n)}`, tcp: () => [web(null, 'Polycom - Web Configuration Utility')],
  },
  {
    name: 'ap', count: 25, ouis: ['f4e2c6', 'fcecda', '602232'],
    truth: { maker: 'Ubiquiti', brand: 'Ubiquiti', covered: null, type: 'ap' },
    hostname: (n) => `ap-${pad(n)}`, tcp: () => [ssh('SSH-2.0-dropbear_2020.81')],
  },
  {
    name: 'switch', count: 12, ouis: ['105725', 'fc9947'],
    truth: { maker: 'Cisco', brand: 'Cisco', covered: null, type: 'switch' },
    hostname: (n) => `sw-${pad(n)}`, tcp: () => [ssh('SSH-2.0-Cisco-1.25')],
  },
  {
    name: 'axis', count: 20, ouis: ['accc8e', 'b8a44f'],
    truth: { maker: 'Axis', brand: 'Axis', covered: null, type: 'camera' },
    hostname: (n) => `axis-${pad(n)}`, tcp: () => [web(null, 'AXIS')],
  },
  {
    name: 'unv', count: 8, ouis: ['48ea63', 'c47905'],
    truth: { maker: 'Uniview', brand: 'Uniview', covered: null, type: 'camera', note: 'Chinese camera maker, not on the Covered List' },
    hostname: (n) => `unv-${pad(n)}`, tcp: () => [web('Webs', 'Web Client')],
  },
  {
    name: 'hik', count: 22, ouis: ['bcad28', 'f84dfc', 'fc9ffd'],
    truth: { maker: 'Hikvision', brand: 'Hikvision', covered: 'hikvision', type: 'camera' },
    hostname: (n) => `hik-cam-${pad(n)}`, tcp: () => [web('App-webs/', 'Document Error: Unauthorized')],
  },
  {
    name: 'ezviz', count: 4, ouis: ['0ca64c', 'fc2422'],
    truth: { maker: 'Hikvision', brand: 'EZVIZ', covered: 'hikvision', type: 'camera', note: 'EZVIZ is a Hikvision subsidiary' },
    hostname: (n) => `ezviz-${pad(n)}`, tcp: () => [],
  },
  {
    name: 'dahua', count: 10, ouis: ['e0508b', '38af29', 'fcb69d'],
    truth: { maker: 'Dahua', brand: 'Dahua', covered: 'dahua', type: 'camera' },
    hostname: (n) => `dh-cam-${pad(n)}`, tcp: () => [web(null, 'WEB SERVICE')],
  },
  {
    name: 'huawei', count: 8, ouis: ['707be8', 'fcefd7'],
    truth: { maker: 'Huawei', brand: 'Huawei', covered: 'huawei', type: 'ap' },
    hostname: (n) => `hw-ap-${pad(n)}`, tcp: () => [ssh('SSH-2.0-HUAWEI-1.5')],
  },
  {
    name: 'zte', count: 4, ouis: ['344b50', 'fcfa21'],
    truth: { maker: 'ZTE', brand: 'ZTE', covered: 'zte', type: 'ont' },
    hostname: (n) => `zte-${pad(n)}`, tcp: () => [web('Mini web server 1.0 ZTE corp 2005.', 'F668')],
  },
  {
    name: 'hytera', count: 2, ouis: ['6469bc'],
    truth: { maker: 'Hytera', brand: 'Hytera', covered: 'hytera', type: 'repeater' },
    hostname: (n) => `hytera-${pad(n)}`, tcp: () => [],
  },
];

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export function generateLarge(): z.input<typeof profileSchema> {
  const random = rng(0x1a2b3c4d);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const total = KINDS.reduce((n, k) => n + k.count, 0);
  if (total !== HOSTS) throw new Error(`kinds add up to ${total}, not ${HOSTS}`);

  // Hosts are scattered over the /22, as on a real site, not packed from .10 up.
  const pool: number[] = [];
  for (let i = 3; i < 1023; i++) pool.push(i);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  const addresses = pool.slice(0, HOSTS).sort((a, b) => a - b);

  const macs = new Set<string>();
  const newMac = (ouis: readonly string[]): string => {
    for (;;) {
      // Randomized MACs: locally administered (bit 1 of the first octet), unicast (bit 0 clear).
      const prefix = ouis.length === 0 ? [(Math.floor(random() * 64) << 2) | 0x02, random() * 256, random() * 256] : null;
      const oui = prefix === null ? pick(ouis) : prefix.map((b) => hex2(Math.floor(b))).join('');
      const mac = [oui.slice(0, 2), oui.slice(2, 4), oui.slice(4, 6), hex2(Math.floor(random() * 256)), hex2(Math.floor(random() * 256)), hex2(Math.floor(random() * 256))].join(':');
      if (!macs.has(mac)) {
        macs.add(mac);
        return mac;
      }
    }
  };

  const kinds = KINDS.flatMap((k) => Array.from({ length: k.count }, (_, n) => ({ kind: k, n: n + 1 })));
  // Interleave kinds so that a slice of the address space holds a mix, as a DHCP pool would.
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as (typeof kinds)[number], kinds[i] as (typeof kinds)[number]];
  }

  const devices: Device[] = kinds.map(({ kind, n }, i) => {
    const host = addresses[i] as number;
    const ip = `${SUBNET_BASE[0]}.${SUBNET_BASE[1]}.${Math.floor(host / 256)}.${host % 256}`;
    const tcp = kind.tcp(pick);
    return {
      id: `${kind.name}-${pad(n)}`,
      mac: newMac(kind.ouis),
      ip,
      hostname: kind.hostname(n),
      truth: kind.truth,
      ...(tcp.length === 0 ? {} : { tcp }),
    };
  });
  devices.sort((a, b) => {
    const num = (ip: string | undefined) => (ip ?? '').split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    return num(a.ip) - num(b.ip);
  });

  return {
    name: 'site-large',
    description:
      'A /22 campus with 1,000 live hosts scattered over it: mostly PCs, VMs and phones with an SSH, web or SMB port; printers, VoIP phones, access points, switches and cameras; and a realistic sprinkling of covered equipment (Hikvision and its EZVIZ brand, Dahua, Huawei, ZTE, Hytera) recognisable by OUI and web server. Generated by generate-large.ts.',
    segments: [{ name: 'campus', subnet: '10.80.0.0/22', scanner: SCANNER }],
    devices,
  };
}

export function largeProfileText(): string {
  return `${JSON.stringify(generateLarge(), null, 1)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = largeProfileText();
  if (process.argv.includes('--check')) {
    const same = readFileSync(LARGE_PROFILE, 'utf8') === text;
    console.log(same ? 'site-large.json is up to date' : 'site-large.json differs from the generator; regenerate it');
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(LARGE_PROFILE, text);
    console.log(`wrote ${LARGE_PROFILE}`);
  }
}
