import http from 'node:http';
import https from 'node:https';
import { RuntimeError } from '../util/errors.js';

/** One exchange never takes longer than this, however it trickles. */
const MAX_EXCHANGE_MS = 15 * 60_000;

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** CA certificates the server's certificate must chain to (fleet.caFile); absent: the system's. */
  readonly ca?: Buffer;
  /** Silence on the connection this long (connecting, sending or waiting) ends the exchange. */
  readonly timeoutMs: number;
  /** A longer reply is cut off and refused: the server's replies are small. */
  readonly maxReplyBytes: number;
}

export interface HttpReply {
  readonly status: number;
  readonly body: Buffer;
}

/** Plain HTTP carries the site token in clear: only to this machine. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** One request; rejects on network failure, timeout or an oversized reply (a RuntimeError saying which). */
export function httpRequest(req: HttpRequest): Promise<HttpReply> {
  const secure = req.url.protocol === 'https:';
  if (!secure && !(req.url.protocol === 'http:' && isLoopbackUrl(req.url))) {
    return Promise.reject(new RuntimeError(`refusing ${req.url.protocol}//${req.url.host}: the fleet server is reached over https (plain http only on loopback)`));
  }
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      method: req.method,
      headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
      ...(secure && req.ca ? { ca: req.ca } : {}),
      agent: false,
    };
    const request = (secure ? https : http).request(req.url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxReplyBytes) {
          request.destroy(new RuntimeError(`the server's reply passed ${req.maxReplyBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
      });
      res.on('error', fail);
    });
    // Idle, not total: a 4 MB batch over a slow link may take minutes and must still get through.
    request.setTimeout(req.timeoutMs, () => request.destroy(new RuntimeError(`the connection was silent for ${req.timeoutMs / 1000} s`)));
    const timer = setTimeout(() => request.destroy(new RuntimeError(`no complete reply within ${MAX_EXCHANGE_MS / 60_000} minutes`)), MAX_EXCHANGE_MS);
    function fail(err: Error): void {
      clearTimeout(timer);
      reject(err);
    }
    request.on('error', fail);
    request.end(req.body);
  });
}
