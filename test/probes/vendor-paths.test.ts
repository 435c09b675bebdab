import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { RuleMatch } from '../../src/identify/rule-match.js';
import { matchObservation } from '../../src/identify/rules/match.js';
import { ENTITY_IDS } from '../../src/identify/verdict.js';
import type { Observation } from '../../src/observations/observation.js';
import { familiesFor, loadVendorPaths, markerContext, pathAnswer, runVendorPaths } from '../../src/probes/http/vendor-paths.js';
import { HTTP } from '../../src/probes/tcp/tcp-probes.js';
import { runTcpProbes } from '../../src/probes/tcp/tcp-runner.js';
import type { Scope } from '../../src/scope/types.js';
import { LoopbackWeb } from './loopback-web.js';

const web = new LoopbackWeb();
afterEach(() => web.stop());

const scope: Scope = { ranges: [{ first: 0x7f000001, last: 0x7f000001 }], size: 1, labels: ['127.0.0.1'], excluded: [] };
const ctx = { scope, signal: new AbortController().signal, timeoutMs: 1500, interfaces: [] };

const HIK_ROOT = 'HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Length: 0\r\n\r\n';
const HIK_ISAPI = 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest qop="auth", realm="IP Camera(C2183)", nonce="4e5468694e7a42694e7a4d364f4449354d7a6b354d54513d", stale="FALSE"\r\nContent-Length: 0\r\n\r\n';
const HIK_INC = `HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\n\r\n${'var x=1;'.repeat(500)}switch(a){case"HIKVISION":return 1}`;

/** GET / through the real HTTP probe, as a scan does, then the vendor paths. */
async function scan(port: number): Promise<Observation[]> {
  const root = await runTcpProbes([{ ip: '127.0.0.1', port }], ctx, 2, [{ ...HTTP, ports: [port] }]);
  return runVendorPaths(root, ctx, 2, matchObservation);
}

describe('vendor identification paths (on loopback)', () => {
  it('asks a Hikvision-looking web server for the Hikvision paths only, GET without credentials', async () => {
    const heads: string[] = [];
    const port = await web.start({ '/': HIK_ROOT, '/ISAPI/System/deviceInfo': HIK_ISAPI, '/doc/script/inc.js': HIK_INC }, heads);
    const obs = await scan(port);
    const asked = heads.slice(1).map((h) => h.split('\r\n')[0]);
    expect(asked.sort()).toEqual([
      'GET /ISAPI/System/deviceInfo HTTP/1.1',
      'GET /doc/script/global_config.js HTTP/1.1',
      'GET /doc/script/inc.js HTTP/1.1',
    ]);
    expect(heads.join('\n')).not.toMatch(/authorization|cookie/i);
    const facts = obs.map((o) => `${o.source} ${o.kind}=${o.value}`);
    expect(facts).toContain('http-path http.realm=IP Camera(C2183)');
    expect(facts.find((f) => f.startsWith('http-path http.body=/doc/script/inc.js: '))).toContain('case"HIKVISION"');
    expect(obs.every((o) => o.ip === '127.0.0.1' && o.port === port && o.value.length <= 4096)).toBe(true);
  });

  it('asks nothing of a web server that does not look like a camera or NVR', async () => {
    const heads: string[] = [];
    const port = await web.start({ '/': 'HTTP/1.1 200 OK\r\nServer: Apache/2.4.62\r\n\r\n<title>Welcome</title>' }, heads);
    expect(await scan(port)).toEqual([]);
    expect(heads).toHaveLength(1);
  });

  it('asks nothing of addresses outside the scope', async () => {
    const heads: string[] = [];
    const port = await web.start({}, heads);
    const outside: Observation = { ip: '127.0.0.2', port, kind: 'http.server', value: 'App-webs/', source: 'http', at: new Date().toISOString() };
    expect(await runVendorPaths([outside], ctx, 2, matchObservation)).toEqual([]);
    expect(heads).toEqual([]);
  });
});

describe('which families a port calls for', () => {
  const config = loadVendorPaths();
  const obs: Observation = { ip: '10.0.0.1', port: 80, kind: 'http.title', value: 'x', source: 'http', at: '' };
  const says = (m: Partial<RuleMatch>) => () => [{ rule: 'r', observation: obs, certainty: 0.5, voice: 'firmware', vendor: null, entity: null, says: '', ...m } as RuleMatch];

  it('names the covered family the rules name', () => {
    expect([...familiesFor([obs], config, says({ entity: 'dahua' }))]).toEqual(['dahua']);
  });
  it('tries the camera families for a camera/NVR/DVR the rules do not attribute (an OEM relabel), not the router makers', () => {
    expect([...familiesFor([obs], config, says({ vendor: 'Lorex', deviceType: 'NVR' }))].sort()).toEqual(['dahua', 'hikvision']);
  });
  it('names only covered entities in the shipped file (its loader does not know the list)', () => {
    const named = [...config.looksLike.entities, ...config.paths.map((p) => p.family)];
    expect(named.filter((id) => !(ENTITY_IDS as readonly string[]).includes(id))).toEqual([]);
  });
  // #11: a Huawei or ZTE router, gateway or ONT is asked for its own model and serial (FAR
  // 52.204-25(d)) on the read-only device-information paths its maker's web UI uses; before, only
  // camera families had paths and a Huawei router got none.
  it('names Huawei for a web server the rules attribute to Huawei (a router), and ZTE for ZTE', () => {
    expect([...familiesFor([obs], config, says({ entity: 'huawei', deviceType: 'router' }))]).toEqual(['huawei']);
    expect([...familiesFor([obs], config, says({ entity: 'zte', deviceType: 'router' }))]).toEqual(['zte']);
  });
  it('tries none for devices no rule attributes to a covered maker and that do not look like a camera', () => {
    expect(familiesFor([obs], config, says({ vendor: 'TP-Link', deviceType: 'router' })).size).toBe(0);
    expect(familiesFor([obs], config, () => []).size).toBe(0);
  });
  it('quotes the body around a marker, printable and bounded', () => {
    const context = markerContext(Buffer.from(`${'a'.repeat(1000)}\u0001{case"HIKVISION"${'b'.repeat(1000)}`), ['{case"HIKVISION"']);
    expect(context).toMatch(/^a+\.\{case"HIKVISION"b+$/);
    expect(context?.length).toBeLessThanOrEqual(256);
  });
});

// maciej-or/hikvision_next@b1dc1b9477ab tests/fixtures/ISAPI/System.deviceInfo/ipc.xml: a camera's
// whole /ISAPI/System/deviceInfo answer, sent here with CR LF line breaks as a web server would.
const IPC_DEVICE_INFO = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<DeviceInfo version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">',
  '    <deviceName>yard</deviceName>',
  '    <deviceID>6aff4000-1f90-00b0-0000-000c00000000</deviceID>',
  '    <deviceDescription>IPCamera</deviceDescription>',
  '    <deviceLocation>hangzhou</deviceLocation>',
  '    <systemContact>Hikvision.China</systemContact>',
  '    <model>DS-2CD2386G2-IU</model>',
  '    <serialNumber>DS-2CD2386G2-IU00000000AAWRJ00000000</serialNumber>',
  '    <macAddress>14:92:3c:4f:f8:42</macAddress>',
  '    <firmwareVersion>V5.7.14</firmwareVersion>',
  '    <firmwareReleasedDate>build 231028</firmwareReleasedDate>',
  '    <encoderVersion>V7.3</encoderVersion>',
  '    <encoderReleasedDate>build 231027</encoderReleasedDate>',
  '    <bootVersion>V1.3.4</bootVersion>',
  '    <bootReleasedDate>100316</bootReleasedDate>',
  '    <hardwareVersion>0x0</hardwareVersion>',
  '    <deviceType>IPCamera</deviceType>',
  '    <telecontrolID>88</telecontrolID>',
  '    <supportBeep>false</supportBeep>',
  '    <supportVideoLoss>false</supportVideoLoss>',
  '    <firmwareVersionInfo>B-R-G5-0</firmwareVersionInfo>',
  '    <manufacturer>hikvision</manufacturer>',
  '    <subSerialNumber>J00000000</subSerialNumber>',
  '    <OEMCode>1</OEMCode>',
  '</DeviceInfo>',
].join('\r\n');

// rroller/dahua@5350331688af custom_components/dahua/client.py (async_get_system_info's example response).
const DAHUA_SYSTEM_INFO = [
  'appAutoStart=true',
  'deviceType=IPC-HDW5831R-ZE',
  'hardwareVersion=1.00',
  'processor=S3LM',
  'serialNumber=4X7C5A1ZAG21L3F',
  'updateSerial=IPC-HDW5830R-Z',
  'updateSerialCloudUpgrade=IPC-HDW5830R-Z:07:01:08:70:52:00:09:0E:03:00:04:8F0:00:00:00:00:00:02:00:00:600',
].join('\r\n');

describe('what a vendor path answer keeps (FAR 52.204-25(d): model and serial)', () => {
  const config = loadVendorPaths();
  const path = (id: string) => config.paths.find((p) => p.id === id)!;
  const answer = (body: string, trailer = '') => Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n${body}${trailer}`, 'latin1');
  const noMac = { lookup: () => null };

  it('keeps a Hikvision DeviceInfo answer to its end: identify() reads model, serial and firmware from it', () => {
    const facts = pathAnswer(answer(IPC_DEVICE_INFO), path('hikvision.isapi-device-info'), HTTP, '10.0.0.1', 80, ctx).facts;
    const body = facts.find((o) => o.kind === 'http.body')!;
    expect(body.value).toMatch(/^\/ISAPI\/System\/deviceInfo: <\?xml .*<\/DeviceInfo>$/);
    expect(identify(facts, noMac)).toMatchObject({
      status: 'covered',
      covered: 'hikvision',
      model: 'DS-2CD2386G2-IU',
      serial: 'DS-2CD2386G2-IU00000000AAWRJ00000000',
      firmware: 'V5.7.14',
    });
  });

  it('stops at </DeviceInfo>: what follows the document is not kept', () => {
    const facts = pathAnswer(answer(IPC_DEVICE_INFO, `\r\n${'<x>trailing</x>'.repeat(50)}`), path('hikvision.isapi-device-info'), HTTP, '10.0.0.1', 80, ctx).facts;
    expect(facts.find((o) => o.kind === 'http.body')!.value).toMatch(/<\/DeviceInfo>$/);
  });

  it('keeps a Dahua getSystemInfo answer whole: every line, model and serial', () => {
    const facts = pathAnswer(answer(DAHUA_SYSTEM_INFO), path('dahua.magicbox-system-info'), HTTP, '10.0.0.1', 80, ctx).facts;
    expect(facts.find((o) => o.kind === 'http.body')!.value).toContain('updateSerialCloudUpgrade=IPC-HDW5830R-Z:07:01');
    expect(identify(facts, noMac)).toMatchObject({ status: 'covered', covered: 'dahua', model: 'IPC-HDW5831R-ZE', serial: '4X7C5A1ZAG21L3F' });
  });

  it('bounds a document that never ends, printable, at its path maxChars', () => {
    const hostile = `<DeviceInfo xmlns="http://www.hikvision.com/ver20/XMLSchema">\u0000\u001b[2J${'<model>'.repeat(20_000)}`;
    const document = path('hikvision.isapi-device-info').document!;
    const context = markerContext(Buffer.from(hostile, 'latin1'), path('hikvision.isapi-device-info').markers, document)!;
    expect(context.length).toBeLessThanOrEqual(document.maxChars);
    expect(context).toMatch(/^[\x20-\x7e…]+$/);
  });
});

describe('the vendor paths file', () => {
  it('refuses two paths with one id (a port keeps its outcomes by id; a fallback names one)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../oui/probes/http-paths.json', import.meta.url), 'utf8')) as { paths: { id: string }[] };
    const dir = mkdtempSync(path.join(tmpdir(), 'lanaudit-paths-'));
    try {
      const file = path.join(dir, 'http-paths.json');
      writeFileSync(file, JSON.stringify({ ...shipped, paths: [...shipped.paths, shipped.paths[0]] }));
      expect(() => loadVendorPaths(pathToFileURL(file))).toThrow(/appears twice/);
      expect(() => loadVendorPaths()).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
