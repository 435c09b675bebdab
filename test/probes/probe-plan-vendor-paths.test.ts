/**
 * #11: which hosts of a scan get vendor paths, through the probe plan itself. Discovery reports an
 * open web port on three loopback hosts; the plan's port probes GET / and, with the fingerprint
 * rules as the scan passes them, ask device-information paths only of the hosts whose GET / points
 * to a covered maker. The scan is stopped once the paths are answered, before the end-of-discovery
 * questions (reverse DNS would go to the machine's resolver).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { matchObservation } from '../../src/identify/rules/match.js';
import type { Observation } from '../../src/observations/observation.js';
import { ProbePlan } from '../../src/probes/probe-plan.js';
import type { Scope } from '../../src/scope/types.js';
import { LoopbackWeb } from './loopback-web.js';

const web = new LoopbackWeb();
afterEach(() => web.stop());

/** 127.0.5.0/29 on loopback; port 88 is one the HTTP probe asks GET / on. */
const SCOPE: Scope = { ranges: [{ first: 0x7f000500, last: 0x7f000507 }], size: 8, labels: ['127.0.5.0/29'], excluded: [] };
const PORT = 88;
const HUAWEI = '127.0.5.1';
const ZTE = '127.0.5.2';
const APACHE = '127.0.5.3';

const ok = (body: string) => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
// https://github.com/trackIT-Systems/tsOS-vhf/issues/3 (first lines of an E3372h-320's answer).
const E3372H = '<response>\n<DeviceName>E3372h-320</DeviceName>\n<SerialNumber>VQNDW21311001538</SerialNumber>\n<WebUIVersion>WEBUI 11.0.1.1</WebUIVersion>\n<ProductFamily>LTE</ProductFamily>\n</response>';
// teixeluis/zte-lte-modem@fa092e380e4b README.md (a ZTE MF266's pre-login version answer).
const MF266 = '{"Language":"pt","cr_version":"","wa_inner_version":"BD_MEOPTMF266V1.0.0B06"}';
const GOFORM = '/goform/goform_get_cmd_process?isTest=false&cmd=Language%2Ccr_version%2Cwa_inner_version&multi_data=1';

describe('ProbePlan: vendor paths of routers', () => {
  it('asks Huawei’s and ZTE’s device-information paths only of the hosts whose GET / names them', async () => {
    const huawei: string[] = [];
    const zte: string[] = [];
    const apache: string[] = [];
    await web.start({ '/': 'HTTP/1.1 200 OK\r\nServer: IPWEBS/1.4.0\r\nContent-Length: 0\r\n\r\n', '/api/device/information': ok(E3372H) }, huawei, HUAWEI, PORT);
    await web.start({ '/': 'HTTP/1.1 200 OK\r\nServer: ZTE web server 1.0 ZTE corp 2015.\r\nContent-Length: 0\r\n\r\n', [GOFORM]: ok(MF266) }, zte, ZTE, PORT);
    await web.start({ '/': 'HTTP/1.1 200 OK\r\nServer: Apache/2.4.62\r\n\r\n<title>Welcome</title>' }, apache, APACHE, PORT);

    const kept: Observation[] = [];
    const stop = new AbortController();
    const plan = new ProbePlan(SCOPE, { timeoutMs: 1000, concurrency: 8, looksLike: matchObservation });
    const run = plan.hosts(stop.signal, (o) => kept.push(...o));
    for (const ip of [HUAWEI, ZTE, APACHE]) run.found({ ip, port: PORT, kind: 'tcp.open', value: 'open', source: 'nmap', at: '2026-12-05T09:00:00.000Z' });

    const paths = () => kept.filter((o) => o.source === 'http-path' && o.kind === 'http.body');
    try {
      await vi.waitFor(() => expect(paths().map((o) => o.ip).sort()).toEqual([HUAWEI, ZTE]), { timeout: 5000 });
    } finally {
      stop.abort();
    }

    const asked = (heads: readonly string[]) => heads.map((h) => h.split('\r\n')[0]);
    expect(asked(huawei)).toEqual(['GET / HTTP/1.1', 'GET /api/device/information HTTP/1.1']);
    expect(asked(zte)).toEqual(['GET / HTTP/1.1', `GET ${GOFORM} HTTP/1.1`]);
    expect(asked(apache)).toEqual(['GET / HTTP/1.1']);
    expect(paths().find((o) => o.ip === HUAWEI)?.value).toContain('<SerialNumber>VQNDW21311001538</SerialNumber>');
  });
});
