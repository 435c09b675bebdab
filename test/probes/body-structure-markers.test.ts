/**
 * Issue #11, web evidence: a firmware's own structural marker that sits deep in its page (past the
 * first 2 KB GET / keeps whole) is kept as an excerpt, as a maker's name there is, so that the
 * page-body rules read it. Huawei's ONT login page (kalagxw/MA5671-205@cd988d57fb72
 * html/frame_huawei/login.asp) requests its login token from '/asp/GetRandCount.asp' about 14 KB in
 * and names no maker before it.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import type { Observation } from '../../src/observations/observation.js';
import { HEAD_BYTES, pageText } from '../../src/probes/http/body-markers.js';

/** A login script's plain statements, about 14 KB of them, naming nobody. */
const SCRIPT = Array.from({ length: 400 }, (_, i) => `\tsetDisable('txt_Field${i}', 1);\n`).join('');

const TOKEN_REQUEST = "\t$.ajax({\n\t\ttype : \"POST\",\n\t\tasync : false,\n\t\tcache : false,\n\t\turl : '/asp/GetRandCount.asp',\n";

const page = (middle: string): Buffer => Buffer.from(`<html>\n<head>\n<title></title>\n<script language="JavaScript" type="text/javascript">\n${SCRIPT}${middle}\t\tsuccess : function(data) { cnt = data; }\n\t});\n</script>\n</head>\n<body></body>\n</html>\n`);

const bodyFacts = (body: Buffer): Observation[] => {
  const { head, excerpts } = pageText(body, evidenceMarkers);
  return [head, ...excerpts].map((value) => ({ ip: '192.0.2.7', port: 80, kind: 'http.body', value, source: 'http', at: '2026-12-05T00:00:00Z' }));
};

describe('structural markers deep in a page', () => {
  it("keeps Huawei's login token request found 14 KB in, and the device is flagged Huawei", () => {
    const body = page(TOKEN_REQUEST);
    expect(body.indexOf('GetRandCount')).toBeGreaterThan(HEAD_BYTES * 6);
    const facts = bodyFacts(body);
    expect(facts.slice(1).some((f) => f.value.includes("'/asp/GetRandCount.asp'"))).toBe(true);
    const verdict = identify(facts);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'huawei']);
  });

  it('keeps nothing beyond the head of the same page without the marker, and it stays clear', () => {
    const facts = bodyFacts(page(''));
    expect(facts).toHaveLength(1);
    expect(identify(facts).status).toBe('clear');
  });

  it("keeps no excerpt for a look-alike that the rule does not read (another host's script naming the path unquoted)", () => {
    const facts = bodyFacts(page('\tGPON_RAND_URL=$GPON_URL/asp/GetRandCount.asp\n'));
    expect(facts).toHaveLength(1);
    expect(identify(facts).status).toBe('clear');
  });
});
