/**
 * The lab's site profile: a JSON file that says which devices exist, what each one answers,
 * and the ground truth the agent's findings are checked against. Documented in test/lab/README.md.
 * The network builder (test/lab/network) reads segments, MACs and IPs; the simulator
 * (test/lab/sim) reads the answers; the integration tests read `truth`.
 */
import { z } from 'zod';

const port = z.number().int().min(1).max(65535);
/** Header lines in the device's own case and order. */
const headers = z.array(z.tuple([z.string(), z.string()]));

const httpResponse = z.object({
  status: z.number().int().default(200),
  reason: z.string().optional(),
  headers: headers.default([]),
  body: z.string().default(''),
});

const tlsCert = z.object({
  /** e.g. "CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN" */
  subject: z.string(),
  issuer: z.string(),
  days: z.number().int().positive().default(3650),
});

/** How a TCP service misbehaves, for the hostile profile. */
const misbehaviour = z.enum([
  'endless', // streams bytes until the client goes away
  'huge', // one 10 MB reply, then close
  'drip', // one byte per second
  'garbage', // random binary bytes
  'silent', // accepts and never says anything
]);

const tcpService = z.discriminatedUnion('protocol', [
  z.object({
    protocol: z.literal('http'),
    port,
    tls: tlsCert.optional(),
    /** Exact path (without query) → response; `*` answers any other path. */
    paths: z.record(z.string(), httpResponse),
  }),
  z.object({
    protocol: z.literal('rtsp'),
    port,
    /** Reply to every request; CSeq is echoed. */
    response: httpResponse,
  }),
  z.object({
    /** SSH, Telnet, FTP: a greeting sent on connect. */
    protocol: z.literal('banner'),
    port,
    banner: z.string(),
  }),
  z.object({
    /** Binary vendor ports (Hikvision 8000, Dahua 37777): hex bytes sent after the client's first bytes. */
    protocol: z.literal('raw'),
    port,
    replyHex: z.string().regex(/^([0-9a-fA-F]{2})*$/),
    /** Hex sent on connect, before the client speaks. */
    greetingHex: z.string().regex(/^([0-9a-fA-F]{2})*$/).optional(),
  }),
  z.object({
    protocol: z.literal('hostile'),
    port,
    behaviour: misbehaviour,
    /** Text to repeat for endless/huge/drip (default "A"). */
    text: z.string().optional(),
  }),
]);

const snmpAgent = z.object({
  community: z.string().default('public'),
  sysDescr: z.string(),
  sysObjectID: z.string().regex(/^\.?\d+(\.\d+)*$/),
  sysName: z.string().default(''),
  /** Extra OIDs (dotted, no leading dot) → string values (UTF-8), or { utf16le } where the maker's MIB says "unicode string". */
  extra: z.record(z.string(), z.union([z.string(), z.strictObject({ utf16le: z.string() })])).default({}),
  /** A managed switch: its ports and what is cabled to each (the simulator builds BRIDGE/Q-BRIDGE/IF/LLDP tables from it). */
  bridge: z
    .object({
      /** The router's MAC on this segment, learned on the uplink that leads to it (lab MAC plan: 02:1a:b0:02:<segment>:01). */
      routerMac: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/),
      ports: z.array(
        z.object({
          port: z.number().int().min(1),
          name: z.string(),
          alias: z.string().default(''),
          vlan: z.number().int().min(1).max(4094).default(1),
          /** Ids of the devices on this access port: their ground-truth location. */
          devices: z.array(z.string()).default([]),
          /** "router", or the id of the switch at the other end. */
          uplink: z.string().optional(),
        }),
      ),
    })
    .optional(),
  /** Every walk answered without end, with values of changing types: for the hostile switch. */
  hostileTables: z.boolean().optional(),
  /** An SNMPv3 authPriv user (SHA/AES, as the routers' snmpd) the simulator's agent answers besides the community. */
  v3: z.object({ username: z.string().min(1), authKey: z.string().min(8), privKey: z.string().min(8) }).optional(),
  /** ENTITY-MIB entPhysicalTable rows (RFC 6933) as the real counterpart answers them: string columns default to "". */
  entity: z
    .array(
      z.object({
        index: z.number().int().min(1),
        /** PhysicalClass: 3 chassis, 5 container, 9 module, 10 port, 11 stack. */
        class: z.number().int().min(1).max(12),
        descr: z.string().default(''),
        name: z.string().default(''),
        softwareRev: z.string().default(''),
        serial: z.string().default(''),
        mfg: z.string().default(''),
        model: z.string().default(''),
      }),
    )
    .optional(),
});

const mdnsService = z.object({
  /** e.g. "_CGI._tcp", "_ipp._tcp", "_http._tcp" */
  type: z.string().regex(/^_[^.]+\._(tcp|udp)$/),
  /** Instance name, e.g. "HIKVISION DS-2CD2722FWD-IZS - 733050075" */
  name: z.string(),
  port,
  txt: z.record(z.string(), z.string()).default({}),
  /** SRV target host name without ".local" (default: the device hostname). */
  host: z.string().optional(),
  /** The A record's address (default: the device's own): another device's, for a device that frames its neighbour. */
  address: z.string().optional(),
});

/** A device that answers every mDNS query with many large responses, for the hostile profile. */
const mdnsFlood = z.object({
  /** Responses sent per query (each up to ~8 KB). */
  answers: z.number().int().min(1).max(256),
  /** Service instances per response, each with a fresh random name, SRV, a 200-byte TXT and A. */
  services: z.number().int().min(1).max(32),
});

const ssdp = z.object({
  /** SERVER header of the M-SEARCH reply. */
  server: z.string(),
  /** USN; "{st}" is replaced by the search target answered. */
  usn: z.string(),
  /** Search targets the device answers besides ssdp:all (e.g. "upnp:rootdevice", "urn:schemas-upnp-org:device:InternetGatewayDevice:1"). */
  st: z.array(z.string()).default(['upnp:rootdevice']),
  /** Extra reply headers in order. */
  headers: headers.default([]),
  /** Where the description XML is served (HTTP on the device's IP). `host` replaces the IP in LOCATION (the description is still served on the device's own IP): a claim about another device. */
  location: z.object({ port, path: z.string().startsWith('/'), host: z.string().optional() }),
  /** Also answer each M-SEARCH with this many replies whose LOCATIONs name distinct ports of the device (20000 + i, path /flood-i.xml), for the hostile profile. */
  floodLocations: z.number().int().min(1).max(10_000).optional(),
  /** The description document, served as is (may be hostile). */
  description: z.string(),
});

const onvif = z.object({
  /** EndpointReference address, e.g. "urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385" */
  endpoint: z.string(),
  types: z.string().default('dn:NetworkVideoTransmitter tds:Device'),
  scopes: z.array(z.string()),
  /** Default: http://<ip>/onvif/device_service */
  xaddrs: z.string().optional(),
  metadataVersion: z.number().int().default(1),
  /** A whole ProbeMatch envelope to send instead ({messageId} and {relatesTo} are filled in): for hostile devices. */
  raw: z.string().optional(),
});

const sadp = z.object({
  /** ProbeMatch elements after <Uuid> and <Types>, in order, e.g. [["DeviceType","141945"],["DeviceDescription","DS-2CD2385G1-I"], …]. */
  fields: z.array(z.tuple([z.string(), z.string()])),
  /** A whole reply to send instead ({uuid} is filled in). */
  raw: z.string().optional(),
});

const dhip = z.object({
  /** params.deviceInfo of client.notifyDevInfo. */
  deviceInfo: z.record(z.string(), z.unknown()),
  /** A whole JSON body to send instead (wrapped in the DHIP header): for hostile devices. */
  rawBody: z.string().optional(),
});

/** NetBIOS names a Windows or Samba host holds (node status, UDP 137). */
const netbios = z.object({
  name: z.string().min(1).max(15),
  workgroup: z.string().min(1).max(15).default('WORKGROUP'),
});

/** A DNS server on the device (UDP 53) holding the site's reverse zone: address → PTR name. */
const dnsServer = z.object({
  ptr: z.record(z.string(), z.string()),
});

const truth = z.object({
  /** Who made it (short vendor name: "Hikvision", "Dahua", "Axis"); null when nobody can know (a PC with a random MAC). */
  maker: z.string().nullable(),
  /** The label it is sold under ("LTS", "Amcrest"); equals maker when not relabeled. */
  brand: z.string().nullable(),
  covered: z.enum(['huawei', 'zte', 'hytera', 'hikvision', 'dahua']).nullable(),
  /** camera, nvr, dvr, router, switch, ap, ont, repeater, pc, phone, printer, … */
  type: z.string(),
  note: z.string().optional(),
});

export const deviceSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** Segment name (default: the first). */
  segment: z.string().optional(),
  mac: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/),
  /** IPv4 in the segment; assigned in order when absent. */
  ip: z.string().optional(),
  hostname: z.string().optional(),
  truth,
  tcp: z.array(tcpService).default([]),
  snmp: snmpAgent.optional(),
  mdns: z.array(mdnsService).default([]),
  mdnsFlood: mdnsFlood.optional(),
  ssdp: ssdp.optional(),
  onvif: onvif.optional(),
  sadp: sadp.optional(),
  dhip: dhip.optional(),
  netbios: netbios.optional(),
  dns: dnsServer.optional(),
  /** Also reply to multicast discovery from this (out-of-scope) source address: for the hostile profile. */
  spoofFrom: z.string().optional(),
  /** With the profile's `ipv6`: global IPv6 addresses with prefix ("fd86::10/64"), beside the link-local one every device gets. */
  ipv6: z.array(z.string().regex(/^[0-9a-f:]+\/\d{1,3}$/)).optional(),
});

export const segmentSchema = z.object({
  name: z.string(),
  /** e.g. "10.77.0.0/24" */
  subnet: z.string(),
  /** The scanner's own address; only on the scanner's segment. */
  scanner: z.string().optional(),
  /** With the profile's `ipv6`: the scanner's global IPv6 address with prefix ("fd86::2/64"). */
  scannerIpv6: z.string().regex(/^[0-9a-f:]+\/\d{1,3}$/).optional(),
  /** For a routed segment: the router's address on it and on the scanner's segment. */
  router: z
    .object({
      here: z.string(),
      upstream: z.string(),
      /** With the profile's `ipv6`: the router's global IPv6 address on this segment, with prefix. */
      hereIpv6: z.string().regex(/^[0-9a-f:]+\/\d{1,3}$/).optional(),
      /** Run Debian's snmpd in the router's namespace (its ARP table is the kernel's own), read-only with these credentials. */
      snmp: z
        .object({
          community: z.string().min(1),
          v3: z.object({ username: z.string().min(1), authKey: z.string().min(8), privKey: z.string().min(8) }).optional(),
        })
        .optional(),
    })
    .optional(),
});

export const profileSchema = z.object({
  name: z.string(),
  description: z.string(),
  segments: z.array(segmentSchema).min(1),
  devices: z.array(deviceSchema),
  /** Enable IPv6 in the scanner, router and device namespaces (off: the lab is IPv4 only). */
  ipv6: z.boolean().optional(),
});

export type LabProfile = z.infer<typeof profileSchema>;
export type LabDevice = z.infer<typeof deviceSchema>;
export type LabSegment = z.infer<typeof segmentSchema>;
export type TcpService = z.infer<typeof tcpService>;
