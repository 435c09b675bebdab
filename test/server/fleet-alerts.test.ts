import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertTargets } from '../../src/alerts/targets.js';
import { deliverFleetAlerts } from '../../src/server/alerts/deliver-fleet-alerts.js';
import { fleetAlertState, raiseFleetAlerts } from '../../src/server/alerts/raise-fleet-alerts.js';
import { migrate } from '../../src/server/store/migrate.js';
import { inTransaction, openPool, type Pool } from '../../src/server/store/pool.js';
import { addSite } from '../../src/server/store/sites.js';
import { applyBatchRows } from '../../src/server/sync/apply-batch.js';
import type { Batch } from '../../src/sync/protocol.js';
import { createLogger } from '../../src/util/log.js';
import { testDatabase, type TestDatabase } from '../helpers/pg-cluster.js';
import { siteHistory } from './helpers.js';

const NOW = new Date('2026-12-02T12:00:00Z');
const quiet = createLogger({ stream: { write: () => undefined }, human: false });

describe('fleet alerts: one per physical device and state across the fleet', () => {
  let db: TestDatabase;
  let pool: Pool;
  const sites: Record<string, { id: number; name: string }> = {};

  beforeAll(async () => {
    db = await testDatabase();
    pool = openPool(db.url);
    await migrate(pool);
    for (const name of ['alpha', 'beta']) {
      await addSite(pool, name, 'test');
      const { rows } = await pool.query<{ id: number }>('UPDATE sites SET central_alerts = true WHERE name = $1 RETURNING id', [name]);
      sites[name] = { id: rows[0]!.id, name };
    }
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const apply = (site: string, batch: Batch) =>
    inTransaction(pool, async (client) => {
      await applyBatchRows(client, sites[site]!.id, batch);
      return raiseFleetAlerts(client, sites[site]!, batch.devices.map((d) => d.id), NOW);
    });
  const alerts = async () => (await pool.query<{ device_key: string; state: string; site_id: number; message: string }>('SELECT device_key, state, site_id, message FROM fleet_alerts ORDER BY id')).rows;

  it('alerts once for a covered device that needs action, with the site and the evidence', async () => {
    expect(await apply('alpha', siteHistory('alpha', 1)[0]!)).toBe(1);
    const [alert] = await alerts();
    expect(alert).toMatchObject({ device_key: 'mac:02:00:00:00:00:03', state: 'covered:hikvision', site_id: sites['alpha']!.id });
    const message = JSON.parse(alert!.message);
    expect(message).toMatchObject({ schema: 'lanaudit.alert', reason: 'new', site: 'alpha', device: { ip: '10.9.0.3', model: 'DS-2CD2043' } });
    expect(message.evidence[0]).toMatchObject({ rule: 'oui', entity: 'hikvision' });
    // The same batch again (a replayed push) raises nothing.
    expect(await apply('alpha', siteHistory('alpha', 1)[0]!)).toBe(0);
  });

  it('does not alert again when the same camera shows up at another site', async () => {
    expect(await apply('beta', siteHistory('beta', 1)[0]!)).toBe(0);
    expect(await alerts()).toHaveLength(1);
  });

  it('alerts again when a device marked removed is reopened, and when a waiver runs out', () => {
    const base = { id: '3', mac: '02:00:00:00:00:03', randomized_mac: false, covered: 'hikvision' };
    expect(fleetAlertState(1, { ...base, triage_status: 'removed', triage_until: null, triage_uid: 'r', triage_by: 'ann' }, NOW)).toBeNull();
    expect(fleetAlertState(1, { ...base, triage_status: 'open', triage_until: null, triage_uid: 'o', triage_by: 'lanaudit' }, NOW)).toEqual({
      key: 'mac:02:00:00:00:00:03', state: 'covered:hikvision:o', reason: 'removed-reappeared',
    });
    expect(fleetAlertState(1, { ...base, triage_status: 'waiver', triage_until: new Date('2027-01-01'), triage_uid: 'w', triage_by: 'ann' }, NOW)).toBeNull();
    expect(fleetAlertState(1, { ...base, triage_status: 'waiver', triage_until: new Date('2026-12-01'), triage_uid: 'w', triage_by: 'ann' }, NOW)?.reason).toBe('waiver-expired');
    // A randomized MAC is no identity across sites: the site's own device id is.
    expect(fleetAlertState(7, { ...base, randomized_mac: true, triage_status: 'open', triage_until: null, triage_uid: null, triage_by: null }, NOW)?.key).toBe('site:7:3');
  });

  describe('delivery', () => {
    let hook: Server;
    let url: string;
    const received: { id: string | undefined; body: string }[] = [];
    let fail = true;
    beforeAll(async () => {
      hook = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          if (fail) {
            res.writeHead(503).end();
            return;
          }
          received.push({ id: req.headers['x-lanaudit-alert'] as string | undefined, body });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
      const address = hook.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/hook`;
    });
    afterAll(() => new Promise<void>((resolve) => hook.close(() => resolve())));

    it('keeps an alert the target refused for the next round, then delivers it once', async () => {
      const targets = alertTargets({ webhooks: [{ url }] });
      expect(await deliverFleetAlerts(pool, targets, quiet)).toEqual({ delivered: 0, failed: 1 });
      const kept = await pool.query('SELECT attempts, delivered_at, last_error FROM fleet_alerts');
      expect(kept.rows[0]).toMatchObject({ attempts: 1, delivered_at: null });
      expect(kept.rows[0].last_error).toMatch(/HTTP 503/);
      fail = false;
      expect(await deliverFleetAlerts(pool, targets, quiet)).toEqual({ delivered: 1, failed: 0 });
      expect(await deliverFleetAlerts(pool, targets, quiet)).toEqual({ delivered: 0, failed: 0 });
      expect(received).toHaveLength(1);
      expect(received[0]!.id).toMatch(/^fleet-\d+$/);
      expect(JSON.parse(received[0]!.body)).toMatchObject({ site: 'alpha', reason: 'new' });
    });
  });
});
