// Issue #11, adversary round: real strings that name a covered maker (Huawei, ZTE, Hikvision, Dahua,
// Hytera and their brands) without being its equipment, gathered from public code, documentation and
// captures (each cited), in the text kinds a scan reads. None may flag; most stay at review (a bare
// mention of a maker is worth a person's look) and the software and third-party names are notes. The
// device titles that name their maker still flag.
//
// Before the title templates (mentions.json title-self-kind, title-product) a page title that went on
// after "<maker> <kind>" or "<maker> <model>" flagged: "Hikvision IP Camera Stream" and its kin are
// served at GET / by Flask and aiohttp apps that relay a camera's RTSP stream (three independent ones
// with that exact title, four more titled "Hikvision Camera Stream"), and "ZTE F660 Exporter" by a
// Prometheus exporter; no device title in the corpus, the rules or the cited captures goes on in such
// words. And Huawei Cloud's API Gateway (Server: Huawei API-Gateway 1.0) flagged as a self-description,
// and a model number in a third party's words ("Kameraklient for Hikvision DS-2CD2432F-IW") flagged through
// its model grammar: the note (mentions.json othersText) now caps the same text's readings (host-software.ts).
// A title that is the maker alone ("HUAWEI", "HYTERA") flagged too (title-leads): one Huawei ONT page has it,
// and so do nine shop, fan and app pages found beside it; it now needs an access technology or a model.
// Python camera relays name their Server after the maker ("HikvisionProxy/1.0", Python adding "Python/3.x"):
// they flagged as a Server header leading with the maker (leads); relay-name and web-framework read them now.
// A reseller's footer "© 2025 Hikvision UAE. All Rights Reserved." flagged as the firmware's copyright line
// (copyright reads page bodies); the reseller template reads a shop word or sales region after the maker.
// A shop's product name as a page title ("HikVision DS-2CE16C0T-IRP HD IR bullet camera") flagged through the
// model grammar; product-listing reads the shop's words (MP, mm, bullet, dome, price) and caps that title.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';
import { noMac } from './observations.js';

const at = '2026-12-05T12:00:00.000Z';
const o = (kind: ObservationKind, value: string): Observation => ({ ip: '10.0.0.9', kind, value, port: 80, source: 'test', at });
const verdict = (kind: ObservationKind, value: string) => identify([o(kind, value)], noMac);

type Row = readonly [ObservationKind, string, string];

// [kind, value, source]; "search index id N" is the id of the file in the public-code index the
// strings were found with (as elsewhere in these tests).
const CLEAN: Record<string, readonly Row[]> = {
  "noted": [
    ["http.title", "Hikvision IP Camera Stream", "search index id 19445829585 (a Flask app relaying a Hikvision camera's RTSP stream as MJPEG: index() serves <title>Hikvision IP Camera Stream</title>)"],
    ["http.title", "Hikvision IP Camera Stream", "search index id 19982137735 (a Flask MJPEG relay: <title>Hikvision IP Camera Stream</title>, POST /video/start)"],
    ["http.title", "Hikvision IP Camera Stream", "search index id 19275438265 (an aiohttp relay: HTML_TEMPLATE <title>Hikvision IP Camera Stream</title>)"],
    ["http.body", "<h2>Hikvision IP Camera Stream Proxy</h2>", "search index id 19822298353 (a Flask stream proxy's root page)"],
    ["http.server", "Huawei API-Gateway 1.0", "Greenbone gb_huawei_vrp_http_detect.nasl 2020-08-24 (search index id 6741589407): Server headers to exclude from Huawei VRP detection"],
  ],
  "software": [
    ["http.title", "Hikvision Kamera Canlı İzleme", "search index id 20122328771"],
    ["http.title", "Hikvision Exporter", "search index id 3044410363 (a Prometheus exporter for Hikvision cameras, Go)"],
    ["http.title", "Hikvision AV Sync Lab", "search index id 55066067396"],
    ["http.title", "Dahua Bridger - Account Linking", "search index id 69192179363 (a Node bridge's account-linking page)"],
    ["http.title", "DAHUA: DASHBOARD", "search index id 16169002766 (a web dashboard template)"],
    ["http.title", "DAHUA: SIGN IN", "search index id 16311993819 (the same app's sign-in page)"],
    ["http.title", "DahuaBridge Admin", "search index id 52517715288 and 71143027950"],
    ["http.title", "Dahua Camera MJPEG Stream", "search index id 39341366574 (a Flask MJPEG relay for a Dahua camera)"],
    ["http.title", "Dahua NVR Paneli", "search index id 62568439494 (a Python panel for a Dahua NVR, Turkish)"],
    ["http.title", "Huawei Cloud Security Scanner | Dashboard", "search index id 66402857507"],
    ["http.title", "Huawei SMS Sender", "search index id 57079176828"],
    ["http.title", "Huawei Lab Inventory", "search index id 40932239434"],
    ["http.title", "Huawei Health", "search index id 48219033858"],
    ["http.title", "Huawei Deep Stealth", "search index id 42023145633 (a FastAPI dashboard)"],
    ["http.title", "ZTE F660 Exporter", "search index id 43233876094 (a Prometheus exporter for a ZTE F660 ONT, Go)"],
    ["http.title", "ZTE C300/C320 ONU Auto Manager - SNMP", "search index id 60786594596 (a PHP ONU manager polling a ZTE OLT)"],
    ["http.title", "EZVIZ Doorbell Push", "search index id 60270635979"],
    ["http.title", "EZVIZ Camera Test", "search index id 70710272715 and 70821706983 (FastAPI apps)"],
    ["http.title", "EZVIZ stream diagnostics", "search index id 56212340080"],
    ["http.title", "EZVIZ API TEST", "search index id 4808430386"],
    ["http.title", "HYTERA – $missionName", "search index id 68967045651 (a mission page template)"],
    ["http.title", "Hytera行业解决方案组绩效统计网页", "search index id 34349502487 (a team's performance statistics page, PHP)"],
    ["http.title", "HikCentral Simulado", "search index id 10512841709 (a Python simulator of a HikCentral server for testing)"],
    ["http.title", "Imou WebVideo Player", "search index id 54512903448 (a page embedding Imou-OpenPlatform/imou-player)"],
    ["http.title", "Imou AudioTalk Bridge", "search index id 69782090417"],
    ["http.title", "Imou Cameras Status", "search index id 63086758315 and 14025371707"],
    ["http.title", "Imou API Tester", "search index id 69386144624"],
    ["http.title", "Imou login helper", "search index id 55600616513"],
    ["http.title", "Huawei Cloud Storage Services Lab Report", "search index id 37877028705"],
    ["http.title", "Huawei Cloud Website", "search index id 11879642736"],
    ["http.title", "Huawei Cloud Matchmaker", "search index id 68823722121"],
    ["http.title", "Huawei cloudide plugin", "search index id 2494188905 (a VS Code webview)"],
    ["http.title", "Huawei Cloud Proposal Generator", "search index id 56438536770"],
    ["http.title", "Huawei Cloud operation approval", "search index id 61224588578"],
    ["http.title", "Hikvision Camera Audit Dashboard", "search index id 53809010915"],
    ["http.title", "Hikvision Camera MJPEG Stream", "search index id 19144114723 (a Flask MJPEG relay)"],
    ["http.title", "Hikvision Camera Stream", "search index ids 20052340595, 19953964757, 19410112079, 19815856827 (four Flask MJPEG relays)"],
    ["http.title", "Hikvision Camera Configuration", "search index id 69191765738 (a PHP configuration page that drives a camera over ISAPI)"],
    ["http.title", "Hikvision Camera Live Stream", "search index id 19326239165 (a Python http.server relay)"],
    ["http.body", "<h2>Live Stream (Hikvision IP Camera)</h2>\n<img src=\"/video/live\"", "search index id 19326239165 (the same relay's page body)"],
    ["http.title", "Dahua Camera Live Stream", "search index id 39163668183 (a Flask relay)"],
    ["http.title", "Dahua Camera WebRTC Stream", "search index id 38739783563"],
    ["http.title", "Huawei Router Backup Index", "search index id 25137082766 and 26048644792 (a backup tool's generated index page)"],
    ["http.title", "Hikvision NVR Recording Monitor", "search index id 67117014777"],
    ["http.title", "Hikvision NVR 巡检报告", "search index id 18013404553 (an NVR inspection report generator)"],
    ["http.title", "Huawei Bot Control", "search index id 42272647957 (a FastAPI dashboard)"],
    ["http.title", "Huawei B593 u-12 Password Recovery", "search index id 43596494449 (a PHP password-recovery tool for a Huawei B593)"],
    ["http.title", "Huawei Board Classification Report", "search index id 16727187514 (a generated PDF report's HTML)"],
    ["http.body", "// SPDX-FileCopyrightText: © 2025 Huawei Cloud Computing Technologies Co., Ltd\n// SPDX-License-Identifier: Apache-2.0", "search index id 9045867643 (a Huawei Cloud open-source file header)"],
    ["hostname", "hikvision-hub", "search index id 69121716337 (bkbilly/Hikvision-Site's docker-compose: container_name hikvision-hub, a recordings viewer)"],
    ["hostname", "huawei-solar", "search index id 16725758056 and 39887837440 (a Huawei inverter-to-MQTT bridge's docker-compose: container_name huawei-solar)"],
    ["hostname", "huawei-solar-rtu", "search index id 8825488429 (the RTU variant: container_name huawei-solar-rtu)"],
    ["hostname", "huawei-lte-gateway", "search index id 53605630218 (an SMS gateway for a Huawei LTE modem: container_name huawei-lte-gateway)"],
    ["hostname", "huawei-webdav", "search index id 56714435442 (a WebDAV bridge to Huawei Cloud: container_name huawei-webdav)"],
    ["hostname", "huawei-location-bridge", "search index id 49871131910"],
    ["hostname", "hikvision-sdk", "search index id 55687216034 (a service wrapping Hikvision's SDK: container_name hikvision-sdk)"],
    ["hostname", "hikvision-rabbitmq", "search index id 27293837044 (container_name hikvision-rabbitmq)"],
    ["hostname", "dahua-db-dev", "search index id 19055475821 (container_name dahua-db-dev, a MySQL)"],
    ["snmp.sysdescr", "MAS 1.0 (Intel X86) Copyright (c) 1998-2006 Huawei Technologies Co., Ltd on SUSE LINUX 9.0", "rapid7/recog@00145cdfd327 xml/snmp_sysdescr.xml (Huawei's MAS SNMP agent on SuSE Linux)"],
  ],
  "third-party": [
    ["http.title", "Huawei LTE - Home Assistant", "home-assistant/home-assistant.io source/_integrations/huawei_lte.markdown (title: Huawei LTE; the site renders '<title> - Home Assistant'), https://www.home-assistant.io/integrations/huawei_lte/"],
    ["http.body", "The Huawei LTE router and modem integration for Home Assistant allows you to observe and control Huawei LTE devices.", "home-assistant/home-assistant.io source/_integrations/huawei_lte.markdown"],
    ["http.body", "Routers we know to be working with this component based on the documentation of used libraries and reports by users:\n\n- Huawei B310s-22\n- Huawei B525s-23a\n- Huawei E5186s-22a\n- Huawei B618", "home-assistant/home-assistant.io source/_components/huawei_lte.markdown (Tested routers)"],
    ["http.title", "Hikvision - Home Assistant", "home-assistant/home-assistant.io@08260f713d0f source/_integrations/hikvision.markdown (title: Hikvision), https://www.home-assistant.io/integrations/hikvision/"],
    ["http.title", "EZVIZ - Home Assistant", "home-assistant/home-assistant.io@064cfea1ea12 source/_integrations/ezviz.markdown (title: EZVIZ), https://www.home-assistant.io/integrations/ezviz/"],
    ["http.title", "Imou Life - Home Assistant", "home-assistant/home-assistant.io@68a77074b986 source/_integrations/ImouLife.markdown (title: Imou Life)"],
    ["http.body", "The Hikvision Binary Sensor is a platform that parses the event stream of a Hikvision IP Camera or NVR and presents the camera/nvr events to Home Assistant as binary sensors", "home-assistant/home-assistant.io@08260f713d0f source/_integrations/hikvision.markdown"],
    ["http.body", "This platform should work with all Hikvision cameras and nvrs,\nand has been confirmed to work with the following models:\n\n- DS-2CD2032-I\n- DS-2CD2042WD-I\n- DS-7616NI-K2 (NVR)", "home-assistant/home-assistant.io@08260f713d0f source/_integrations/hikvision.markdown"],
    ["http.body", "The `ezviz` sensor platform uses the ezvizlife.com API to interact with the devices.", "home-assistant/home-assistant.io@064cfea1ea12 source/_integrations/ezviz.markdown"],
    ["http.body", "If your EZVIZ camera supports PTZ, you will be able to pan or tilt your camera.", "home-assistant/home-assistant.io@064cfea1ea12 source/_integrations/ezviz.markdown"],
    ["http.body", "The Imou integration uses Imou Open Platform APIs to operate Imou camera under the account.", "home-assistant/home-assistant.io@68a77074b986 source/_integrations/ImouLife.markdown"],
    ["mdns.instance", "Hikvision-NVR-Syno", "search index id 37149446028 (a Homebridge Hikvision NVR plugin's example config: platform name Hikvision-NVR-Syno; Homebridge advertises a child bridge by its name over _hap._tcp)"],
    ["mdns.instance", "Hikvision NVR", "search index id 47430903737 (Homebridge Hikvision Ultimate: display name example \"Hikvision NVR\")"],
  ],
  "third-party, with the maker's model number": [
    ["http.title", "Kameraklient for Hikvision DS-2CD2432F-IW", "search index id 71007983940 (a Python camera client's module docstring: 'Kameraklient for Hikvision DS-2CD2432F-IW.')"],
    ["http.title", "Optimized for Hikvision DS-2CD2043G0-I camera", "search index id 39946294319 (a face-recognition app's docstring)"],
    ["http.title", "Key Settings for Hikvision DS-2CD1643G2-LIZSU", "search index id 54077448745 (a project's design notes)"],
    ["http.body", "The camera interface was designed for Hikvision DS-2CD2185FWD-I 8MP cameras, but should work with any camera that supports a simple JPEG snapshot URL.", "search index id 49018368946 (a Jetson Nano detector's README)"],
    ["http.title", "Additional kernel modules for Huawei E3372h LTE modem", "search index id 5948521628 (im-0/e3372h-kmods README heading)"],
    ["http.title", "Bash script for Huawei E3372-H-320 - updating DHCP section of the device with POST API method", "search index id 40550056671 (a repository README's first line)"],
    ["http.title", "Flashing utility for Huawei E3372 and other modems baesd on Balong v7", "search index id 1551852057 (the AUR balongflash-git PKGBUILD's pkgdesc, shown as the package page's description)"],
    ["http.title", "udev Rule for Huawei E3372s USB LTE Modem", "search index id 22141558328 (the AUR huawei-e3372s-udev PKGBUILD's pkgdesc)"],
    ["http.title", "Venus OS D-Bus modem service for Huawei E3372h (NCM mode)", "search index id 68833503602 (dbus-modem-e3372.py's docstring)"],
    ["upnp.model", "Compatible with HikVision DS-2CD/DS-K, Dahua IPC, Axis P-series.", "search index id 55587159655 (an ONVIF relay driver's docstring)"],
    ["http.title", "Compatible with Hikvision DS-K1T8003MF", "search index id 4818728985 (a gym system's implementation notes)"],
  ],
  "the maker alone as a title": [
    ["http.title", "HUAWEI", "search index id 2666757454 (an AngularJS posts page)"],
    ["http.title", "HUAWEI", "search index id 41780947586 (a JSP upload page of a Java web app, com.pshow)"],
    ["http.title", "HUAWEI", "search index id 43440041150 (a jQuery/Bootstrap panel page)"],
    ["http.title", "Huawei", "search index id 13572717749 (a Laravel page, Spanish)"],
    ["http.title", "Huawei", "search index id 25212901676 (a PHP shop category page)"],
    ["http.title", "Huawei", "search index id 34223648136 (a Bootstrap catalogue page)"],
    ["http.title", "Huawei", "search index id 69423109966 (a Next.js ElevenLabs voice-assistant app)"],
    ["http.title", "Huawei", "search index id 25279760147 (a phone shop page that loads css/samsung.css)"],
    ["http.title", "HYTERA", "search index ids 37542034643 and 37159445297 (two web templates titled HYTERA)"],
  ],
  "Server headers of programs named after the maker": [
    ["http.server", "HikvisionCameraDriver/1.0", "search index id 20011255989 (a Python camera driver's BaseHTTPRequestHandler: server_version)"],
    ["http.server", "HikvisionDriverHTTP/1.0", "search index id 19732667660 (a Python MJPEG driver: server_version)"],
    ["http.server", "HikvisionIPCamHTTP/1.0", "search index id 19486381349 (a Python relay: server_version)"],
    ["http.server", "HikvisionPythonProxy/1.0", "search index id 20046105364 (a Python RTSP proxy: server_version)"],
    ["http.server", "HikvisionHTTPProxy/1.0", "search index id 52073800555 (a Python snapshot/stream proxy: server_version)"],
    ["http.server", "HikvisionProxy/1.0", "search index id 4123903547 (a Python snapshot/live proxy: server_version)"],
    ["http.server", "HikvisionIPCamHTTP/1.0 Python/3.11.4", "search index id 19486381349 (the same relay's first Server header: server_version and Python's sys_version)"],
    ["http.server", "HikvisionProxy/1.0 Python/3.10.12", "search index id 4123903547 (server_version and Python's sys_version)"],
  ],
  "realms of programs named after the maker": [
    ["http.realm", "Digest realm=\"dahua_itsapi\"", "search index id 38547913976 (a FastAPI server that receives a Dahua ITC camera's ITSAPI event pushes: its 401 challenge)"],
    ["http.realm", "Bearer realm=\"zte-realm\"", "search index id 53992050286 (a Keycloak realm named zte-realm for a ZTE-named app; Keycloak's bearer challenge names the realm)"],
    ["http.realm", "Basic realm=\"Huawei Cloud ERP Dashboard\"", "search index id 62820373709 (a Flask dashboard's Basic-auth challenge)"],
  ],
  "resellers' footers": [
    ["http.body", "<p>&copy; 2025 Hikvision UAE. All Rights Reserved.</p>", "search index id 39729621476 (a Hikvision reseller site footer, https://hikvisionuae.ae)"],
    ["http.body", "<div className=\"text-gray-400 text-sm text-center md:text-left\">\n  <p>&copy; 2025 Hikvision UAE. All Rights Reserved.</p>\n</div>", "search index id 40068730924 (the same reseller, another page)"],
    ["http.body", "<p className=\"text-sm text-gray-400 mb-4 md:mb-0\">\n  © 2025 Hikvision UAE. All rights reserved.\n</p>", "search index id 21477573262 (the footer as rendered from © {new Date().getFullYear()} Hikvision UAE)"],
  ],
  "shops' and apps' product names": [
    ["http.title", "DAHUA IPC-B1E40 - Cámara IP Bullet 4MP", "search index id 52456747356 (a shop catalogue, data-productos.js: a product name, as its product page titles it)"],
    ["http.title", "HikVision DS-2CE16C0T-IRP HD IR bullet camera", "search index id 33521462749 (a Flutter sales app's product list)"],
    ["http.title", "Dahua IPC-HDW2849H-S-IL Caméra IP Smart Dual Light 8MP", "search index id 59364524723 (a shop's product data)"],
    ["http.title", "Hikvision DS-2CD1043G0-I 4MP", "search index id 56444172235 (a shop's product list, Uzbekistan)"],
    ["http.title", "Dahua IPC-HFW1230S-S4 2MP", "search index id 56444172235 (the same list)"],
    ["http.title", "Hikvision | DS-2CD2087G3-LI2UY/SL | ColorVu 8MP Bullet IP Camera 2.8mm Fixed Lens", "search index id 60964796618 (a shop scraper's expected product names)"],
  ],
  "reseller": [
    ["http.title", "Hikvision UAE | #1 Security Camera Provider in Dubai & UAE", "search index id 21881054723 (a reseller's Next.js site)"],
    ["http.title", "Dahua Technology | Your Company Name", "search index id 7769843537 (a reseller's React page)"],
    ["http.title", "Huawei - Seeds for the Future", "search index id 18171140972"],
    ["http.title", "ZTE Principal", "search index id 12452540906 (a phone shop page)"],
    ["http.title", "Hytera送货单(订单<?php echo $_GET['w6'][0]; ?>)", "search index id 37035304144 (a delivery-note page of a Hytera reseller)"],
  ],
  "lookalike": [
    ["http.title", "Zteacher Language School", "search index id 6241340893"],
    ["http.title", "ZTekCorp", "search index id 1538309754"],
    ["http.title", "ZTerra", "search index id 38605794487"],
    ["http.title", "Honor Dashboard", "search index id 25773596896"],
    ["http.title", "iMouse Alert Test", "search index id 14972125082"],
    ["http.title", "Imouto", "search index id 1947740742"],
    ["http.title", "ImouPulse Archive", "search index id 52039504355"],
    ["snmp.sysdescr", "HUAWEI-3COM WBR-204g", "rapid7/recog@00145cdfd327 xml/snmp_sysdescr.xml (example of 'HUAWEI-3COM WBR-204g WAP': H3C, the Huawei-3Com joint venture)"],
  ],
};

describe('real clean strings that name a covered maker never flag', () => {
  for (const [group, rows] of Object.entries(CLEAN)) {
    it.each(rows)(`${group}: %s %j`, (kind, value) => {
      expect(verdict(kind, value).status).not.toBe('covered');
    });
  }
});

describe('the noted cases', () => {
  it('a stream relay titled "Hikvision IP Camera Stream" is a bare mention: review, Hikvision, no flag', () => {
    expect(verdict('http.title', 'Hikvision IP Camera Stream')).toMatchObject({ status: 'review', covered: 'hikvision' });
  });

  it("Huawei Cloud's API Gateway in front of someone else's API is a note: clear", () => {
    expect(verdict('http.server', 'Huawei API-Gateway 1.0').status).toBe('clear');
  });

  it("someone else's software named beside the maker is a note: clear", () => {
    for (const title of ['Hikvision - Home Assistant', 'Huawei LTE - Home Assistant', 'EZVIZ - Home Assistant', 'Imou Life - Home Assistant']) {
      expect(verdict('http.title', title).status, title).toBe('clear');
    }
  });
});

describe('the maker alone as a page title', () => {
  it("is review with the maker, not a flag: a Huawei ONT's page has it, and so do many more shop, fan and app pages", () => {
    // A Huawei ONT firmware page (HW_WEB_CleanCache_Resource, frame.asp, setlanguage.cgi) titled HUAWEI: search index id 5696969841.
    expect(verdict('http.title', 'HUAWEI')).toMatchObject({ status: 'review', covered: 'huawei' });
    expect(verdict('http.title', 'ZTE Corporation')).toMatchObject({ status: 'review', covered: 'zte' });
  });
});

describe('device titles that name their maker still flag', () => {
  it.each([
    // https://github.com/Salamek/huawei-lte-api/issues/261 (a user's E5586: 'HUAWEI 4G Mobile WiFi 5').
    ['HUAWEI 4G Mobile WiFi 5', 'huawei'],
    ['HUAWEI Mobile WiFi', 'huawei'],
    // nmap 7.93 nmap-service-probes line 11594 (<title>Huawei xDSL</title>).
    ['Huawei xDSL', 'huawei'],
    // legion5pro-i14/CLI_TASKED-try1@2eb7a1ce9d12 MANUALS_hw/optixstar-eg8145x6-10.md.
    ['Huawei OptiXstar EG8145X6-10', 'huawei'],
    // A public nmap -sC capture of a ZTE ZXHN F610GV9 ONT, port 8080 <title> (search index id 19152094079).
    ['ZXHN F610GV9', 'zte'],
    ['ZTE ZXHN H298A', 'zte'],
  ])('%s', (title, entity) => {
    expect(verdict('http.title', title)).toMatchObject({ status: 'covered', covered: entity });
  });

  it.each([
    // Greenbone gb_rtsp_os_detection (search index id 7273689320): a Dahua RTSP server's Basic realm="DahuaRtsp".
    'Basic realm="DahuaRtsp"',
    // A Dahua RPC2 challenge as the dahua custom component's tests quote it (search index id 70894233216).
    'Digest realm="DahuaRpc", nonce="n1", qop="auth"',
  ])('the realm %s still flags Dahua', (realm) => {
    expect(verdict('http.realm', realm)).toMatchObject({ status: 'covered', covered: 'dahua' });
  });

  it('a model title keeps its model, and a login word after it is still the device', () => {
    expect(verdict('http.title', 'HUAWEI HG8245H')).toMatchObject({ status: 'covered', model: 'HG8245H' });
    expect(verdict('http.title', 'HUAWEI HG8245H - Login')).toMatchObject({ status: 'covered', model: 'HG8245H' });
    expect(verdict('http.title', 'Hytera Repeater Web Management')).toMatchObject({ status: 'covered', covered: 'hytera' });
  });
});
