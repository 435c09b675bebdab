import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { startCli } from '../cli/run-cli.js';
import { useConfigFiles } from '../config/helpers.js';
import { loopbackConfig, useSilentServers } from './helpers.js';

const file = useConfigFiles();
const silentServer = useSilentServers();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const PRELOAD = fileURLToPath(new URL('./fixtures/reject-on-signal.mjs', import.meta.url));
const SECRET = 'tok-S3CRET';

describe('the process-level last resort', () => {
  it('an unhandled rejection during an agent scan: logged (secret scrubbed), the scan stored interrupted, a clear message, exit 1', { timeout: 90_000 }, async () => {
    const server = await silentServer();
    const dir = mkdtempSync(join(tmpdir(), 'lanaudit-crash-'));
    dirs.push(dir);
    const db = join(dir, 'inventory.db');
    const alerts = `alerts:\n  webhooks:\n    - url: http://127.0.0.1:9/hook\n      token: ${SECRET}\n`;
    // Banner probes wait 30 s on the silent service: the scan is running when the rejection comes.
    const config = file('config.yaml', loopbackConfig(server.port, alerts, 30_000));
    const agent = startCli(['agent', '--once', '--config', config, '--db', db], { NODE_OPTIONS: `--import ${PRELOAD}`, LANAUDIT_TEST_SECRET: SECRET });
    await server.connected;
    await agent.printed(/Scanning 1 address/);
    agent.child.kill('SIGUSR2');
    const result = await agent.done;

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lanaudit: internal error \(this is a bug, please report it\): unhandled promise rejection: Error: stray rejection carrying \*\*\*/);
    const crash = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('the agent crashed'));
    expect(crash?.['error']).toMatch(/stray rejection carrying \*\*\*/);
    expect(result.stdout + result.stderr).not.toContain(SECRET);

    const inv = Inventory.open(db, { readonly: true });
    const [scan] = inv.scans.list();
    inv.close();
    expect(scan?.status).toBe('interrupted');
    expect(scan?.error).toMatch(/^interrupted: internal error .*stray rejection carrying \*\*\*/);
    expect(scan?.error).not.toContain(SECRET);
  });

  it('an unhandled rejection during `lanaudit scan`: the scan stored interrupted with the crash (secret scrubbed), a clear message, exit 1', { timeout: 90_000 }, async () => {
    const server = await silentServer();
    const dir = mkdtempSync(join(tmpdir(), 'lanaudit-crash-'));
    dirs.push(dir);
    const db = join(dir, 'inventory.db');
    const alerts = `alerts:\n  webhooks:\n    - url: http://127.0.0.1:9/hook\n      token: ${SECRET}\n`;
    const config = file('config.yaml', loopbackConfig(server.port, alerts, 30_000));
    const scan = startCli(['scan', '--config', config, '--db', db], { NODE_OPTIONS: `--import ${PRELOAD}`, LANAUDIT_TEST_SECRET: SECRET });
    await server.connected;
    await scan.printed(/Scanning 1 address/);
    scan.child.kill('SIGUSR2');
    const result = await scan.done;

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lanaudit: internal error \(this is a bug, please report it\): unhandled promise rejection: Error: stray rejection carrying \*\*\*/);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    // Read-only: no recovery on open, so the row says what the crashing process itself wrote.
    const inv = Inventory.open(db, { readonly: true });
    const [stored] = inv.scans.list();
    inv.close();
    expect(stored?.status).toBe('interrupted');
    expect(stored?.error).toMatch(/^interrupted: internal error .*stray rejection carrying \*\*\*/);
    expect(stored?.error).not.toContain(SECRET);
  });
});
