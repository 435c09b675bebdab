import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { alertStatus } from '../../src/alerts/status.js';
import type { DeliveryReport } from '../../src/alerts/deliver.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { device, scanAndTrack, tempDbPath, useTempDirs } from '../changes/helpers.js';
import { REPO } from '../cli/run-cli.js';
import { webhookServer } from './webhook-server.js';

const tempDir = useTempDirs();
const FOLLOW_UP = fileURLToPath(new URL('./fixtures/follow-up.ts', import.meta.url));
const CAMERA = '58:50:ed:00:00:01';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

/** Every line the child prints, as they come. */
function lines(child: ChildProcess): AsyncIterator<string> {
  return createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
}

describe('alert delivery claims', () => {
  it('two processes finishing scans at the same time send a pending alert once', { timeout: 60_000 }, async () => {
    let healthy = false;
    // Slow answers keep the first sender in flight while the second looks at the same delivery.
    const hook = await webhookServer(() => (healthy ? 204 : 503), 1000);
    cleanup.push(hook.close);
    const dir = tempDir();
    const db = tempDbPath(() => dir);
    const inv = Inventory.open(db);
    const { scanId, result } = await scanAndTrack(inv, ['10.0.0.0/24'], device('10.0.0.5', CAMERA, new Date().toISOString()), {
      alerts: { webhooks: [{ url: hook.url }] },
      delivery: { backoffMs: 1, tries: 1 },
    });
    inv.close();
    expect(result.delivery.failed).toBe(1);
    expect(hook.calls).toHaveLength(1);

    healthy = true;
    const go = join(dir, 'go');
    const children = [0, 1].map(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', FOLLOW_UP, db, String(scanId), hook.url, go], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
      cleanup.push(() => child.kill('SIGKILL'));
      return { child, out: lines(child) };
    });
    for (const { out } of children) expect((await out.next()).value).toBe('ready');
    writeFileSync(go, '');
    const reports = await Promise.all(children.map(async ({ out }) => JSON.parse((await out.next()).value as string) as DeliveryReport));

    expect(hook.calls).toHaveLength(2);
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(1);
    const check = Inventory.open(db, { readonly: true });
    expect(alertStatus(check.alerts, { webhooks: [{ url: hook.url }] })[0]).toMatchObject({ delivered: 1, pending: 0, failed: 0 });
    check.close();
  });
});
