/** Fuzzing the vendor-path reply decoding: any reply to any configured path stays bounded. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadVendorPaths, markerContext, pathAnswer } from '../../src/probes/http/vendor-paths.js';
import { HTTP, HTTPS } from '../../src/probes/tcp/tcp-probes.js';
import { bytes, ctx, expectBounded, huge, mutated, RUNS, text } from './arbitraries.js';

const config = loadVendorPaths();
const reply = fc
  .tuple(fc.constantFrom(200, 401, 404, 500), fc.array(fc.tuple(fc.constantFrom('Server', 'WWW-Authenticate', 'Set-Cookie'), text(80)), { maxLength: 10 }), fc.oneof(text(500), fc.constantFrom('{case"HIKVISION"', 'deviceType=IPC-HFW\r\nserialNumber=X', 'seajs.web_version = "V4.0"')))
  .map(([status, headers, body]) => Buffer.from(`HTTP/1.1 ${status} X\r\n${headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n${body}`, 'latin1'));

describe('fuzz: vendor identification paths', () => {
  it('pathAnswer never throws and gives bounded observations for any reply to any path', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(reply), bytes(2048), huge.map((s) => Buffer.from(s))), fc.constantFrom(...config.paths), fc.boolean(), (data, path, tls) => {
        expectBounded(pathAnswer(data, path, tls ? HTTPS : HTTP, '10.0.0.1', 80, ctx).facts, 80);
      }),
      { numRuns: 200 },
    );
  });

  it('markerContext quotes at most the marker and its context', () => {
    fc.assert(
      fc.property(bytes(4096), fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 4 }), (body, markers) => {
        const context = markerContext(body, markers);
        if (context !== null) expect(context.length).toBeLessThanOrEqual(240 + Math.max(...markers.map((m) => m.length)));
      }),
      RUNS,
    );
  });
});
