import http from 'node:http';

export interface BoundedResponse {
  readonly status: number;
  /** Raw header pairs in the device's order and case. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  /** The body was longer than the cap and was cut. */
  readonly truncated: boolean;
}

/**
 * One GET with a hard cap on time and bytes: a device may answer with an endless or 10 MB body,
 * drip a byte a second, or never answer. No redirects are followed, no credentials are sent.
 */
export function fetchBounded(url: URL, options: { timeoutMs: number; maxBytes: number; signal: AbortSignal }): Promise<BoundedResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { signal: options.signal, headers: { 'User-Agent': 'lanaudit', Connection: 'close' }, insecureHTTPParser: true }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const finish = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks), truncated });
      };
      res.on('data', (chunk: Buffer) => {
        const room = options.maxBytes - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          size += room;
          truncated = true;
          res.destroy();
          finish();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', finish);
      res.on('error', (err) => (truncated ? undefined : reject(err)));
    });
    const timer = setTimeout(() => req.destroy(new Error(`no complete answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
