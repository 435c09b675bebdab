/**
 * Issue #11, false-flag guard: other makers' 4G dongles and travel routers built on ZTE
 * Microelectronics/Sanechips (ZXIC) chips run ZTE's reference web UI and answer its goform API, so
 * the endpoint and the version fields are the reference stack's, not ZTE's alone. Only ZTE's own
 * build naming in the goform version answer (BD_/CR_ + operator + MF/MC/MU model) flags ZTE; the
 * shared endpoint sends to review at most, and another maker's build in the same field reads nothing.
 * Strings are the rules' cited examples and counter-examples (oui/rules/http.body.json goform rules,
 * oui/versions.json zte.goform-build), judged as a scan judges them: identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation } from '../../src/observations/observation.js';

const body = (value: string): Observation => ({ ip: '192.0.2.20', port: 80, kind: 'http.body', value, source: 'http', at: '2026-12-05T00:00:00Z' });
const judge = (...values: string[]) => identify(values.map(body));

// The reference web UI's status call, as ZTE's own UI makes it (ZTETool/ZTE-MU5001-HACK@5638cedf3efe hack.js)
// and as the same UI makes it on KuWFi's ZX297520V3 C920 (lr-m/ZX297520V3_HAX@4f08fe4e8fa0 README.md) and
// in Olax's re-skinned copy (danyaPostfactum/olax-ZX297520V3-web): nothing in it tells the makers apart.
const REFERENCE_UI_CALL = '  $.ajax({\n    type: "GET",\n    url: "/goform/goform_get_cmd_process",\n    data: {';
// teixeluis/zte-lte-modem@fa092e380e4b README.md: a ZTE MF266's pre-login version answer.
const ZTE_MF266_ANSWER = '{"Language":"pt","cr_version":"","wa_inner_version":"BD_MEOPTMF266V1.0.0B06"}';
// https://github.com/Mio-sha512/openstick-stuff/issues/4: a third-party UFI003S dongle's own build, in the goform fields.
const UFI_BUILD_IN_CR = '{"Language":"en","cr_version":"UFI003S_V03_ZX_DD_250226","wa_inner_version":""}';
const UFI_BUILD_IN_WA = '{"Language":"en","cr_version":"","wa_inner_version":"UFI003S_V03_ZX_DD_250226"}';
// Constructed look-alike (not a capture): an MF-like number in a build without ZTE's BD_/CR_ naming.
const OTHER_NAMING_MF = '{"cr_version":"","wa_inner_version":"UFI_MF981V1.0.0B01"}';

describe("a third-party ZXIC dongle's goform answers do not flag ZTE", () => {
  it('the reference web UI calling the goform endpoint sends to review, never a flag', () => {
    const verdict = judge(REFERENCE_UI_CALL);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'zte']);
  });

  it.each([
    ["another maker's build in cr_version", UFI_BUILD_IN_CR],
    ["another maker's build in wa_inner_version", UFI_BUILD_IN_WA],
    ['an MF-like number in a build without ZTE’s BD_/CR_ naming', OTHER_NAMING_MF],
  ])('%s is not flagged', (_label, value) => {
    expect(judge(value).status).not.toBe('covered');
  });

  it("another maker's build beside the reference UI's call stays at review", () => {
    expect(judge(REFERENCE_UI_CALL, UFI_BUILD_IN_CR).status).toBe('review');
  });
});

describe("ZTE's own goform answer still flags ZTE", () => {
  it("a ZTE MF266's version answer flags with its model and build", () => {
    const verdict = judge(ZTE_MF266_ANSWER);
    expect([verdict.status, verdict.covered, verdict.model, verdict.firmware]).toEqual(['covered', 'zte', 'MF266', 'BD_MEOPTMF266V1.0.0B06']);
  });

  it("ZTE's build beside the reference UI's call flags", () => {
    const verdict = judge(REFERENCE_UI_CALL, ZTE_MF266_ANSWER);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'zte']);
  });
});
