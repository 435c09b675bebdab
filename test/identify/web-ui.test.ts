/**
 * Issue #11, covered makers' web servers as a scan meets them when no header names the maker: the
 * cookie ZTE home gateways' own web framework sets (_TESTCOOKIESUPPORT, review only: a cookie name is
 * a short word another framework could pick), and a ZTE gateway's page title sent as numeric
 * character references, which the probe now reads as the browser shows it. The probe keeps only a
 * cookie's name (src/probes/tcp/tcp-probes.ts); an ingested header keeps its value, and both forms
 * are read. Other cookies (SID, TestCookie) and a client's request header stay clear. Judged as a
 * scan judges them: identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';
import { titleOf } from '../../src/probes/http/response-head.js';

const fact = (kind: ObservationKind, value: string): Observation => ({ ip: '192.0.2.21', port: 80, kind, value, source: 'http', at: '2026-12-05T00:00:00Z' });
const judge = (...facts: Array<[ObservationKind, string]>) => identify(facts.map(([kind, value]) => fact(kind, value)));

describe('ZTE home gateway web: the _TESTCOOKIESUPPORT cookie', () => {
  it('sends the cookie a ZTE gateway sets to review as ZTE, by name alone, in either scheme, with or without its value', () => {
    // juacas/zte_tracker@6fca5743d725 custom_components/zte/zteclient/zte_client.py: the cookie a ZTE gateway's
    // web expects; an F660P's HTTPS answer sets the _HTTPS_ forms beside SID_HTTPS_ (search index id 32053927642).
    for (const value of [
      'Set-Cookie: _TESTCOOKIESUPPORT',
      'Set-Cookie: _TESTCOOKIESUPPORT_HTTPS_',
      'Set-Cookie: _TESTCOOKIESUPPORT=1; PATH=/; HttpOnly',
      'set-cookie: _TESTCOOKIESUPPORT_HTTPS_=1; PATH=/; Secure; HttpOnly; SameSite=strict',
    ]) {
      const verdict = judge(['http.header', value]);
      expect(verdict.status, value).toBe('review');
      expect(verdict.covered, value).toBe('zte');
    }
  });

  it('leaves other cookies and a client\'s request header clear', () => {
    for (const value of [
      'Set-Cookie: SID',
      'Set-Cookie: SID_HTTPS_',
      'Set-Cookie: TestCookie=pippo', // ULib's postlogin.sh sample
      'Set-Cookie: COOKIESUPPORT',
      'Set-Cookie: _TESTCOOKIESUPPORTED',
      'Cookie: _TESTCOOKIESUPPORT=1; SID=591958f2287dd4', // what a client sends the gateway, not the gateway's word
    ]) {
      expect(judge(['http.header', value]).status, value).toBe('clear');
    }
  });
});

describe('ZTE gateway web: a title sent as numeric character references', () => {
  // An F660P's HTTPS GET / (public nmap fingerprint, search index id 32053927642): <title>&#70;&#54;&#54;&#48;&#80;</title>,
  // which a browser shows as F660P; read raw, the model was lost.
  const PAGE = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<head>\n<link rel="shortcut icon" href="/img/favicon.ico" />\n\n<title>&#70;&#54;&#54;&#48;&#80;</title>\n<style type="text/css">';

  it('reads the title as the browser shows it, and the model from it', () => {
    const title = titleOf(Buffer.from(PAGE));
    expect(title).toBe('F660P');
    const verdict = judge(['http.title', title!]);
    expect(verdict.status).toBe('review');
    expect(verdict.covered).toBe('zte');
    expect(verdict.model).toBe('F660P');
  });

  it('decodes hexadecimal references too, and leaves what is no character (controls, surrogates, out of range, unterminated) as sent', () => {
    expect(titleOf(Buffer.from('<title>&#x46;&#x36;&#x37;&#x30;L</title>'))).toBe('F670L');
    expect(titleOf(Buffer.from('<title>a&#0;b&#27;c&#xD800;d&#1114112;e&#70f</title>'))).toBe('a&#0;b&#27;c&#xD800;d&#1114112;e&#70f');
    expect(titleOf(Buffer.from('<title>Tom &amp; Jerry&#39;s</title>'))).toBe("Tom &amp; Jerry's");
  });
});
