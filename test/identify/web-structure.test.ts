/**
 * Issue #11, web evidence: covered makers' web UIs recognised by what the firmware's pages are
 * (their own layout, login script, copyright object, server token, certificate), not by a name
 * they may never print; and the look-alikes (a script on another host, a logo image, an ACS
 * listing another device's parameters, software titles, the scale maker) stay below a flag.
 * Strings are the rules' cited examples and counter-examples (oui/rules/http.*.json, tls.*.json,
 * mentions.json title-leads), judged as a scan judges them: identify() on the device's facts.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';
import { HEAD_BYTES, pageText } from '../../src/probes/http/body-markers.js';

const fact = (kind: ObservationKind, value: string): Observation => ({ ip: '192.0.2.9', port: 80, kind, value, source: 'http', at: '2026-12-05T00:00:00Z' });
const judge = (...facts: Observation[]) => identify(facts);

// kalagxw/MA5671-205@cd988d57fb72 html/frame_huawei/login.asp: the first lines of a Huawei ONT login page.
const ONT_LOGIN_HEAD = [
  '<html>',
  '<head>',
  '<title></title>',
  '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
  '<script language="JavaScript" src="../resource/common/<%HW_WEB_CleanCache_Resource(md5.js);%>"></script>',
  '<script language="JavaScript" src="../resource/common/<%HW_WEB_CleanCache_Resource(RndSecurityFormat.js);%>"></script>',
].join('\n');

describe('covered makers recognised by their web UI structure', () => {
  it.each([
    ['Huawei home gateway logo block', 'covered', fact('http.body', '<div id="huaweilogo"></div> Home Gateway')],
    ['Huawei ONT login script (RndSecurityFormat.js in the page head)', 'covered', fact('http.body', ONT_LOGIN_HEAD)],
    ['Huawei ONT login token field', 'covered', fact('http.body', "\tForm.addParameter('x.X_HW_Token', cnt);\n\tForm.submit();")],
    ['Huawei VRP copyright object', 'covered', fact('http.body', 'var COPYRIGHT = { manufacturer: "Huawei"')],
    ['a title that begins with the maker', 'covered', fact('http.title', 'Huawei xDSL')],
    ["nmap naming Huawei's IPWEBS web server", 'covered', fact('nmap.product', 'IPWEBS')],
    ['Huawei ATP page skeleton', 'covered', fact('http.body', "<title>replace</title>\n<body>\n<script language=\"JavaScript\" type=\"text/javascript\">\nvar pageName = '/';\n")],
    // Weak hints: review, not a flag.
    ['Server: switch (Huawei S5700, a common word)', 'review', fact('http.server', 'switch')],
    ["title 'replace' (Huawei ATP placeholder)", 'review', fact('http.title', 'replace')],
  ] as const)('%s: %s Huawei', (_label, status, obs) => {
    const verdict = judge(obs);
    expect([verdict.status, verdict.covered]).toEqual([status, 'huawei']);
  });

  it("reads the model a Huawei login page states for itself (var ProductName = '<model>')", () => {
    const verdict = judge(fact('http.body', "var ProductName = 'HG8245H';"));
    expect(verdict.status).toBe('covered');
    expect(verdict.covered).toBe('huawei');
    expect(verdict.model).toBe('HG8245H');
  });

  it("flags ZTE's CPE-SERVER web server", () => {
    const verdict = judge(fact('http.server', 'CPE-SERVER/1.0 Supports only GET'));
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'zte']);
  });

  it.each([
    ['curl, fields separated by "; "', 'CN=NVR; C=CN; ST=Zhejiang; L=Hangzhou; O=ZheJiang Dahua Technology CO.,LTD.; OU=NVR'],
    [
      'nmap ssl-cert, one field per line, no-break spaces escaped',
      'Issuer\n    CN: Dahua\\xC2\\xA0Device\\xC2\\xA0NVR\\xC2\\xA0CA\n    Org: Zhejiang\\xC2\\xA0Dahua\\xC2\\xA0Technology\\xC2\\xA0Co.,Ltd.\n    State: Zhejiang',
    ],
  ])('flags a Dahua certificate issuer however it is printed (%s)', (_label, value) => {
    const verdict = judge(fact('tls.issuer', value));
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'dahua']);
  });

  it("sends Huawei VRP's login heading to review alone and flags it with the page naming Huawei (Greenbone's conjunction)", () => {
    expect(judge(fact('http.body', 'Log In to AR Web')).status).toBe('review');
    const both = judge(fact('http.body', 'Log In to AR Web'), fact('http.body', '<span class="brand">Huawei</span>'));
    expect([both.status, both.covered]).toEqual(['covered', 'huawei']);
  });
});

describe('look-alikes of those web markers stay below a flag', () => {
  it.each([
    ['a page showing a Huawei logo image', fact('http.body', '<img src="/images/huaweilogo.png" alt="modem">')],
    ['a script on another host naming the ONT login path', fact('http.body', 'GPON_RAND_URL="$GPON_URL/asp/GetRandCount.asp"')],
    ['an ACS page listing a Huawei ONT parameter', fact('http.body', 'InternetGatewayDevice.X_HW_DEBUG.SMP.DM.ResetBoard')],
    ["another maker's ProductName", fact('http.body', "var ProductName = 'DIR-825';")],
    ["the login page template before the device fills the model in", fact('http.body', "var ProductName = '<%HW_WEB_GetParaByDomainName(InternetGatewayDevice.DeviceInfo.ModelName);%>';")],
    ["another maker's copyright object", fact('http.body', 'var COPYRIGHT = { manufacturer: "H3C"')],
    ['the generic third login heading', fact('http.body', 'Log In to Router Web')],
    ['a server named like a switch manager', fact('http.server', 'Switch Manager')],
    ['a bare CPE-SERVER', fact('http.server', 'CPE-SERVER')],
    ['the Shanghai Dahua scale maker', fact('tls.issuer', 'CN=Shanghai Dahua Scale Factory; O=Shanghai Dahua Scale Factory')],
    ["Huawei's phone suite on a PC", fact('http.title', 'HUAWEI HiSuite for Windows')],
    ['an integration page', fact('http.title', 'Hikvision integration - Home Assistant')],
    ["Huawei's cloud in front of another site", fact('http.title', 'HUAWEI CLOUD WAF')],
    ["the Server header of Huawei's cloud WAF in front of another site", fact('http.server', 'HuaweiCloudWAF')],
    ['a VMS page listing the cameras it records', fact('http.body', '<td>Front Door</td><td>Hikvision DS-2CD2143G0-I</td>')],
  ])('%s', (_label, obs) => {
    expect(judge(obs).status).not.toBe('covered');
  });

  it('leaves the clearly unrelated clear', () => {
    for (const obs of [
      fact('http.body', '<img src="/images/huaweilogo.png" alt="modem">'),
      fact('http.body', 'GPON_RAND_URL="$GPON_URL/asp/GetRandCount.asp"'),
      fact('http.server', 'Switch Manager'),
      fact('tls.issuer', 'CN=Shanghai Dahua Scale Factory; O=Shanghai Dahua Scale Factory'),
      fact('http.title', 'HUAWEI HiSuite for Windows'),
      fact('http.server', 'HuaweiCloudWAF'),
    ]) {
      expect(judge(obs).status, obs.value).toBe('clear');
    }
  });
});

describe('layout markers of pages that name no maker', () => {
  // github188/HikvisionPlayback@6562d1df4f5a home/dispatch.asp: a Hikvision camera's web root, its redirect to the login page.
  const HIKVISION_ROOT_SCRIPT = '\telse\n\t{\n\t\twindow.location.href = "doc/page/login.asp";\n\t}\n}\n</script>\n</head>\n\n<body onLoad="init()">\n</body>\n</html>\n';
  // Names nobody: cookie and language handling of the same page, repeated past the excerpt head.
  const FILLER = Array.from({ length: 120 }, (_, i) => `\tvar szLanguage${i} = $.cookie('language');\n`).join('');

  it("flags Hikvision from its web root's redirect to doc/page/login.asp", () => {
    const verdict = judge(fact('http.body', HIKVISION_ROOT_SCRIPT));
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'hikvision']);
  });

  it('keeps that redirect when it sits past the page head GET / keeps whole, and flags', () => {
    const body = Buffer.from(`<html>\n<head>\n<script type="text/javascript">\nfunction init()\n{\n${FILLER}${HIKVISION_ROOT_SCRIPT}`);
    expect(body.indexOf('doc/page/login.asp')).toBeGreaterThan(HEAD_BYTES);
    const { head, excerpts } = pageText(body, evidenceMarkers);
    expect(excerpts.some((e) => e.includes('window.location.href = "doc/page/login.asp"'))).toBe(true);
    const verdict = judge(...[head, ...excerpts].map((value) => fact('http.body', value)));
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'hikvision']);
  });

  // nmap 7.93 nmap-service-probes line 10364 ('Huawei ADSL modem http admin').
  const HUAWEI_ATP_SCRIPTS = '<script language="JavaScript" src="../js/util.js"></script>\n<script language="JavaScript" src="../js/webtoolkit.sha256.js"></script>\n<script language="JavaScript" src="/lang/msgerrcode.res"></script>';

  it("sends Huawei's ATP error-message resource to review alone, not to a flag", () => {
    const verdict = judge(fact('http.body', HUAWEI_ATP_SCRIPTS));
    expect([verdict.status, verdict.covered]).toEqual(['review', 'huawei']);
  });

  it.each([
    ["an intranet portal's link to a recorder's login page", '<li><a class="nav-link" href="http://10.10.90.90/doc/page/login.asp?_1762828508144" target="_blank">Web Portal</a></li>'],
    ['a dashboard opening a recorder in a new window', 'window.open("http://192.168.1.230/doc/page/login.asp?_1682057745088",\'_blank\',\'directories=0,titlebar=0\');'],
    ["a scanner's list of camera paths", 'http_paths = ["/", "/doc/page/login.asp", "/login.asp", "/index.html"]'],
    // A scanner worker's source (public repository file, search index id 31290119377): it quotes the camera's redirect to recognize it.
    ["a scanner's source quoting that redirect", `            if r.ok:\n                if 'window.location.href = "doc/page/login.asp?_"+nowDate.getTime();' in r.text:\n                    return STATUS_HAS_HIKCAM`],
    ['the same quoted in a JavaScript string', `const HIK_ROOT = "location.href = 'doc/page/login.asp'";`],
    ['another web UI sending the browser to its own login.asp', '\twindow.location.href = "login.asp";'],
    ['another language resource', '<script language="JavaScript" src="/lang/en.js"></script>'],
  ])('%s stays clear', (_label, value) => {
    expect(judge(fact('http.body', value)).status).toBe('clear');
  });
});
