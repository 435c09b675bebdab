/**
 * What lanaudit asks each open TCP port, as data: which ports a probe serves, the bytes it sends
 * (read-only requests only, never credentials) and how a reply becomes observations.
 */
import type { Observation, ObservationKind } from '../../observations/observation.js';
import { pageText } from '../http/body-markers.js';
import { header, headEnds, parseResponseHead, realmOf, titleOf } from '../http/response-head.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import type { TcpReply } from './tcp-exchange.js';

export interface TcpProbe {
  readonly name: string;
  readonly ports: readonly number[];
  readonly tls?: boolean;
  readonly request?: (ip: string, port: number) => Buffer;
  readonly complete?: (data: Buffer) => boolean;
  readonly maxBytes: number;
  readonly decode: (reply: TcpReply, ip: string, port: number, ctx: ProbeContext) => Observation[];
}

const HEAD_END = Buffer.from('\r\n\r\n');
/** Headers kept as 'http.header' facts: they carry vendor tells (Dahua's P3P, session cookie names, redirect targets). */
const KEPT_HEADERS = ['p3p', 'set-cookie', 'location', 'x-powered-by'];

function fact(ctx: ProbeContext, ip: string, port: number, source: string, kind: ObservationKind, value: string): Observation {
  return observe(ctx, { ip, port, source, kind, value });
}

/**
 * A head still going at the byte cap (endless or 10 MB headers) is oversized: what it says is the
 * attacker's padding, not a server's answer, so it is recorded as malformed and nothing else.
 */
function oversizedHead(reply: TcpReply, ip: string, port: number, ctx: ProbeContext, source: string, protocol: string): Observation | null {
  if (!reply.truncated || headEnds(reply.data)) return null;
  return fact(ctx, ip, port, source, 'malformed', `${protocol} head over ${reply.data.length} bytes: ${excerpt(reply.data)}`);
}

function httpFacts(reply: TcpReply, ip: string, port: number, ctx: ProbeContext, source: string): Observation[] {
  const head = parseResponseHead(reply.data);
  const out: Observation[] = [];
  if (reply.tls) {
    if (reply.tls.subject) out.push(fact(ctx, ip, port, source, 'tls.subject', reply.tls.subject));
    if (reply.tls.issuer) out.push(fact(ctx, ip, port, source, 'tls.issuer', reply.tls.issuer));
  }
  if (!head || head.protocol !== 'HTTP') {
    if (reply.data.length) out.push(fact(ctx, ip, port, source, 'malformed', `not an HTTP response: ${excerpt(reply.data)}`));
    return out;
  }
  const oversized = oversizedHead(reply, ip, port, ctx, source, 'HTTP');
  if (oversized) return [...out, oversized];
  const server = header(head, 'server');
  if (server !== undefined) out.push(fact(ctx, ip, port, source, 'http.server', server));
  const challenge = header(head, 'www-authenticate');
  const realm = challenge ? realmOf(challenge) : null;
  if (realm !== null) out.push(fact(ctx, ip, port, source, 'http.realm', realm));
  const title = titleOf(head.body);
  if (title) out.push(fact(ctx, ip, port, source, 'http.title', title));
  for (const [name, value] of head.headers) {
    if (!KEPT_HEADERS.includes(name.toLowerCase())) continue;
    // Only the cookie's name: its value is a session secret of the device, not a fingerprint.
    const shown = name.toLowerCase() === 'set-cookie' ? (value.split('=')[0] ?? '') : value;
    out.push(fact(ctx, ip, port, source, 'http.header', `${name}: ${shown}`));
  }
  if (head.body.length) {
    // The first 2 KB whole, then what names a maker further on in the page (a footer, a copyright line).
    const page = pageText(head.body, ctx.bodyMarkers);
    for (const text of [page.head, ...page.excerpts]) out.push(fact(ctx, ip, port, source, 'http.body', text));
  }
  return out;
}

/** A plain GET, no credentials; the vendor identification paths use it too. */
export function httpGet(ip: string, port: number, path = '/'): Buffer {
  const host = port === 80 || port === 443 ? ip : `${ip}:${port}`;
  return Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: lanaudit\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
}

export const HTTP: TcpProbe = {
  name: 'http',
  ports: [80, 81, 88, 8080, 8081, 8888, 49152],
  request: (ip, port) => httpGet(ip, port),
  maxBytes: 64 * 1024,
  decode: (reply, ip, port, ctx) => httpFacts(reply, ip, port, ctx, 'http'),
};

export const HTTPS: TcpProbe = {
  name: 'https',
  ports: [443, 8443],
  tls: true,
  request: (ip, port) => httpGet(ip, port),
  maxBytes: 64 * 1024,
  decode: (reply, ip, port, ctx) => httpFacts(reply, ip, port, ctx, 'https'),
};

export const RTSP: TcpProbe = {
  name: 'rtsp',
  ports: [554, 8554],
  // DESCRIBE answers with both the Server header and the 401 challenge whose realm names the firmware.
  request: (ip, port) => Buffer.from(`DESCRIBE rtsp://${ip}:${port}/ RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: lanaudit\r\nAccept: application/sdp\r\n\r\n`),
  complete: (data) => data.includes(HEAD_END),
  maxBytes: 8192,
  decode(reply, ip, port, ctx) {
    const head = parseResponseHead(reply.data);
    if (!head || head.protocol !== 'RTSP') return reply.data.length ? [fact(ctx, ip, port, 'rtsp', 'malformed', `not an RTSP response: ${excerpt(reply.data)}`)] : [];
    const oversized = oversizedHead(reply, ip, port, ctx, 'rtsp', 'RTSP');
    if (oversized) return [oversized];
    const out: Observation[] = [];
    const server = header(head, 'server');
    if (server !== undefined) out.push(fact(ctx, ip, port, 'rtsp', 'rtsp.server', server));
    const challenge = header(head, 'www-authenticate');
    const realm = challenge ? realmOf(challenge) : null;
    if (realm !== null) out.push(fact(ctx, ip, port, 'rtsp', 'rtsp.realm', realm));
    return out;
  },
};

/** Removes telnet option negotiation (IAC …) so that only the text a person would see remains. */
export function stripTelnet(data: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b !== 0xff) {
      out.push(b);
      continue;
    }
    const cmd = data[i + 1];
    if (cmd === 0xff) {
      out.push(0xff);
      i++;
    } else if (cmd === 0xfa) {
      const se = data.indexOf(Buffer.from([0xff, 0xf0]), i + 2);
      i = se < 0 ? data.length : se + 1;
    } else if (cmd !== undefined && cmd >= 0xfb && cmd <= 0xfe) i += 2;
    else i += 1;
  }
  return Buffer.from(out);
}

function greeting(name: string, kind: ObservationKind, ports: number[], clean: (d: Buffer) => Buffer = (d) => d): TcpProbe {
  return {
    name,
    ports,
    maxBytes: 4096,
    decode(reply, ip, port, ctx) {
      // A greeting is a line or a few: one still going at the cap is an endless or 10 MB flood.
      if (reply.truncated) return [fact(ctx, ip, port, name, 'malformed', `${name} banner over ${reply.data.length} bytes: ${excerpt(reply.data)}`)];
      const text = clean(reply.data).toString('utf8').trim();
      return text ? [fact(ctx, ip, port, name, kind, text)] : [];
    },
  };
}

export const SSH = greeting('ssh', 'ssh.banner', [22]);
export const TELNET = greeting('telnet', 'telnet.banner', [23], stripTelnet);
export const FTP = greeting('ftp', 'ftp.banner', [21]);

/** Binary replies as text rules can read: the first bytes in hex, then the printable runs. */
export function binaryBanner(data: Buffer): string {
  const runs = data.toString('latin1').match(/[\x20-\x7e]{4,}/g) ?? [];
  return `hex=${data.subarray(0, 32).toString('hex')} ascii=${runs.join('|')}`;
}

function vendorPort(name: string, ports: number[], request: Buffer): TcpProbe {
  return {
    name,
    ports,
    request: () => request,
    maxBytes: 2048,
    decode: (reply, ip, port, ctx) => (reply.data.length ? [fact(ctx, ip, port, name, 'tcp.banner', binaryBanner(reply.data))] : []),
  };
}

/** Dahua DVRIP realm request (DahuaConsole, fingerprints.md §2c): the reply holds "Login to <serial>". */
export const DVRIP = vendorPort('dvrip', [37777], Buffer.from('a00100000000000000000000000000000000000000000000050201010000a1aa', 'hex'));
/** Hikvision SDK port: any unknown 32-byte frame gets the 16-byte error frame nmap matches (fingerprints.md §1). */
export const HIK_SDK = vendorPort('hik-sdk', [8000], Buffer.alloc(32));

export const TCP_PROBES: readonly TcpProbe[] = [HTTP, HTTPS, RTSP, SSH, TELNET, FTP, DVRIP, HIK_SDK];

export function probesForPort(port: number, probes: readonly TcpProbe[] = TCP_PROBES): TcpProbe[] {
  return probes.filter((p) => p.ports.includes(port));
}
