/**
 * Issue 2's end-to-end test: the real `lanaudit scan` inside network namespaces this test builds
 * (a bridge, a scanner namespace, three hosts: a Hikvision MAC, a Dahua MAC and a benign one, one
 * with a web server), then the stored inventory and the JSON report are checked.
 */
import { describe, expect, it } from 'vitest';
import type { ProfileInput } from '../lab/lab.js';
import { lanauditCommand } from '../helpers/cli.js';
import { available, useLab } from '../integration/lab-fixture.js';

if (!available.ok) console.warn(`skipping the end-to-end scan tests: ${available.why}`);

const truth = (maker: string | null, covered: 'hikvision' | 'dahua' | null, type: string) => ({ maker, brand: maker, covered, type });
const PROFILE: ProfileInput = {
  name: 'e2e-three-hosts',
  description: 'three hosts for the foundation end-to-end test',
  segments: [{ name: 'lan', subnet: '10.66.0.0/24', scanner: '10.66.0.2' }],
  devices: [
    { id: 'hik-cam', mac: '58:50:ed:1f:e3:85', ip: '10.66.0.10', truth: truth('Hikvision', 'hikvision', 'camera') },
    { id: 'dahua-cam', mac: '08:ed:ed:87:42:7a', ip: '10.66.0.11', truth: truth('Dahua', 'dahua', 'camera') },
    {
      id: 'dell-pc',
      mac: '00:14:22:01:02:03',
      ip: '10.66.0.12',
      truth: truth('Dell', null, 'pc'),
      tcp: [{ protocol: 'http', port: 80, paths: { '*': { status: 200, headers: [['Server', 'nginx']], body: '<title>intranet</title>' } } }],
    },
  ],
};

describe.skipIf(!available.ok)('lanaudit scan end to end (lab namespaces)', () => {
  const site = useLab(PROFILE, 'e2e');

  for (const engine of ['native', 'nmap'] as const) {
    it(`finds the three hosts with their MACs and flags Hikvision and Dahua (${engine} engine)`, async () => {
      const db = site.db(engine);
      const scan = await site.scan(db, '--engine', engine, '--json');
      expect(scan.stderr).toContain(`Engine: ${engine}`);
      expect(scan.code, scan.stderr).toBe(0);
      expect(JSON.parse(scan.stdout)).toMatchObject({ status: 'complete', devices: 3 });

      site.inspect(db, (inv) => {
        const byIp = new Map(inv.devices.list({}).map((d) => [d.ip, d]));
        expect([...byIp.keys()].sort()).toEqual(['10.66.0.10', '10.66.0.11', '10.66.0.12']);
        expect(byIp.get('10.66.0.10')).toMatchObject({ mac: '58:50:ed:1f:e3:85', verdict: { status: 'covered', covered: 'hikvision' } });
        expect(byIp.get('10.66.0.11')).toMatchObject({ mac: '08:ed:ed:87:42:7a', verdict: { status: 'covered', covered: 'dahua' } });
        expect(byIp.get('10.66.0.12')).toMatchObject({ mac: '00:14:22:01:02:03', verdict: { status: 'clear', covered: null } });
        const pc = inv.devices.find('10.66.0.12');
        expect(pc?.observations.some((o) => o.kind === 'tcp.open' && o.port === 80)).toBe(true);
        expect(pc?.observations.some((o) => o.kind === 'http.server' && o.value === 'nginx')).toBe(true);
        expect(inv.scans.list()[0]).toMatchObject({ status: 'complete', engine, hosts: 3, flagged: 2 });
      });

      const report = await site.lab.exec(lanauditCommand('report', '--format', 'json', '--db', db));
      expect(report.code, report.stderr).toBe(0);
      const json = JSON.parse(report.stdout) as { devices: Record<string, unknown>[] };
      const hik = json.devices.find((d) => d.ip === '10.66.0.10');
      expect(hik).toMatchObject({ mac: '58:50:ed:1f:e3:85', status: 'covered', covered: 'hikvision' });
      expect(hik?.manufacturer).toBe('Hangzhou Hikvision Digital Technology Co.,Ltd.');
      expect(hik?.confidence).toBeGreaterThan(0.5);
      expect(hik?.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ rule: expect.any(String), value: '58:50:ed:1f:e3:85' })]));
    }, 300_000);
  }

  it('exits 3 with --fail-on-flagged when covered equipment is present', async () => {
    const r = await site.scan(site.db('fail'), '--engine', 'native', '--no-probes', '--fail-on-flagged');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/2 covered/);
  }, 300_000);
});
