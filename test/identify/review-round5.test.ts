/**
 * Issue #11, second review of round 4 (5 Dec): a sweep of other makers' strings through identify()
 * (Debian usb.ids/pci.ids, nut driver.list, nmap's os-db and service probes, chirp, foomatic, the
 * catalogue's other makers) and of other services' HTTP answers. Each case is a clean answer that
 * flagged before this review; judged as a scan judges it: identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './observations.js';

describe('a redirect to a Hikvision login page at a named host', () => {
  // RFC 9110 §10.2.2: a Location may name any host. A portal or redirector sends the browser to a
  // recorder elsewhere as http.body.hikvision.doc-page-login's intranet-portal counter-example links
  // to one; the answering device is not that recorder, so the redirect alone reaches review.
  it.each([
    'Location: http://10.10.90.90/doc/page/login.asp?_1762828508144',
    'Location: https://cctv.example.org/doc/page/login.asp',
  ])('%j reaches review, not a flag', (value) => {
    const verdict = verdictOf('http.header', value);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'hikvision']);
  });

  it("still flags the server's own relative redirect", () => {
    const verdict = verdictOf('http.header', 'Location: /doc/page/login.asp?_1693560000000');
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'hikvision']);
  });
});
