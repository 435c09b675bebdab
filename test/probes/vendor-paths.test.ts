import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleMatch } from '../../src/identify/rule-match.js';
import { matchObservation } from '../../src/identify/rules/match.js';
import { ENTITY_IDS } from '../../src/identify/verdict.js';
import type { Observation } from '../../src/observations/observation.js';
import { familiesFor, loadVendorPaths, markerContext, runVendorPaths } from '../../src/probes/http/vendor-paths.js';
import { HTTP } from '../../src/probes/tcp/tcp-probes.js';
import { runTcpProbes } from '../../src/probes/tcp/tcp-runner.js';
import type { Scope } from '../../src/scope/types.js';

const servers: net.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A loopback web server answering by path; records every request head it gets. */
async function web(routes: Record<string, string>, heads: string[]): Promise<number> {
  const server = net.createServer((socket) => {
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      if (!buffered.includes('\r\n\r\n')) return;
      const head = buffered.slice(0, buffered.indexOf('\r\n\r\n'));
      heads.push(head);
      const path = head.split(' ')[1] ?? '';
      socket.end(routes[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

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
    const port = await web({ '/': HIK_ROOT, '/ISAPI/System/deviceInfo': HIK_ISAPI, '/doc/script/inc.js': HIK_INC }, heads);
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
    const port = await web({ '/': 'HTTP/1.1 200 OK\r\nServer: Apache/2.4.62\r\n\r\n<title>Welcome</title>' }, heads);
    expect(await scan(port)).toEqual([]);
    expect(heads).toHaveLength(1);
  });

  it('asks nothing of addresses outside the scope', async () => {
    const heads: string[] = [];
    const port = await web({}, heads);
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
  it('tries every family for a camera/NVR/DVR the rules do not attribute (an OEM relabel)', () => {
    expect([...familiesFor([obs], config, says({ vendor: 'Lorex', deviceType: 'NVR' }))].sort()).toEqual(['dahua', 'hikvision']);
  });
  it('names only covered entities in the shipped file (its loader does not know the list)', () => {
    const named = [...config.looksLike.entities, ...config.paths.map((p) => p.family)];
    expect(named.filter((id) => !(ENTITY_IDS as readonly string[]).includes(id))).toEqual([]);
  });
  it('tries none for other devices', () => {
    expect(familiesFor([obs], config, says({ entity: 'huawei', deviceType: 'router' })).size).toBe(0);
  });
  it('quotes the body around a marker, printable and bounded', () => {
    const context = markerContext(Buffer.from(`${'a'.repeat(1000)}\u0001{case"HIKVISION"${'b'.repeat(1000)}`), ['{case"HIKVISION"']);
    expect(context).toMatch(/^a+\.\{case"HIKVISION"b+$/);
    expect(context?.length).toBeLessThanOrEqual(256);
  });
});
