/**
 * Issue #11, page bodies of covered equipment: what the device's own web server answers before any
 * login (a login page's token script, a pre-login API answer) is read by the structure only that
 * firmware serves (oui/rules/http.body.json): ZTE ZXHN gateways' login token statements and the
 * ajax_response_xml_root answers of their Lua web, Huawei HiLink's /api/webserver/SesTokInfo answer;
 * Dahua's CGI refusal (its whole two-line 'Error' / 'Authorization Failed!' answer) only to review, the
 * words being common.
 * Other makers' login pages, the scripts that log in to these devices from another host and
 * generic token answers stay clear. Judged as a scan judges them: identify() on the device's facts,
 * and a long page through the probe's excerpt finder.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import type { Observation } from '../../src/observations/observation.js';
import { HEAD_BYTES, pageText } from '../../src/probes/http/body-markers.js';

const body = (value: string): Observation => ({ ip: '192.0.2.9', port: 80, kind: 'http.body', value, source: 'http', at: '2026-12-05T00:00:00Z' });
const judge = (...values: string[]) => identify(values.map(body));

// The older ZXHN login pages' token statements, as the public scripts that log in to them read them out of
// GET / (search index ids 14956515964: a ZXHN H118N script, `getObj\("Frm_Logintoken"\).value = "(\d+)"`;
// 44288938729: `getElementById\("Frm_Loginchecktoken"\)\.value.=.(\w+);`) and as a public copy of an F670
// login page builds its form (search index id 11276845067).
const ZXHN_TOKEN = '<script type="text/javascript">\ngetObj("Frm_Logintoken").value = "12";\n</script>';
const ZXHN_CHECKTOKEN = 'document.getElementById("Frm_Loginchecktoken").value = 4;';
const ZXHN_FORM = 'var tokenElement = creatHiddenInput("Frm_Logintoken","0");\nsubmitForm.appendChild(tokenElement);';
// TanMolk/ZXHN-H298A-Manager@fba9baf48d78 service/zte_service.go: the H298A login page's session token.
const ZXHN_SESSION = '"_sessionTOKEN", "50925484"';
// juacas/zte_tracker@6fca5743d725 custom_components/zte/zteclient/zte_client.py: the Lua web's login token answer.
const ZTE_LUA_TOKEN = '<ajax_response_xml_root>53716289</ajax_response_xml_root>';
// HiLink's pre-login session answer (witomin/HuaweiApiClient@bdfebc62bddb …/Responses/SesTokInfoResponse.cs; the
// pair quoted from a device in a HiLink SMS client, search index id 19212770097), in the probe's CR LF form.
const HILINK_SESTOK =
  '<?xml version="1.0" encoding="UTF-8"?>..<response>..<SesInfo>SessionID=4Xr6pqD9k5i8bTSX32YGrVGirdhK7zyNYFVjzP38q8/0JTxgAmOKfDpMJ8lmeJbstBJIvR7JLU5wc7zejlpn8kpuzRsh/oajMHwMklaXrF3RKiUTU5v4tI9tAZxVL6tm</SesInfo>..<TokInfo>ttws6CQ9WT5EftzoWYS6yVCEfRNK3BhE</TokInfo>..</response>..';

describe("a covered device's own login page or pre-login answer flags its maker", () => {
  it.each([
    ['ZXHN login token field', ZXHN_TOKEN, 'zte', 'http.body.zte.zxhn-login-token'],
    ['ZXHN login check token field', ZXHN_CHECKTOKEN, 'zte', 'http.body.zte.zxhn-login-token'],
    ["ZXHN login form built with the firmware's helper", ZXHN_FORM, 'zte', 'http.body.zte.zxhn-login-token'],
    ['ZXHN H298A session token', ZXHN_SESSION, 'zte', 'http.body.zte.zxhn-login-token'],
    ['ZTE Lua web login token answer', ZTE_LUA_TOKEN, 'zte', 'http.body.zte.lua-xml-root'],
    ['HiLink SesTokInfo answer', HILINK_SESTOK, 'huawei', 'http.body.huawei.hilink-session-token'],
  ])('%s', (_label, value, entity, rule) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['covered', entity]);
    expect(verdict.evidence.map((e) => e.rule)).toContain(rule);
  });

  it('reads the ZXHN token statement deep in a long login page', () => {
    // The statement sits after the page's style sheet and scripts, well past the head the probe keeps.
    const filler = Array.from({ length: 300 }, (_, i) => `.login_li_${i} { margin: 0px; padding: 2px; }\n`).join('');
    const page = Buffer.from(`<html><head><title>F660</title><style>\n${filler}</style>\n<script type="text/javascript">\ngetObj("Frm_Logintoken").value = "7";\n</script></head><body></body></html>`);
    expect(page.indexOf('Frm_Logintoken')).toBeGreaterThan(HEAD_BYTES * 4);
    const { head, excerpts } = pageText(page, evidenceMarkers);
    expect(judge(head).status).not.toBe('covered');
    const verdict = judge(head, ...excerpts);
    expect([verdict.status, verdict.covered]).toEqual(['covered', 'zte']);
  });
});

describe("Dahua's CGI refusal reaches review, its words alone do not", () => {
  it.each([
    // https://github.com/nayrnet/node-dahua-api/issues/9: a Dahua camera refusing configManager.cgi, in CR LF and in the probe's form.
    ['the CGI answer', 'Error\r\nAuthorization Failed!\r\n'],
    ["the CGI answer as the probe stores it", 'Error..Authorization Failed!..'],
  ])('%s', (_label, value) => {
    const verdict = judge(value);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'dahua']);
  });

  it.each([
    ['a web API refusal', '{"success": false, "message": "Authorization failed!"}'],
    ['a longer page with the words', 'Error\r\nAuthorization Failed! Please log in again.\r\n<a href="/">Home</a>'],
  ])('%s', (_label, value) => {
    expect(judge(value).status).toBe('clear');
  });
});

describe("other makers' pages and scripts about these devices stay clear", () => {
  it.each([
    // Scripts on another host that log in to a ZXHN gateway: the field names, not the page's statements.
    ['a login script posting the token field', "r = s.post(f'http://{ip}/', {'action': 'login', 'Username': username, 'Password': password, 'Frm_Logintoken': login_token})"],
    ['a login script reading the statement with a regex', 'login_token = re.findall(r\'getObj\\("Frm_Logintoken"\\).value = "(\\d+)"\', r.text)[0]'],
    ['a scanner splitting the page on the statement', 'token = str(getoken.find_all(\'script\')[1]).split(\'getObj("Frm_Logintoken").value = "\')[1].split(\'";\')[0]'],
    ['an exploit POST body', 'login_payload = "Frm_Logintoken=4&Username=root&Password=x"'],
    ['a Lua-web client posting its session token', 'data= { "action": "login", "Password": password_param, "Username": self.username, "_sessionTOKEN": session_token }'],
    ["a client's Go struct tag for the answer", 'XMLName    xml.Name `xml:"ajax_response_xml_root"`'],
    ['a HiLink client type naming the fields', 'public partial class SesTokInfoResponse {\n    public string? SesInfo { get; set; }\n    public string? TokInfo { get; set; }\n}'],
    ["HiLink's generic token answer", '<response><token>ytnlWoj5BfwZz70dS8uX9uIc0NCPLIlqLb2Ype0fidnc23aLk6</token></response>'],
    ['a generic session answer', '<response><session>SessionID=1</session><token>2</token></response>'],
    ['a generic hidden login token field', '<input type="hidden" name="csrf_token" id="login_token" value="8c1f">'],
    // Other makers' router login pages (their heads as the repositories hold them).
    // sannu-goip/ONU_GUI_Realtek web_rtk_28March2025/admin/login2.asp: a Realtek-SDK ONU's login form.
    ['a Realtek-SDK ONU login page', '<SCRIPT language="javascript" src="/common.js"></SCRIPT>\nfunction setpass(obj)\n{\n obj.isclick = 1;\n postTableEncrypt(document.cmlogin.postSecurityFlag, document.cmlogin);\n}'],
    // RMerl/asuswrt-merlin.ng release/src/router/www/sysdep/VZW-AC1300/www/Main_Login.asp.
    ['an ASUS router login page', '<meta name="viewport" content="width=device-width, initial-scale=1, user-scalable=no">\n<link rel="icon" href="images/favicon.png">\n<title>ASUS Login</title>'],
    // A NETGEAR GS108Ev3 switch login page (its head, as a code search result shows it).
    ['a NETGEAR switch login page', '<title>NETGEAR GS108Ev3</title>\n<script src="login.js?v3.e" type="text/javascript"></script>\n<script src="jquery.md5.js" type="text/javascript"></script>'],
  ])('%s', (_label, value) => {
    expect(judge(value).status).toBe('clear');
  });
});
