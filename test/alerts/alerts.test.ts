import { createHash, createHmac } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { alertStatus } from '../../src/alerts/status.js';
import { alertTargets } from '../../src/alerts/targets.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { recordDecision } from '../../src/triage/triage.js';
import type { Logger } from '../../src/util/log.js';
import { device, scanAndTrack, tempDbPath, testClock, useTempDirs } from '../changes/helpers.js';
import { webhookServer } from './webhook-server.js';

const tempDir = useTempDirs();
const LAN = ['10.0.0.0/24'];
const CAMERA = '58:50:ed:00:00:01'; // Hikvision registry block: covered
const PRINTER = '00:1b:a9:00:00:02';
const TOKEN = 'tok-3f9a1c7e5b2d';
const SECRET = 'hmac-secret-8e1d4b6a';
const FAST = { backoffMs: 1 };

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(status?: () => number) {
  const s = await webhookServer(status);
  servers.push(s);
  return s;
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string, fields?: object) => void lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function open() {
  const clock = testClock();
  return { inv: Inventory.open(tempDbPath(tempDir), { now: clock.now }), clock };
}

describe('webhook alerts', () => {
  it('one new covered device across two scans: exactly one call, bearer token sent, signature verifies', async () => {
    const hook = await server();
    const { inv, clock } = open();
    const alerts = { webhooks: [{ url: `${hook.url}/hooks/lanaudit?key=abc`, token: TOKEN, hmacSecret: SECRET }] };
    const log = recordingLog();
    const scan = () => [...device('10.0.0.5', CAMERA, clock.iso()), ...device('10.0.0.2', PRINTER, clock.iso())];

    const first = await scanAndTrack(inv, LAN, scan(), { alerts, log, now: clock.now, delivery: FAST });
    clock.advance();
    await scanAndTrack(inv, LAN, scan(), { alerts, log, now: clock.now, delivery: FAST });

    expect(hook.calls).toHaveLength(1);
    const [call] = hook.calls;
    expect(call!.path).toBe('/hooks/lanaudit?key=abc');
    expect(call!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call!.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', SECRET).update(call!.body).digest('hex')}`;
    expect(call!.headers['x-lanaudit-signature']).toBe(expected);

    const message = JSON.parse(call!.body);
    expect(message).toMatchObject({
      schema: 'lanaudit.alert',
      reason: 'new',
      scan: first.scanId,
      device: { ip: '10.0.0.5', mac: CAMERA },
      verdict: { status: 'covered', covered: 'hikvision' },
    });
    expect(message.evidence[0].says).toMatch(/Hikvision/);
    expect(message.summary).toMatch(/new covered device: hikvision/);

    const [state] = alertStatus(inv.alerts, alerts);
    expect(state).toMatchObject({ delivered: 1, pending: 0, failed: 0, lastFailure: null });
    expect(state!.target).not.toContain('hooks/lanaudit');
    expect(state!.target).not.toContain('abc');
    for (const line of log.lines) for (const secret of [TOKEN, SECRET, 'key=abc', '/hooks/lanaudit']) expect(line).not.toContain(secret);
    inv.close();
  });

  it('a failing target is retried with backoff, recorded failed, never fails the scan, and delivered after the next scan', async () => {
    let healthy = false;
    const hook = await server(() => (healthy ? 200 : 503));
    const { inv, clock } = open();
    const alerts = { webhooks: [{ url: hook.url, token: TOKEN }] };
    const log = recordingLog();

    const first = await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), { alerts, log, now: clock.now, delivery: FAST });
    expect(first.result.tracked).toBe(true);
    expect(first.result.delivery).toEqual({ delivered: 0, failed: 1, abandoned: 0, deferred: 0, elsewhere: 0 });
    expect(hook.calls).toHaveLength(3);
    const [failing] = alertStatus(inv.alerts, alerts);
    expect(failing).toMatchObject({ failed: 1, delivered: 0, lastSuccess: null, lastFailure: { error: 'HTTP 503' } });
    expect(log.lines.some((l) => l.startsWith('warn') && l.includes('HTTP 503'))).toBe(true);

    healthy = true;
    clock.advance();
    const second = await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), { alerts, log, now: clock.now, delivery: FAST });
    expect(second.result.delivery.delivered).toBe(1);
    expect(hook.calls).toHaveLength(4);
    // The retry is the same alert: same body, same id header.
    expect(hook.calls[3]!.body).toBe(hook.calls[0]!.body);
    expect(hook.calls[3]!.headers['x-lanaudit-alert']).toBe(hook.calls[0]!.headers['x-lanaudit-alert']);
    expect(alertStatus(inv.alerts, alerts)[0]).toMatchObject({ failed: 0, delivered: 1, lastSuccess: clock.iso() });
    for (const line of log.lines) expect(line).not.toContain(TOKEN);
    inv.close();
  });

  it('an unreachable target costs one alert its tries per round, then is abandoned after the last round', async () => {
    const dead = await server();
    const url = dead.url;
    await dead.close();
    servers.length = 0;
    const { inv, clock } = open();
    const alerts = { webhooks: [{ url, timeoutMs: 500 }] };
    const cameras = ['58:50:ed:00:00:01', '58:50:ed:00:00:02', '58:50:ed:00:00:03'];
    const first = await scanAndTrack(inv, LAN, cameras.flatMap((mac, i) => device(`10.0.0.${10 + i}`, mac, clock.iso())), {
      alerts,
      log: recordingLog(),
      now: clock.now,
      delivery: { ...FAST, maxRounds: 2 },
    });
    expect(first.result.alerts).toHaveLength(3);
    expect(first.result.delivery).toEqual({ delivered: 0, failed: 1, abandoned: 0, deferred: 2, elsewhere: 0 });
    expect(alertStatus(inv.alerts, alerts)[0]!.lastFailure?.error).toMatch(/ECONNREFUSED|fetch failed/);

    clock.advance();
    const second = await scanAndTrack(inv, LAN, cameras.flatMap((mac, i) => device(`10.0.0.${10 + i}`, mac, clock.iso())), {
      alerts,
      log: recordingLog(),
      now: clock.now,
      delivery: { ...FAST, maxRounds: 2 },
    });
    expect(second.result.alerts).toHaveLength(0);
    expect(second.result.delivery).toMatchObject({ abandoned: 1 });
    expect(alertStatus(inv.alerts, alerts)[0]).toMatchObject({ abandoned: 1, delivered: 0 });
    inv.close();
  });

  it('credentials in the URL become a Basic header and never reach the log or the target name', async () => {
    let healthy = false;
    const hook = await server(() => (healthy ? 200 : 500));
    const { inv, clock } = open();
    const url = hook.url.replace('http://', 'http://alerts:p%40ss-9d2c@');
    const alerts = { webhooks: [{ url: `${url}/in` }] };
    const log = recordingLog();
    await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), { alerts, log, now: clock.now, delivery: FAST });
    healthy = true;
    clock.advance();
    await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), { alerts, log, now: clock.now, delivery: FAST });
    expect(hook.calls.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('alerts:p@ss-9d2c').toString('base64')}`);
    const names = alertStatus(inv.alerts, alerts).map((t) => t.target);
    for (const text of [...log.lines, ...names]) for (const secret of ['p%40ss-9d2c', 'p@ss-9d2c', 'alerts:']) expect(text).not.toContain(secret);
    inv.close();
  });

  it('names a webhook by its host and its place among that host\'s hooks: nothing derived from the URL\'s secret parts', () => {
    const names = alertTargets({ webhooks: [{ url: 'https://a.example/T0K/x?k=1' }, { url: 'https://u:pw@a.example/y' }, { url: 'https://b.example:8443/' }] }).map((t) => t.name);
    expect(names).toEqual(['webhook https://a.example/*** #1', 'webhook https://a.example/*** #2', 'webhook https://b.example:8443/ #1']);
  });

  it('deliveries recorded under a former hash name are shown and kept under the new name: nothing is sent twice', async () => {
    const hook = await server();
    const { inv, clock } = open();
    const alerts = { webhooks: [{ url: `${hook.url}/hooks/S3CRET-path` }] };
    await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), { alerts, now: clock.now, delivery: FAST });
    expect(hook.calls).toHaveLength(1);
    inv.close();
    // As an earlier release stored it: the name ends in 8 hex digits of SHA-256 of the whole URL.
    const url = alerts.webhooks[0]!.url;
    const former = `webhook ${new URL(url).origin}/*** #${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;
    const db = new Database(inv.path);
    db.prepare('UPDATE alert_deliveries SET target = ?').run(former);
    db.close();
    const again = Inventory.open(inv.path, { now: clock.now });
    const shown = alertStatus(again.alerts, alerts);
    expect(shown.map((t) => [t.target, t.delivered])).toEqual([[`webhook ${new URL(url).origin}/*** #1`, 1]]);
    clock.advance();
    await scanAndTrack(again, LAN, device('10.0.0.5', CAMERA, clock.iso()), { alerts, now: clock.now, delivery: FAST });
    expect(hook.calls).toHaveLength(1);
    expect(alertStatus(again.alerts, alerts).map((t) => [t.target, t.delivered])).toEqual([[`webhook ${new URL(url).origin}/*** #1`, 1]]);
    // A former target no longer configured is shown without its hash.
    expect(alertStatus(again.alerts, { webhooks: [] }).map((t) => t.target)).toEqual([`webhook ${new URL(url).origin}/*** #1`]);
    again.close();
  });

  it('a password that is not valid percent-encoding goes into the Basic header as written, not a failed delivery', async () => {
    const hook = await server();
    const { inv, clock } = open();
    const alerts = { webhooks: [{ url: `${hook.url.replace('http://', 'http://alerts:p%E0%A4%A@')}/in` }] };
    const log = recordingLog();
    const { result } = await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), { alerts, log, now: clock.now, delivery: FAST });
    expect(result.delivery).toMatchObject({ delivered: 1, failed: 0 });
    expect(hook.calls.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('alerts:p%E0%A4%A').toString('base64')}`);
    inv.close();
  });

  it('no alert for devices that are not covered', async () => {
    const hook = await server();
    const { inv, clock } = open();
    const first = await scanAndTrack(inv, LAN, device('10.0.0.2', PRINTER, clock.iso()), { alerts: { webhooks: [{ url: hook.url }] }, now: clock.now, delivery: FAST });
    expect(first.result.alerts).toHaveLength(0);
    expect(hook.calls).toHaveLength(0);
    inv.close();
  });
});

describe('alerts raised before a target was configured', () => {
  it('are recorded and shown as undelivered; a target added within catchUpDays receives those still open, once', async () => {
    const hook = await server();
    const { inv, clock } = open();
    const cameras = ['58:50:ed:00:00:01', '58:50:ed:00:00:02', '58:50:ed:00:00:03'];
    const scan = () => cameras.flatMap((mac, i) => device(`10.0.0.${10 + i}`, mac, clock.iso()));
    const none = await scanAndTrack(inv, LAN, scan(), { now: clock.now, delivery: FAST });
    expect(none.result.alerts).toHaveLength(3);
    expect(inv.alerts.undeliveredAlerts(10)).toMatchObject({ total: 3, newest: [{ ip: '10.0.0.12', queued: 0 }, { ip: '10.0.0.11' }, { ip: '10.0.0.10' }] });

    // Decided meanwhile: no longer needs action, so not sent.
    recordDecision(inv, '10.0.0.11', { status: 'acknowledged', note: 'replacement ordered', by: 'ann' }, clock.now());
    clock.advance();
    const alerts = { webhooks: [{ url: hook.url }] };
    const added = await scanAndTrack(inv, LAN, scan(), { alerts, now: clock.now, delivery: FAST });
    expect(added.result.caughtUp).toBe(2);
    expect(hook.calls.map((c) => JSON.parse(c.body).device.ip).sort()).toEqual(['10.0.0.10', '10.0.0.12']);
    expect(inv.alerts.undeliveredAlerts(10)).toMatchObject({ total: 1, newest: [{ ip: '10.0.0.11' }] });

    clock.advance();
    await scanAndTrack(inv, LAN, scan(), { alerts, now: clock.now, delivery: FAST });
    expect(hook.calls).toHaveLength(2);
    inv.close();
  });

  it('are not sent once older than catchUpDays, nor at all with catchUpDays 0', async () => {
    const hook = await server();
    const { inv, clock } = open();
    await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), { now: clock.now, delivery: FAST });
    clock.advance();
    const off = await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), { alerts: { webhooks: [{ url: hook.url }], catchUpDays: 0 }, now: clock.now, delivery: FAST });
    expect(off.result.caughtUp).toBe(0);
    clock.advance(3 * 86_400_000);
    const late = await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), { alerts: { webhooks: [{ url: `${hook.url}/other` }], catchUpDays: 2 }, now: clock.now, delivery: FAST });
    expect(late.result.caughtUp).toBe(0);
    expect(hook.calls).toHaveLength(0);
    inv.close();
  });
});

describe('alerts and triage', () => {
  it('removed then seen again: reopened loudly (event, triage entry by lanaudit, alert); acknowledged devices stay quiet', async () => {
    const hook = await server();
    const { inv, clock } = open();
    const alerts = { webhooks: [{ url: hook.url }] };
    const both = () => [...device('10.0.0.5', CAMERA, clock.iso()), ...device('10.0.0.6', '58:50:ed:00:00:06', clock.iso())];
    await scanAndTrack(inv, LAN, both(), { alerts, now: clock.now, delivery: FAST });
    expect(hook.calls).toHaveLength(2);

    clock.advance();
    recordDecision(inv, '10.0.0.5', { status: 'removed', note: 'unplugged and returned to vendor', by: 'ann' }, clock.now());
    recordDecision(inv, '10.0.0.6', { status: 'acknowledged', note: 'replacement ordered', by: 'ann' }, clock.now());
    clock.advance();
    await scanAndTrack(inv, LAN, device('10.0.0.6', '58:50:ed:00:00:06', clock.iso()), { alerts, now: clock.now, delivery: FAST });
    clock.advance();
    const log = recordingLog();
    const back = await scanAndTrack(inv, LAN, both(), { alerts, log, now: clock.now, delivery: FAST });

    expect(back.result.reopened.map((r) => [r.deviceId, r.from])).toEqual([[inv.devices.find('10.0.0.5')!.id, 'removed']]);
    expect(hook.calls).toHaveLength(3);
    expect(JSON.parse(hook.calls[2]!.body)).toMatchObject({ reason: 'removed-reappeared', device: { ip: '10.0.0.5' } });
    const history = inv.triage.history(inv.devices.find('10.0.0.5')!.id);
    expect(history.map((h) => [h.status, h.by])).toEqual([['removed', 'ann'], ['open', 'lanaudit']]);
    expect(inv.changes.events({ scan: back.scanId }).map((e) => `${e.type} ${e.ip} ${e.field ?? ''}`)).toEqual(['reappeared 10.0.0.5 ', 'reappeared 10.0.0.5 triage']);
    expect(log.lines.some((l) => l.startsWith('error') && l.includes('removed'))).toBe(true);
    inv.close();
  });

  it('a waiver past its end alerts once when the device is seen', async () => {
    const hook = await server();
    const { inv, clock } = open();
    const alerts = { webhooks: [{ url: hook.url }] };
    const cam = () => device('10.0.0.5', CAMERA, clock.iso());
    await scanAndTrack(inv, LAN, cam(), { alerts, now: clock.now, delivery: FAST });
    recordDecision(inv, CAMERA, { status: 'waiver', note: 'waiver W-12', until: new Date(clock.now().getTime() + 7_200_000).toISOString(), by: 'ann' }, clock.now());
    clock.advance();
    await scanAndTrack(inv, LAN, cam(), { alerts, now: clock.now, delivery: FAST });
    expect(hook.calls).toHaveLength(1); // still waived
    clock.advance(3 * 3_600_000);
    await scanAndTrack(inv, LAN, cam(), { alerts, now: clock.now, delivery: FAST });
    clock.advance();
    await scanAndTrack(inv, LAN, cam(), { alerts, now: clock.now, delivery: FAST });
    expect(hook.calls.map((c) => JSON.parse(c.body).reason)).toEqual(['new', 'waiver-expired']);
    inv.close();
  });
});

describe('syslog alerts', () => {
  it('writes one line per alert through logger with the tag', async () => {
    const dir = tempDir();
    const out = join(dir, 'logger.out');
    const stub = join(dir, 'logger');
    writeFileSync(stub, `#!/bin/sh\nprintf '%s|' "$@" >> ${out}\necho >> ${out}\n`);
    chmodSync(stub, 0o755);
    const { inv, clock } = open();
    await scanAndTrack(inv, LAN, device('10.0.0.5', CAMERA, clock.iso()), {
      alerts: { webhooks: [], syslog: { enabled: true, tag: 'lanaudit-site1' } },
      now: clock.now,
      delivery: { ...FAST, send: { loggerCommand: stub } },
    });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^-t\|lanaudit-site1\|-p\|user\.warning\|--\|new covered device: hikvision — Hikvision at 10\.0\.0\.5 \(58:50:ed:00:00:01\), scan 1\|$/);
    inv.close();
  });
});
