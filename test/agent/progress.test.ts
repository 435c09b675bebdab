import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wantsProgress } from '../../src/cli/progress.js';
import { CLI, REPO, runCli } from '../cli/run-cli.js';
import { useConfigFiles } from '../config/helpers.js';
import { loopbackConfig, useSilentServers } from './helpers.js';

const file = useConfigFiles();
const silentServer = useSilentServers();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-progress-'));
  dirs.push(dir);
  return join(dir, 'inventory.db');
}

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const script = hasScript();
if (!script) console.warn('skipping the terminal progress test: script(1) from util-linux is missing');

/** Runs the CLI under a pseudo-terminal (script(1)) and returns everything the terminal received. */
function onTerminal(args: string[]): string {
  const command = [process.execPath, '--import', 'tsx', CLI, ...args].map((a) => `'${a}'`).join(' ');
  return execFileSync('script', ['-qec', command, '/dev/null'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, LANAUDIT_CONFIG: '', LANAUDIT_DB: '' }, timeout: 60_000 });
}

describe('scan progress', () => {
  it('only for a person at a terminal: not piped, not with --json', () => {
    expect(wantsProgress(false, { isTTY: true }, { isTTY: true })).toBe(true);
    expect(wantsProgress(true, { isTTY: true }, { isTTY: true })).toBe(false);
    expect(wantsProgress(false, { isTTY: false }, { isTTY: true })).toBe(false);
    expect(wantsProgress(false, { isTTY: true }, { isTTY: false })).toBe(false);
  });

  it.skipIf(!script)('on a terminal, scan shows phase, hosts done / total, found, flagged and elapsed', { timeout: 90_000 }, async () => {
    const server = await silentServer();
    const config = file('config.yaml', loopbackConfig(server.port, '', 1000));
    const screen = onTerminal(['scan', '--config', config, '--db', dbPath()]);
    expect(screen).toMatch(/ discovery \[[^\]]*\] \d\/1 hosts \| \d found \| 0 flagged \| \d+s/);
    expect(screen).toMatch(/ identifying \(probes\) \[[^\]]*\] 1\/1 hosts \| 1 found \| 0 flagged \| \d+s/);
    expect(screen).toMatch(/Scan 1 complete in [\d.]+ s: 1 device found/);
  });

  it('piped, the output has no progress line', { timeout: 90_000 }, async () => {
    const server = await silentServer();
    const config = file('config.yaml', loopbackConfig(server.port));
    const result = await runCli(['scan', '--config', config, '--db', dbPath()]);
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/hosts \||\u001b\[/);
  });
});
