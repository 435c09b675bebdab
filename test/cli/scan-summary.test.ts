import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useConfigFiles } from '../config/helpers.js';
import { loopbackConfig, useSilentServers } from '../agent/helpers.js';
import { runCli } from './run-cli.js';

const file = useConfigFiles();
const silentServer = useSilentServers();
const dir = mkdtempSync(join(tmpdir(), 'lanaudit-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lanaudit scan: the change summary', () => {
  it('prints one plain line of changes on stdout, and puts them in the JSON object with --json', { timeout: 120_000 }, async () => {
    const server = await silentServer();
    const db = join(dir, 'inventory.db');
    const config = file('config.yaml', loopbackConfig(server.port));
    const first = await runCli(['scan', '--config', config, '--db', db]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.split('\n')).toContain('Changes: 1 new, 0 gone, 0 changed — lanaudit changes for details');
    expect(first.stderr).not.toContain('changes:');

    const second = await runCli(['scan', '--json', '--config', config, '--db', db]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toContain('Changes:');
    expect(JSON.parse(second.stdout)).toMatchObject({ scan: 2, status: 'complete', changes: { new: 0, gone: 0, changed: 0, reappeared: 0 } });
  });
});
