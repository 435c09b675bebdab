import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../../src/config/example.js';
import { parseConfig, SYSTEM_CONFIG_PATHS } from '../../src/config/load.js';
import { useConfigFiles } from '../config/helpers.js';
import { runCli } from './run-cli.js';

const file = useConfigFiles();

const SECRETS = ['c0mmunity-S3CRET', 'tok-S3CRET-123', 'hmac-S3CRET-456', 'URLS3CRET789', 'QS3CRET'];
const WITH_SECRETS = `probes:
  snmp:
    communities: [public, c0mmunity-S3CRET]
alerts:
  webhooks:
    - url: https://hooks.example.com/services/URLS3CRET789?key=QS3CRET
      token: tok-S3CRET-123
      hmacSecret: hmac-S3CRET-456
`;

function expectNoSecret(...outputs: string[]): void {
  for (const out of outputs) for (const secret of SECRETS) expect(out).not.toContain(secret);
}

describe('lanaudit config', () => {
  it('example prints a commented file that passes config check unchanged', { timeout: 60_000 }, async () => {
    const example = await runCli(['config', 'example']);
    expect(example.code).toBe(0);
    expect(example.stdout).toBe(EXAMPLE_CONFIG);
    expect(example.stdout).toMatch(/^# lanaudit configuration/);
    const path = file('config.yaml', example.stdout);
    const check = await runCli(['config', 'check', '--config', path]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`${path}: valid.`);
    expect(check.stdout).toContain('Schedule: 0 */6 * * *, next run ');
    // Every section is there, so a user edits rather than guesses key names.
    expect(Object.keys(parseConfig(example.stdout, 'example.yaml'))).toEqual([
      'scope', 'discovery', 'probes', 'infrastructure', 'schedule', 'alerts', 'report', 'retention', 'tracking', 'database', 'identification',
    ]);
  });

  it('check prints the settings with every secret as *** (text and JSON), and never the secret', { timeout: 60_000 }, async () => {
    const path = file('config.yaml', WITH_SECRETS);
    const text = await runCli(['config', 'check', '--config', path]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('https://hooks.example.com/***');
    expect(text.stdout).toContain('token: "***"');
    expect(text.stdout).toContain('hmacSecret: "***"');
    const json = await runCli(['config', 'check', '--json'], { LANAUDIT_CONFIG: path });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { path: string; config: { probes: { snmp: { communities: string[] } } } };
    expect(parsed.path).toBe(path);
    expect(parsed.config.probes.snmp.communities).toEqual(['***', '***']);
    expectNoSecret(text.stdout, text.stderr, json.stdout, json.stderr);
  });

  it('an invalid file carrying secrets is reported (exit 2) without them', { timeout: 60_000 }, async () => {
    const path = file('config.yaml', `${WITH_SECRETS}      timeoutMs: soon\n      extra: tok-S3CRET-123\n`);
    const result = await runCli(['config', 'check', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path}:9: alerts.webhooks[0].timeoutMs: `);
    expect(result.stderr).toContain(`${path}:10: alerts.webhooks[0].extra: unknown key`);
    expectNoSecret(result.stdout, result.stderr);
    const json = file('config.json', `{"alerts": {"webhooks": [{"url": "https://x.example/", "token": tok-S3CRET-123}]}}`);
    const broken = await runCli(['config', 'check', '--config', json]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('not valid JSON');
    expectNoSecret(broken.stdout, broken.stderr);
  });

  it('warns on stderr when the file is readable by others', { timeout: 60_000 }, async () => {
    const path = file('config.yaml', 'tracking:\n  goneAfterScans: 2\n', 0o644);
    const result = await runCli(['config', 'check', '--config', path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`warning: ${path} is accessible to group or others (mode 0644) and may hold secrets: chmod 600 ${path}\n`);
    expect(readFileSync(path, 'utf8')).toContain('goneAfterScans: 2');
  });

  it('a YAML alias bomb is a configuration error naming the file (exit 2), not an internal error', { timeout: 60_000 }, async () => {
    const keys = 'abcdefghij'.split('');
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...keys.slice(1).map((k, i) => `${k}: &${k} [${Array(10).fill(`*${keys[i]}`).join(', ')}]`)].join('\n');
    const path = file('bomb.yaml', `${bomb}\n`);
    const results = await Promise.all([runCli(['config', 'check', '--config', path]), runCli(['devices', '--config', path])]);
    for (const result of results) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`${path}: not usable YAML`);
      expect(result.stderr).not.toMatch(/internal error|this is a bug|\n\s+at /);
    }
  });

  it.skipIf(process.geteuid?.() !== 0)('as root, refuses a file another user owns or others can write (exit 2)', { timeout: 60_000 }, async () => {
    const theirs = file('config.yaml', '{}\n');
    chownSync(theirs, Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })), 0);
    const writable = file('config.yaml', '{}\n', 0o666);
    const [a, b] = await Promise.all([runCli(['config', 'check', '--config', theirs]), runCli(['config', 'check', '--config', writable])]);
    expect(a.code, a.stderr).toBe(2);
    expect(a.stderr).toContain(`refusing ${theirs}: owned by uid`);
    expect(b.code, b.stderr).toBe(2);
    expect(b.stderr).toContain(`refusing ${writable}: writable by group or others (mode 0666)`);
  });

  it.skipIf(SYSTEM_CONFIG_PATHS.some((p) => existsSync(p)))('without any file, check says the defaults apply', { timeout: 60_000 }, async () => {
    const result = await runCli(['config', 'check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^No configuration file \(looked for \/etc\/lanaudit\/config\.yaml/);
  });
});
