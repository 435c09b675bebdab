/** Fuzzing the TCP probe decoders: HTTP/RTSP heads, realms, titles, telnet and binary banners. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResponseHead, realmOf, titleOf } from '../../src/probes/http/response-head.js';
import { binaryBanner, DVRIP, FTP, HTTP, HTTPS, RTSP, SSH, stripTelnet, TELNET } from '../../src/probes/tcp/tcp-probes.js';
import { bytes, ctx, expectBounded, huge, mutated, RUNS, text, token } from './arbitraries.js';

const headerName = token(['Server', 'WWW-Authenticate', 'Set-Cookie', 'P3P', 'Location', 'CONTENT-LENGTH', 'X-Powered-By', '']);
const challenge = fc.oneof(
  fc.tuple(fc.constantFrom('Digest', 'Basic', ''), text(40), fc.constantFrom('"', '', "'")).map(([scheme, realm, q]) => `${scheme} realm=${q}${realm}${q}, nonce="x"`),
  text(80),
);
/** A plausible response head with hostile header values and an optional body. */
const response = fc
  .tuple(
    fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'RTSP/1.0', 'HTTP/9.9', 'SSH-2.0', ''),
    fc.integer({ min: 0, max: 999 }),
    fc.array(fc.tuple(headerName, fc.oneof(text(60), challenge)), { maxLength: 80 }),
    fc.constantFrom('\r\n', '\n', '\r'),
    fc.oneof(text(200), fc.tuple(text(20), text(60)).map(([a, t]) => `${a}<title>${t}</title>`), fc.constant('<title'.repeat(50))),
  )
  .map(([proto, status, headers, eol, body]) => Buffer.from(`${proto} ${status} X${eol}${headers.map(([n, v]) => `${n}: ${v}`).join(eol)}${eol}${eol}${body}`, 'latin1'));

const anyReply = fc.oneof(mutated(response), bytes(2048), huge.map((s) => Buffer.from(s)));

describe('fuzz: HTTP/RTSP response heads', () => {
  it('parseResponseHead never throws and keeps at most 64 headers', () => {
    fc.assert(
      fc.property(anyReply, (data) => {
        const head = parseResponseHead(data);
        if (head) {
          expect(head.headers.length).toBeLessThanOrEqual(64);
          expect(head.status).toBeGreaterThanOrEqual(0);
          expect(head.body.length).toBeLessThanOrEqual(data.length);
        }
      }),
      RUNS,
    );
  });

  it('realmOf and titleOf never throw; a title is at most 512 characters', () => {
    fc.assert(
      fc.property(fc.oneof(challenge, text(500)), anyReply, (c, body) => {
        const realm = realmOf(c);
        if (realm !== null) expect(realm.length).toBeLessThanOrEqual(c.length);
        const title = titleOf(body);
        if (title !== null) expect(title.length).toBeLessThanOrEqual(512);
      }),
      RUNS,
    );
  });

  it('the HTTP, HTTPS and RTSP decoders give bounded observations for any reply', () => {
    fc.assert(
      fc.property(anyReply, fc.boolean(), (data, truncated) => {
        for (const probe of [HTTP, HTTPS, RTSP]) {
          const tls = probe.tls ? { subject: 'CN=x'.repeat(3000), issuer: '', validFrom: '', validTo: '' } : undefined;
          expectBounded(probe.decode({ data, truncated, ...(tls ? { tls } : {}) }, '10.0.0.1', 80, ctx));
        }
      }),
      RUNS,
    );
  });
});

describe('fuzz: greeting and binary banners', () => {
  /** Telnet negotiation sequences mixed with text. */
  const telnet = fc
    .array(
      fc.oneof(
        fc.tuple(fc.constant(0xff), fc.integer({ min: 0xf0, max: 0xff }), fc.integer({ min: 0, max: 255 })).map((t) => Buffer.from(t)),
        fc.constant(Buffer.from([0xff, 0xfa, 0x18, 0x01])), // subnegotiation never closed
        fc.constant(Buffer.from([0xff])),
        bytes(40),
        fc.constant(Buffer.from('192.0.0.64 login: ')),
      ),
      { maxLength: 40 },
    )
    .map((parts) => Buffer.concat(parts));

  it('stripTelnet never throws and never grows its input', () => {
    fc.assert(
      fc.property(fc.oneof(telnet, bytes(4096)), (data) => {
        expect(stripTelnet(data).length).toBeLessThanOrEqual(data.length);
      }),
      RUNS,
    );
  });

  it('binaryBanner and the greeting decoders give bounded observations', () => {
    fc.assert(
      fc.property(fc.oneof(telnet, bytes(4096), huge.map((s) => Buffer.from(s))), (data) => {
        expect(binaryBanner(data).startsWith('hex=')).toBe(true);
        for (const probe of [SSH, TELNET, FTP, DVRIP]) expectBounded(probe.decode({ data, truncated: false }, '10.0.0.1', 23, ctx));
      }),
      RUNS,
    );
  });
});
