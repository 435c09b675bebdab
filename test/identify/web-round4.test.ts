/**
 * Issue #11, web round 4: what a scan sees of a covered device's web server when the device does
 * not name its maker. Dahua's RPC2 answers (the error code space 0x10000000-0x11FFFFFF beside
 * "result":false; a magicBox answer in the id/params/result/session envelope), Dahua's DH_<MAC>
 * digest realm and a redirect to Hikvision's /doc/page/login.asp, read by oui/rules/http.*.json.
 * The strings here are other members of each class than the rules' own examples (other codes, other
 * models, other MACs), so the tests check the grammar rather than the example; look-alikes of other
 * software stay clear. Judged as a scan judges them: identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { matchObservation } from '../../src/identify/rules/match.js';
import type { ObservationKind } from '../../src/observations/observation.js';

const verdictOf = (kind: ObservationKind, value: string) =>
  identify([{ ip: '192.0.2.7', port: 80, kind, value, source: 'http', at: '2026-12-05T00:00:00Z' }]);

describe('Dahua RPC2 answers', () => {
  it('flags an error answer in Dahua\'s code space, whatever the message', () => {
    // mcw0/DahuaConsole@839075529cf0 dahua.py lists the errors Dahua devices answered; these two are
    // no example of the rule.
    for (const value of [
      '{"error":{"code":268959743,"message":"Unknown error! error code was not set in service!"},"id":4,"result":false,"session":"8e2a61b4c0d9f3a7"}',
      '/RPC2: {"error":{"code":268894212,"message":"Server internal error!"},"id":12,"result":false,"session":2231}',
      // The params a refused login carries sit between the error and result:false.
      '/RPC2_Login: {"error":{"code":268894211,"message":"Request invalid param!"},"id":2,"params":{"remainLockSecond":0,"remainLoginTimes":4},"result":false,"session":"8e2a61b4c0d9f3a7"}',
    ]) {
      const verdict = verdictOf('http.body', value);
      expect(verdict.status, value).toBe('covered');
      expect(verdict.covered, value).toBe('dahua');
    }
  });

  it('flags a magicBox device-type answer and reports the model as the device states it', () => {
    // The type a Dahua XVR states (https://github.com/rroller/dahua/issues/59: getDeviceType answers
    // type=DH-XVR5108C-X), in the RPC2 envelope with an integer session (rroller/dahua#6).
    const verdict = verdictOf('http.body', '{"id":3,"params":{"type":"DH-XVR5108C-X"},"result":true,"session":1075}');
    expect(verdict.status).toBe('covered');
    expect(verdict.covered).toBe('dahua');
    expect(verdict.model).toBe('DH-XVR5108C-X');
  });

  it('sends the bare envelope to review only', () => {
    const verdict = verdictOf('http.body', '{"id":11,"params":{"timeout":60},"result":true,"session":"8e2a61b4c0d9f3a7"}');
    expect(verdict.status).toBe('review');
  });

  it('leaves JSON-RPC 2.0, other code spaces and clients\' requests clear', () => {
    for (const value of [
      '{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}',
      '{"error":{"code":403,"message":"Forbidden"},"id":1,"result":false}',
      '{"error":{"code":3000000000,"message":"overflow"},"result":false}',
      '{"id":2,"jsonrpc":"2.0","result":{"type":"camera"}}',
      '{"method":"global.keepAlive","params":{"timeout":300,"active":true},"id":5,"session":"8e2a61b4c0d9f3a7"}',
    ]) {
      expect(verdictOf('http.body', value).status, value).toBe('clear');
    }
  });
});

describe('Dahua DH_<MAC> digest realm', () => {
  it('flags the realm with another device\'s MAC, as the realm or as the whole challenge', () => {
    for (const value of ['DH_3CEF8C1A2B3C', 'Digest realm="DH_E0508B0C0D0E", nonce="000562fdY0123456789abcdef", stale=FALSE, qop="auth"']) {
      const verdict = verdictOf('http.realm', value);
      expect(verdict.status, value).toBe('covered');
      expect(verdict.covered, value).toBe('dahua');
    }
  });

  it('leaves other prefixes and a realm without a MAC clear', () => {
    for (const value of ['DHCP_3CEF8C1A2B3C', 'Digest realm="DH_NVR"', 'DH_3CEF8C1A2B']) {
      expect(verdictOf('http.realm', value).status, value).toBe('clear');
    }
  });
});

describe('Hikvision login-page redirect', () => {
  // A redirect naming a host reaches review only (review-round5.test.ts).
  it('flags a relative Location header to /doc/page/login.asp', () => {
    for (const value of ['Location: /doc/page/login.asp?_1712345678901', 'Location: /doc/page/login.asp']) {
      const verdict = verdictOf('http.header', value);
      expect(verdict.status, value).toBe('covered');
      expect(verdict.covered, value).toBe('hikvision');
    }
  });

  it('leaves other login pages and look-alike paths clear', () => {
    for (const value of ['Location: /doc/page/login.aspx', 'Location: /login.asp?_1712345678901', 'Location: /docs/page/login.asp']) {
      expect(verdictOf('http.header', value).status, value).toBe('clear');
    }
  });
});

describe('Hikvision certificates as other tools print them', () => {
  it('flags O=HIKVISION written as nmap\'s organizationName= or as an Org: line', () => {
    for (const [kind, value] of [
      ['tls.subject', 'Subject: commonName=192.168.1.64/organizationName=HIKVISION/countryName=CN'],
      ['tls.issuer', 'Issuer\n    CN: 10.0.0.20\n    Org: HIKVISION\n    Country: CN'],
    ] as const) {
      const verdict = verdictOf(kind, value);
      expect(verdict.status, value).toBe('covered');
      expect(verdict.covered, value).toBe('hikvision');
    }
  });

  it('reads no other organization whose name begins with the maker\'s', () => {
    // The rule's own reading; whether the maker's name in an organization is a mention is mentions.json's.
    for (const value of ['Subject: commonName=shop.example/organizationName=HIKVISION Fans Club/countryName=GB', 'Org: HIKVISION-Partner GmbH']) {
      const rules = matchObservation({ ip: '192.0.2.7', kind: 'tls.subject', value, source: 'https', at: '2026-12-05T00:00:00Z' }).map((m) => m.rule);
      expect(rules, value).not.toContain('tls.subject.hikvision.org');
    }
  });
});
