/**
 * An observation is one raw fact a probe saw about one address: the unit that flows from
 * discovery into the inventory and from the inventory into identification. Values are the
 * device's own text, bounded but not escaped: escaping belongs to each output.
 */

/** Every kind of fact lanaudit records. Identification rules and `lanaudit identify` use the same names. */
export const OBSERVATION_KINDS = [
  'mac', // value: normalized MAC "aa:bb:cc:dd:ee:ff"
  'mac.mismatch', // value: "claims MAC <x>, network saw <y>": a device's own reply named another MAC than ARP saw
  'alive', // value: how it answered ("tcp-rst", "icmp", "arp") when nothing else says so (routed hosts)
  'ipv6', // value: an IPv6 address of the host at `ip` (same MAC in both neighbour tables): one device, both families
  'hostname', // value: a name the host answers to (reverse DNS, mDNS, NetBIOS, SNMP sysName)
  'tcp.open', // value: the port number as text; `port` set as well
  'http.server',
  'http.title',
  'http.realm',
  'http.header', // value: "Name: value" of a selected header
  'http.body', // value: a bounded marker excerpt of the body
  'tls.subject',
  'tls.issuer',
  'tcp.banner', // binary vendor ports: "hex=<first bytes> ascii=<printable runs>"
  'rtsp.server',
  'rtsp.realm',
  'ssh.banner',
  'telnet.banner',
  'ftp.banner',
  'snmp.sysdescr',
  'snmp.sysobjectid',
  'snmp.sysname',
  'snmp.entity.model', // ENTITY-MIB chassis row (RFC 6933): entPhysicalModelName
  'snmp.entity.serial', // entPhysicalSerialNum
  'snmp.entity.mfg', // entPhysicalMfgName
  'snmp.entity.firmware', // entPhysicalSoftwareRev
  'upnp.server',
  'upnp.manufacturer',
  'upnp.model',
  'upnp.serial',
  'upnp.udn',
  'upnp.location', // the description URL an SSDP reply points to
  'mdns.instance',
  'mdns.service',
  'mdns.txt',
  'onvif.scope',
  'onvif.endpoint',
  'sadp.reply',
  'dhip.reply',
  'nmap.product', // value: "product version" as nmap -sV names it
  'nmap.service', // value: nmap's service name (http, rtsp, …)
  'nmap.os',
  'location', // value: JSON {switch, address, port, alias, vlan, confidence}: the switch port a MAC is learned on (src/infrastructure)
  'malformed', // value: a bounded, printable excerpt of a reply that could not be parsed; `source` says which probe
] as const;

export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export function isObservationKind(kind: string): kind is ObservationKind {
  return (OBSERVATION_KINDS as readonly string[]).includes(kind);
}

export interface Observation {
  /** IPv4 address, dotted quad, the fact is about. */
  readonly ip: string;
  /** Normalized MAC ("aa:bb:cc:dd:ee:ff") when the fact itself carries one (neighbour table, nmap, SADP …). */
  readonly mac?: string;
  readonly kind: ObservationKind;
  /** Bounded to MAX_VALUE_LENGTH characters; may contain any text a device sent. */
  readonly value: string;
  readonly port?: number;
  /** The probe that saw it: 'neigh', 'tcp', 'nmap', 'http', 'sadp', 'import', … */
  readonly source: string;
  /** ISO 8601 time it was seen. */
  readonly at: string;
}

/** Upper bound for a stored value: enough for a banner, a scope list or a whole SADP/DHIP reply, never a 10 MB reply. */
export const MAX_VALUE_LENGTH = 4096;

/** Longest path the vendor-path probe asks; it stores an answer as `<path>: <excerpt>`, which identification reads past. */
export const MAX_PROBE_PATH = 256;

/** Cuts device text to the bound, marking the cut so a reader knows it is partial. */
export function boundValue(text: string, max = MAX_VALUE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const MAC_HEX = /^[0-9a-f]{12}$/;

/** Normalizes "AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff", "aa:bb:cc:dd:ee:ff" to lower-case colon form; null if it is not a MAC. */
export function normalizeMac(text: string): string | null {
  const hex = text.trim().toLowerCase().replace(/[:.\-\s]/g, '');
  if (!MAC_HEX.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** A locally administered MAC (second hex digit 2, 6, A or E): randomized or assigned in software, never attributable by OUI. */
export function isLocallyAdministered(mac: string): boolean {
  const first = Number.parseInt(mac.slice(0, 2), 16);
  return (first & 0x02) !== 0;
}
