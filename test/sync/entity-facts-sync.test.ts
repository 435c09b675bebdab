/**
 * A site whose switches answered the ENTITY-MIB chassis read (snmp.entity.* facts) syncs them like
 * any other kind: the verdict's evidence names the new kinds, the fleet server takes the batch, and
 * the console's device page shows the chassis model, serial and firmware, escaped. Real PostgreSQL,
 * the console on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { addSite } from '../../src/server/store/sites.js';
import { buildBatches } from '../../src/sync/build-batches.js';
import { pushOutbox } from '../../src/sync/push.js';
import { device, fact, storeScan, tempDbPath, testClock, useTempDirs } from '../changes/helpers.js';
import { Client } from '../console/http-client.js';
import { seededDatabase, serveConsole, USERS, type ConsoleServer, type SeededDatabase } from '../console/fixture.js';

const tempDir = useTempDirs();

// librenms/librenms@19d6d1489fdadc4e539c8b95046c34ebd3ddae93 tests/snmpsim/vrp_5720.snmprec: the chassis row of a Huawei S5720.
const S5720 = [
  fact('snmp.entity.mfg', 'Huawei'),
  fact('snmp.entity.model', 'S5720-56C-PWR-EI-AC'),
  fact('snmp.entity.serial', '2102359576DMHC000120'),
  fact('snmp.entity.firmware', 'Version 5.170 V200R010C00SPC600'),
];
// A switch whose agent sends terminal escapes and markup in its chassis values.
const HOSTILE_FIRMWARE = '15.2\u001b[2J\u001b]0;owned\u0007<script>alert(1)</script>\u202e';

describe('ENTITY-MIB chassis facts through sync to the fleet console', () => {
  let seeded: SeededDatabase;
  let server: ConsoleServer;

  beforeAll(async () => {
    seeded = await seededDatabase();
    server = await serveConsole(seeded.pool);
  });

  afterAll(async () => {
    await server?.close();
    await seeded?.drop();
  });

  it('the switch syncs flagged with its chassis model, serial and firmware, and the console shows the evidence by kind', async () => {
    const token = (await addSite(seeded.pool, 'plant', 'test')).token;
    const clock = testClock();
    const inv = Inventory.open(tempDbPath(tempDir), { now: clock.now });
    storeScan(inv, ['10.9.0.0/24'], [
      ...device('10.9.0.2', null, clock.iso(), S5720),
      ...device('10.9.0.3', '00:1b:a9:00:00:03', clock.iso(), [fact('snmp.entity.model', 'WS-C2960X-48FPS-L'), fact('snmp.entity.firmware', HOSTILE_FIRMWARE)]),
    ]);
    const [huawei, other] = ['10.9.0.2', '10.9.0.3'].map((ip) => inv.devices.list().find((d) => d.ip === ip)!);
    expect(huawei!.verdict).toMatchObject({ status: 'covered', covered: 'huawei', model: 'S5720-56C-PWR-EI-AC', serial: '2102359576DMHC000120', firmware: 'V200R010C00SPC600' });

    buildBatches(inv, { site: 'plant' });
    expect(await pushOutbox(inv, { url: server.base, token, timeoutMs: 10_000 })).toMatchObject({ ok: true, waiting: 0, error: null });
    inv.close();

    const { rows } = await seeded.pool.query(
      `SELECT d.ip, d.status, d.covered, d.model, d.serial, d.firmware FROM devices d JOIN sites s ON s.id = d.site_id WHERE s.name = 'plant' ORDER BY d.ip`,
    );
    expect(rows).toEqual([
      { ip: '10.9.0.2', status: 'covered', covered: 'huawei', model: 'S5720-56C-PWR-EI-AC', serial: '2102359576DMHC000120', firmware: 'V200R010C00SPC600' },
      { ip: '10.9.0.3', status: 'clear', covered: null, model: 'WS-C2960X-48FPS-L', serial: null, firmware: HOSTILE_FIRMWARE },
    ]);

    const browser = new Client(server.base);
    expect((await browser.login(USERS.viewer)).status).toBe(303);
    const page = await (await browser.get(`/console/devices/plant/${huawei!.id}`)).text();
    for (const kind of ['snmp.entity.mfg', 'snmp.entity.model', 'snmp.entity.serial', 'snmp.entity.firmware']) expect(page).toContain(`<td><bdi>${kind}</bdi></td>`);
    expect(page).toContain('2102359576DMHC000120');
    expect(page).toContain('S5720-56C-PWR-EI-AC');

    const hostile = await (await browser.get(`/console/devices/plant/${other!.id}`)).text();
    expect(hostile).toContain('snmp.entity.firmware');
    expect(hostile).not.toContain('<script>alert(1)');
    expect(hostile).not.toMatch(/[\u001b\u0007\u202e]/);
  }, 60_000);
});
