/**
 * Issue #11: a header kept as an `http.header` fact whose value has a kind of its own is read as that
 * kind (src/identify/rules/normalize.ts ruleKind): "WWW-Authenticate: Digest realm=…" by the realm
 * rules and the stated-MAC reading, "Server: …" by the Server-header rules, as the same values
 * stored as `http.realm` and `http.server` are. Before, a Hikvision camera's challenge or its
 * App-webs/ Server header kept as a header was read by the header rules only and stayed clear.
 * Other headers are not re-read, and generic realms and servers stay generic.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';

const header = (value: string) => identify([{ ip: '192.0.2.7', port: 80, kind: 'http.header', value, source: 'http', at: '2026-12-05T00:00:00Z' }]);

const fact = (kind: 'http.server' | 'http.realm', value: string) =>
  identify([{ ip: '192.0.2.7', port: 80, kind, value, source: 'capture', at: '2026-12-05T00:00:00Z' }]);

describe('a header value that still carries its header\'s name', () => {
  it('reads the value without the name, as the probe stores it', () => {
    for (const [kind, value, covered] of [
      ['http.server', 'Server: App-webs/', 'hikvision'],
      ['http.realm', 'WWW-Authenticate: Digest qop="auth", realm="IP Camera(C2183)", nonce="4e5468694e7a42694e7a4d364f4449354d7a6b354d54513d", stale="FALSE"', 'hikvision'],
      ['http.realm', 'realm="Login to 4H01D66PAJ2FA64"', 'dahua'],
    ] as const) {
      const verdict = fact(kind, value);
      expect(verdict.status, value).toBe('covered');
      expect(verdict.covered, value).toBe(covered);
    }
  });

  it('leaves a server whose name merely begins with the word, and generic realms, as they were', () => {
    for (const [kind, value] of [
      ['http.server', 'Server-Timing: App-webs/'],
      ['http.server', 'ServerName App-webs/'],
      ['http.realm', 'realm="camera"'],
    ] as const) {
      expect(fact(kind, value).status, value).toBe('clear');
    }
  });
});

describe('a Server header is read as a Server header', () => {
  it('flags the web servers of covered makers\' firmware kept as headers', () => {
    // nmap 7.93 nmap-service-probes lines 9679 (App-webs/), 10165 (DNVRS-Webs), 9653 (IPWEBS/<v>), 9640 (the ZTE mini web server).
    for (const [value, covered] of [
      ['Server: App-webs/', 'hikvision'],
      ['Server: DNVRS-Webs', 'hikvision'],
      ['server: IPWEBS/1.4.0', 'huawei'],
      ['Server: Mini web server 1.0 ZTE corp 2005.', 'zte'],
    ] as const) {
      const verdict = header(value);
      expect(verdict.status, value).toBe('covered');
      expect(verdict.covered, value).toBe(covered);
    }
  });

  it('leaves generic servers and other headers naming a server clear', () => {
    for (const value of ['Server: GoAhead-Webs', 'Server: Webs', 'X-Server: App-webs/', 'Server-Timing: App-webs/']) {
      expect(header(value).status, value).toBe('clear');
    }
  });
});

describe('a WWW-Authenticate header is read as its realm', () => {
  it('flags a Hikvision IP Camera(<id>) challenge kept as a header', () => {
    // fingerprints.md §5 Hikvision realms: the ISAPI/RTSP challenge layout and its hex-encoded nonce.
    const verdict = header('WWW-Authenticate: Digest qop="auth", realm="IP Camera(C2183)", nonce="4e5468694e7a42694e7a4d364f4449354d7a6b354d54513d", stale="FALSE"');
    expect(verdict.status).toBe('covered');
    expect(verdict.covered).toBe('hikvision');
  });

  it('reads a Dahua "Login to <serial>" challenge with its serial, and a Huawei home-gateway realm', () => {
    const dahua = header('WWW-Authenticate: Digest realm="Login to 4H01D66PAJ2FA64", qop="auth", nonce="1234567", opaque="abcdef"');
    expect(dahua.covered).toBe('dahua');
    expect(dahua.serial).toBe('4H01D66PAJ2FA64');
    expect(header('www-authenticate: Basic realm="EchoLife Home Gateway"').covered).toBe('huawei');
  });

  it('reads a bare-MAC realm as the MAC the device states', () => {
    // bluenviron/gortsplib@dbfc058f0c68 pkg/headers/authenticate_test.go (realm="4419b63f5e51"; a Hikvision block).
    const verdict = header('WWW-Authenticate: Digest realm="4419b63f5e51", nonce="8b84a3b789283a8bea8da7fa7d41f08b", stale="FALSE"');
    expect(verdict.status).toBe('covered');
    expect(verdict.covered).toBe('hikvision');
  });

  it('leaves generic realms and other headers as they were', () => {
    for (const value of [
      'WWW-Authenticate: Basic realm="camera"',
      'WWW-Authenticate: Basic realm="Login to the Router Web Configurator"',
      'Location: /login?realm=IP Camera(C2183)',
      'Proxy-Authenticate: Digest realm="IP Camera(C2183)"',
    ]) {
      expect(header(value).status, value).toBe('clear');
    }
  });
});
