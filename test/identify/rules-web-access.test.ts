/**
 * Issue #11, round 3: web answers of covered makers' access equipment (home gateways, ONTs, LTE
 * CPEs, cameras) that no maker name or model number in the text gives away, read by rules in
 * oui/rules/http.*.json, checked through identify() as a scan would see them. Each string is a
 * real capture (cited in the rule or in test/corpus/banners.jsonl); look-alikes stay clear.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { ObservationKind } from '../../src/observations/observation.js';

const verdictOf = (kind: ObservationKind, value: string) =>
  identify([{ ip: '192.0.2.7', kind, value, source: 'test', at: '2026-12-05T00:00:00Z' }]);

describe('ZTE web server error page signature', () => {
  // A ZTE ZXHN F610GV9's answer to OPTIONS on port 8080 (public nmap capture; banners.jsonl): no
  // model, no maker name, only the <ADDRESS> line linking zte.com.cn that ZTE's httpd prints.
  const f610 =
    '<HTML>\n<HEAD><TITLE>400 Bad Request</TITLE></HEAD>\n<BODY BGCOLOR="#FFFFFF" TEXT="#000000" LINK="#2020ff" VLINK="#4040cc">\n' +
    '<H2>400 Bad Request</H2>\nYour request has bad syntax or is inherently impossible to satisfy.\n<HR>\n' +
    '<ADDRESS><A HREF="http://www.zte.com.cn"></A></ADDRESS>\n</BODY>\n</HTML>';

  it('flags the error page as ZTE equipment', () => {
    const verdict = verdictOf('http.body', f610);
    expect(verdict.status).toBe('covered');
    expect(verdict.covered).toBe('zte');
  });

  it('does not flag other servers\' signatures or a page that merely links to ZTE', () => {
    for (const value of [
      '<ADDRESS><A HREF="http://www.acme.com/software/micro_proxy/">micro_proxy</A></ADDRESS>',
      '<HR>\n<ADDRESS><A HREF="http://www.acme.com/software/mini_httpd/">mini_httpd/1.19 19dec2003</A></ADDRESS>',
      '<p>Router drivers: <a href="http://www.zte.com.cn">ZTE</a> and <a href="http://www.huawei.com">Huawei</a></p>',
    ]) {
      expect(verdictOf('http.body', value).status, value).not.toBe('covered');
    }
  });
});

describe('Huawei HiLink device API answer', () => {
  it('flags a Huawei Mobile WiFi basic_information answer (lower-case HiLink tags) with its model', () => {
    // E5573Cs-322's api/device/basic_information (banners.jsonl): the LTE grammar alone says review.
    const verdict = verdictOf(
      'http.body',
      '<?xml version="1.0" encoding="UTF-8"?>\n<response>\n<productfamily>LTE</productfamily>\n<classify>mobile-wifi</classify>\n<multimode>0</multimode>\n' +
        '<restore_default_status>0</restore_default_status>\n<sim_save_pin_enable>0</sim_save_pin_enable>\n<devicename>E5573Cs-322</devicename>\n</response>',
    );
    expect(verdict.status).toBe('covered');
    expect(verdict.covered).toBe('huawei');
    expect(verdict.model).toBe('E5573Cs-322');
  });

  it('does not flag another maker\'s firmware that imitates the HiLink API', () => {
    const verdict = verdictOf(
      'http.body',
      '<response>\n<DeviceName></DeviceName>\n<SerialNumber></SerialNumber>\n<HardwareVersion>LD825-TS_V1.0</HardwareVersion>\n' +
        '<SoftwareVersion>LD825_V1.0_20180508</SoftwareVersion>\n<WebUIVersion></WebUIVersion>\n<ProductFamily></ProductFamily>\n<Classify>mobile-wifi</Classify>\n</response>',
    );
    expect(verdict.status).toBe('clear');
  });
});
