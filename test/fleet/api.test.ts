import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_CELL_MAX } from '../../src/report/csv-report.js';
import { htmlText, mdText } from '../../src/report/text-escape.js';
import { plainText } from '../../src/util/safe-text.js';
import { HOSTILE } from '../report/fixtures.js';
import { fleetDevices } from '../server/queries/fleet-fixture.js';
import { HOSTILE_MAKER, HOSTILE_MODEL, HOSTILE_NAME, HOSTILE_SAYS, PER_SITE, SITES, testFleet, type TestFleet } from './fleet-server.js';

let fleet: TestFleet;

beforeAll(async () => {
  fleet = await testFleet();
});
afterAll(async () => {
  await fleet?.close();
});

async function get(path: string, token = fleet.token): Promise<{ status: number; body: any; text: string; type: string | null }> {
  const res = await fleet.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A report in another format.
  }
  return { status: res.status, body, text, type: res.headers.get('content-type') };
}

const seed = fleetDevices(SITES, PER_SITE);
const flaggedCount = seed.filter((d) => d.status === 'covered' || (d.site === 'alpha' && d.id === 1)).length;

describe('read API', () => {
  it('needs a read token: 401 without or with a revoked one, 403 with a site token', async () => {
    expect((await get('/api/v1/devices', '')).status).toBe(401);
    expect((await get('/api/v1/devices', 'lra_nonsense')).status).toBe(401);
    expect((await get('/api/v1/status', fleet.siteToken)).status).toBe(403);
    expect((await get('/api/v1/report?format=csv', fleet.siteToken)).status).toBe(403);
  });

  it('lists devices a page at a time with filters', async () => {
    const seen = new Set<string>();
    let next: string | null = null;
    do {
      const r = await get(`/api/v1/devices?flagged=true&limit=5${next ? `&cursor=${next}` : ''}`);
      expect(r.status).toBe(200);
      for (const d of r.body.devices as { site: string; id: number; status: string }[]) {
        expect(d.status).toBe('covered');
        seen.add(`${d.site}/${d.id}`);
      }
      next = r.body.next;
    } while (next !== null);
    expect(seen.size).toBe(flaggedCount);
    const beta = await get('/api/v1/devices?site=beta&sort=ip&limit=1000');
    expect(beta.body.devices).toHaveLength(PER_SITE);
    expect(beta.body.next).toBeNull();
  });

  it('answers 400 with what is wrong for every bad parameter', async () => {
    for (const [query, says] of [
      ['limit=0', 'limit'],
      ['limit=5000', 'limit'],
      ['status=bogus', 'status'],
      ['covered=acme', 'covered'],
      ['since=yesterday', 'since'],
      ['sort=name', 'sort'],
      ['flagged=maybe', 'flagged'],
      ['colour=red', 'colour'],
      ['site=a%20b', 'site'],
      ['site=alpha&site=beta', 'site'],
      ['cursor=bm9wZQ', 'cursor'],
      ['mac=zz', 'MAC'],
      ['ip=10.0.0.0/40', 'ip'],
    ]) {
      const r = await get(`/api/v1/devices?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error, query).toContain(says);
    }
    expect((await get('/api/v1/changes?type=moved')).status).toBe(400);
    expect((await get('/api/v1/devices/alpha/0')).status).toBe(400);
    expect((await get('/api/v1/report?format=pdf')).status).toBe(400);
    expect((await get('/api/v1/report')).status).toBe(400);
  });

  it('shows one device, 404 for an unknown one', async () => {
    const r = await get('/api/v1/devices/alpha/1');
    expect(r.status).toBe(200);
    expect(r.body.device).toMatchObject({ site: 'alpha', id: 1, name: HOSTILE_NAME, covered: 'hikvision' });
    expect(r.body.verdict.evidence[0].says).toBe(HOSTILE_SAYS);
    expect(r.body.events[0]).toMatchObject({ type: 'changed', new: HOSTILE_NAME });
    expect((await get('/api/v1/devices/alpha/9999')).status).toBe(404);
    expect((await get('/api/v1/devices/nowhere/1')).status).toBe(404);
  });

  it('lists changes and site health', async () => {
    const changes = await get('/api/v1/changes?limit=10');
    expect(changes.body.changes.map((e: { site: string }) => e.site).sort()).toEqual(['alpha', 'beta']);
    const status = await get('/api/v1/status');
    expect(status.body.sites.map((s: { site: string }) => s.site)).toEqual(SITES);
    expect(status.body.sites[0]).toHaveProperty('stale', false);
  });
});

describe('fleet reports', () => {
  it('CSV: a site column first, every device once, hostile text inert as in a site report', async () => {
    const r = await get('/api/v1/report?format=csv');
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/csv');
    const rows = parse(r.text, { columns: true }) as Record<string, string>[];
    expect(r.text.startsWith('site,ip,mac,status')).toBe(true);
    expect(rows).toHaveLength(SITES.length * PER_SITE);
    expect(new Set(rows.map((row) => `${row['site']}/${row['ip']}`)).size).toBe(rows.length);
    const hostile = rows.find((row) => row['site'] === 'alpha' && row['ip'] === '10.0.0.1')!;
    const shown = plainText(HOSTILE_NAME, CSV_CELL_MAX);
    expect(hostile['name']).toBe(`'${shown}`);
    expect(hostile['evidence']).toContain(plainText(`sadp.model: ${HOSTILE_SAYS}`, CSV_CELL_MAX).slice(0, 40));
  });

  it('JSON: each device names its site, counts per site', async () => {
    const r = await get('/api/v1/report?format=json');
    expect(r.body.context.sites).toEqual(SITES);
    expect(Object.keys(r.body.summary.bySite)).toEqual(['alpha', 'beta']);
    expect(r.body.summary.bySite.beta.devices).toBe(PER_SITE);
    expect(r.body.devices).toHaveLength(2 * PER_SITE);
    expect(r.body.devices.find((d: { site: string; id: number }) => d.site === 'alpha' && d.id === 1)).toMatchObject({ name: HOSTILE_NAME, evidence: [{ says: HOSTILE_SAYS }] });
    expect(r.body.changes.map((c: { site: string }) => c.site).sort()).toEqual(['alpha', 'beta']);
  });

  it('HTML and Markdown: a site column and table, device text escaped by the site writers’ rules', async () => {
    const html = await get('/api/v1/report?format=html');
    expect(html.text).toContain('<th>Site</th>');
    expect(html.text).toContain(htmlText(HOSTILE_NAME, 120));
    expect(html.text).toContain(htmlText(HOSTILE_MODEL, 100));
    expect(html.text).not.toContain(HOSTILE.script);
    expect(html.text).not.toContain('<img src=x');
    const md = await get('/api/v1/report?format=md');
    expect(md.text).toContain('| Site | Devices | Covered | Review | Clear | Unidentified |');
    expect(md.text).toContain(`| alpha | ${PER_SITE} |`);
    expect(md.text).toContain(mdText(HOSTILE_NAME, 120));
    expect(md.text).toContain(mdText(HOSTILE_MAKER, 120).slice(0, 40));
    expect(md.text).not.toContain(HOSTILE.script);
  });

  it('FAR: one report across the sites, each item naming its site, facts from report_facts unless given', async () => {
    await fleet.pool.query(`INSERT INTO report_facts (id, facts, updated_by) VALUES (1, $1, 'test')`, [JSON.stringify({ organization: 'Acme Federal', contract: 'W91-RECORDED', uei: 'UEI123' })]);
    const r = await get('/api/v1/report?format=far-md&contract=W91-GIVEN&order=O-1&order=O-2');
    expect(r.text).toContain('| Contract number | W91-GIVEN |');
    expect(r.text).toContain('| Order number\\(s\\) | O-1, O-2 |');
    expect(r.text).toContain('| Supplier name | Acme Federal |');
    expect(r.text).toContain('| Site | 2 sites: alpha, beta |');
    expect(r.text).toMatch(/Items by site: alpha \d+, beta \d+\./);
    expect(r.text).toContain('| Site | beta |');
    const html = await get('/api/v1/report?format=far-html&site=beta');
    expect(html.text).toContain('<th>Site</th><td>beta</td>');
    expect(html.text).not.toContain('<td>alpha</td>');
  });

  it('CycloneDX: a reference per device unique across sites', async () => {
    const r = await get('/api/v1/report?format=cyclonedx');
    const refs = (r.body.components as { 'bom-ref': string }[]).map((c) => c['bom-ref']);
    expect(new Set(refs).size).toBe(2 * PER_SITE);
    expect(refs).toContain('lanaudit-device-beta-1');
  });

  it('reports one site, or 404 for an unknown one', async () => {
    const r = await get('/api/v1/report?format=json&site=beta&flagged=true');
    expect(r.body.devices.every((d: { site: string; status: string }) => d.site === 'beta' && d.status === 'covered')).toBe(true);
    expect(r.body.devices).toHaveLength(seed.filter((d) => d.site === 'beta' && d.status === 'covered').length);
    expect((await get('/api/v1/report?format=csv&site=nowhere')).status).toBe(404);
  });
});
