/**
 * The discovery protocols that may be asked one host at a time, as data: the multicast probes'
 * own decoders (and so their speak-for-self checks), with the request addressed to the host.
 * Which of them real devices answer by unicast, and the sources:
 * - WS-Discovery Probe to UDP 3702: a Probe may be sent to a target service directly
 *   (WS-Discovery 2005/04 §5.2); ONVIF clients probe one camera by its address.
 * - SSDP M-SEARCH to UDP 1900: UPnP Device Architecture 1.1 §1.3.2 (unicast search).
 * - DHIP DHDiscover.search to UDP 37810: DahuaConsole sends it to one host (fingerprints.md §2a).
 * - SADP inquiry to UDP 37020: unconfirmed (Hikvision's tool finds the local segment only); read-only, so it is asked.
 * - mDNS from an ephemeral port to UDP 5353 ("legacy unicast", RFC 6762 §6.7): responders
 *   SHOULD ignore queries from off-link addresses (§5.5; Avahi does since CVE-2017-6519),
 *   older responders answer.
 */
import type { Observation } from '../../observations/observation.js';
import { encodeBrowseQuery, MDNS_PORT } from '../mdns/mdns-codec.js';
import { packetFacts } from '../mdns/mdns-probe.js';
import { browsedServiceTypes } from '../mdns/mdns-services.js';
import { DHIP, SADP, SSDP, WS_DISCOVERY } from '../multicast/discovery-probes.js';
import type { ProbeContext } from '../probe-context.js';
import { encodeUnicastMSearch } from '../ssdp/ssdp-codec.js';
import type { Datagram } from '../udp/udp-exchange.js';

export interface UnicastProbe {
  readonly name: string;
  readonly port: number;
  /** The request for one host (SSDP names the host it asks). */
  readonly request: (host: string) => Buffer;
  readonly maxBytes: number;
  readonly decode: (reply: Datagram, ctx: ProbeContext) => Observation[];
}

export const UNICAST_PROBES: readonly UnicastProbe[] = [
  { ...SADP, request: () => SADP.request() },
  { ...DHIP, request: () => DHIP.request() },
  { ...WS_DISCOVERY, request: () => WS_DISCOVERY.request() },
  { ...SSDP, request: (host) => encodeUnicastMSearch(host) },
  {
    name: 'mdns',
    port: MDNS_PORT,
    request: () => encodeBrowseQuery(browsedServiceTypes()),
    maxBytes: 9000,
    decode: (reply, ctx) => packetFacts(reply.data, reply.from, ctx),
  },
];
