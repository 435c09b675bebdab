import net from 'node:net';
import tls from 'node:tls';

export interface TcpExchange {
  readonly ip: string;
  readonly port: number;
  readonly tls?: boolean;
  /** Sent once connected; nothing is sent when absent (greeting protocols). */
  readonly request?: Buffer;
  /** Whole exchange, connect included. */
  readonly timeoutMs: number;
  /** Stop reading this long after the last byte (a greeting is one burst). */
  readonly idleMs: number;
  readonly maxBytes: number;
  readonly signal: AbortSignal;
  /** Stop as soon as this says the reply is complete (e.g. end of HTTP headers). */
  readonly complete?: (data: Buffer) => boolean;
}

export interface TlsFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
}

export interface TcpReply {
  readonly data: Buffer;
  readonly truncated: boolean;
  readonly tls?: TlsFacts;
}

/** "CN=x, O=y" from node's certificate name object (values may be arrays for repeated attributes). */
function dn(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}=${x}`) : v !== undefined ? [`${k}=${v}`] : []))
    .join(', ');
}

/**
 * Connects, optionally sends one request, and reads a bounded reply: at most maxBytes, within
 * timeoutMs overall, ending early after idleMs of silence. A device that drips, floods or never
 * answers costs at most timeoutMs and maxBytes. Certificates are read, never verified: we want to
 * know what a device presents, not to trust it.
 */
export function tcpExchange(req: TcpExchange): Promise<TcpReply> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let settled = false;
    let tlsFacts: TlsFacts | undefined;
    let idle: NodeJS.Timeout | undefined;
    const socket: net.Socket = req.tls
      ? tls.connect({ host: req.ip, port: req.port, rejectUnauthorized: false, servername: '' })
      : net.connect({ host: req.ip, port: req.port });
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(idle);
      req.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err && size === 0) reject(err);
      else resolve({ data: Buffer.concat(chunks), truncated, ...(tlsFacts ? { tls: tlsFacts } : {}) });
    };
    const onAbort = () => finish(new Error('aborted'));
    const overall = setTimeout(() => finish(new Error(`no answer within ${req.timeoutMs} ms`)), req.timeoutMs);
    req.signal.addEventListener('abort', onAbort, { once: true });
    socket.once(req.tls ? 'secureConnect' : 'connect', () => {
      if (req.tls) {
        const cert = (socket as tls.TLSSocket).getPeerCertificate();
        if (cert && Object.keys(cert).length) {
          tlsFacts = { subject: dn(cert.subject as never), issuer: dn(cert.issuer as never), validFrom: cert.valid_from, validTo: cert.valid_to };
        }
      }
      if (req.request) socket.write(req.request);
      idle = setTimeout(() => finish(), req.request ? req.timeoutMs : req.idleMs * 4);
    });
    socket.on('data', (chunk: Buffer) => {
      const room = req.maxBytes - size;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        // Reading stops at the cap: whatever the device would have sent next is cut off.
        truncated = true;
        return finish();
      }
      chunks.push(chunk);
      size += chunk.length;
      if (req.complete?.(Buffer.concat(chunks))) return finish();
      clearTimeout(idle);
      idle = setTimeout(() => finish(), req.idleMs);
    });
    socket.on('end', () => finish());
    socket.on('error', (err) => finish(err));
  });
}
