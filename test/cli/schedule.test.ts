import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useConfigFiles } from '../config/helpers.js';
import { REPO, runCli } from './run-cli.js';

const file = useConfigFiles();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function hasSystemdAnalyze(): boolean {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const analyze = hasSystemdAnalyze();
if (!analyze) console.warn('skipping systemd-analyze verify of the generated units: systemd-analyze is missing (Debian package systemd; test/install-deps.sh installs it)');
const systemdRunning = existsSync('/run/systemd/system');

/** The "# /path" sections of a --dry-run, as file name → content. */
function units(stdout: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const section of stdout.split(/^# (?=\/etc\/systemd\/system\/)/m).slice(1)) {
    const [path, ...rest] = section.split('\n');
    map.set(basename(path!), `${rest.join('\n').trimEnd()}\n`);
  }
  return map;
}

/** systemd-analyze verify on copies in a temp dir: nothing is installed on this machine. */
function verify(files: Map<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-units-'));
  dirs.push(dir);
  const paths = [...files].map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  try {
    return execFileSync('systemd-analyze', ['verify', ...paths], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    throw new Error(`systemd-analyze verify failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

const NODE = realpathSync(process.execPath);
const BIN = realpathSync(join(REPO, 'bin', 'lanaudit.js'));

describe('lanaudit schedule install --dry-run', () => {
  it('timer + oneshot scan service, hardened, config as a credential, no raw sockets for the native engine', { timeout: 60_000 }, async () => {
    const config = file('config.yaml', 'discovery:\n  engine: native\nschedule:\n  every: 6h\n  jitterSeconds: 120\n');
    const result = await runCli(['schedule', 'install', '--dry-run', '--config', config]);
    expect(result.code, result.stderr).toBe(0);
    const files = units(result.stdout);
    expect([...files.keys()]).toEqual(['lanaudit.service', 'lanaudit.timer']);
    const service = files.get('lanaudit.service')!;
    expect(service).toContain('Type=oneshot\n');
    expect(service).toContain(`ExecStart=${NODE} ${BIN} scan --config \${CREDENTIALS_DIRECTORY}/config.yaml\n`);
    expect(service).toContain(`LoadCredential=config.yaml:${config}\n`);
    for (const line of [
      'DynamicUser=yes',
      'StateDirectory=lanaudit',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'NoNewPrivileges=yes',
      'RestrictAddressFamilies=AF_INET AF_INET6 AF_NETLINK AF_UNIX AF_PACKET',
      'Environment=LANAUDIT_DB=/var/lib/lanaudit/inventory.db',
      'CapabilityBoundingSet=',
    ]) {
      expect(service.split('\n')).toContain(line);
    }
    expect(service).not.toContain('AmbientCapabilities');
    const timer = files.get('lanaudit.timer')!;
    expect(timer).toContain('OnCalendar=*-*-* 00/6:00:00\n');
    expect(timer).toContain('RandomizedDelaySec=120s\n');
    expect(timer).toContain('Persistent=true\n');
    if (analyze) expect(verify(files)).toBe('');
  });

  it('the nmap engine gets CAP_NET_RAW and only that; --cron wins over the configuration; --user replaces the dynamic user', { timeout: 60_000 }, async () => {
    const config = file('config.yaml', 'discovery:\n  engine: nmap\nschedule:\n  every: 6h\n');
    const result = await runCli(['schedule', 'install', '--dry-run', '--cron', '30 2 * * 1-5', '--user', 'nobody', '--config', config]);
    expect(result.code, result.stderr).toBe(0);
    const files = units(result.stdout);
    const service = files.get('lanaudit.service')!.split('\n');
    expect(service).toContain('AmbientCapabilities=CAP_NET_RAW');
    expect(service).toContain('CapabilityBoundingSet=CAP_NET_RAW');
    expect(service).toContain('User=nobody');
    expect(service).not.toContain('DynamicUser=yes');
    expect(files.get('lanaudit.timer')).toContain('OnCalendar=Mon..Fri *-*-* 02:30:00\n');
    if (analyze) expect(verify(files)).toBe('');
  });

  it('--agent: one long-running service started at boot, no timer', { timeout: 60_000 }, async () => {
    const config = file('config.json', JSON.stringify({ schedule: { every: '1h' } }));
    const result = await runCli(['schedule', 'install', '--dry-run', '--agent', '--config', config]);
    expect(result.code, result.stderr).toBe(0);
    const files = units(result.stdout);
    expect([...files.keys()]).toEqual(['lanaudit.service']);
    const service = files.get('lanaudit.service')!;
    expect(service).toContain('Type=exec\n');
    expect(service).toContain(`ExecStart=${NODE} ${BIN} agent --config \${CREDENTIALS_DIRECTORY}/config.json\n`);
    expect(service).toContain('Restart=on-failure\n');
    expect(service).toContain('WantedBy=multi-user.target\n');
    if (analyze) expect(verify(files)).toBe('');
  });

  it('the service writes the inventory every command would use: the configuration\'s database.path, --db over it', { timeout: 60_000 }, async () => {
    const config = file('config.yaml', 'schedule:\n  every: 1h\ndatabase:\n  path: /srv/lanaudit/site.db\n');
    const [fromConfig, fromFlag] = await Promise.all([
      runCli(['schedule', 'install', '--dry-run', '--agent', '--config', config]),
      runCli(['schedule', 'install', '--dry-run', '--agent', '--config', config, '--db', '/var/lib/lanaudit/other.db']),
    ]);
    expect(fromConfig.code, fromConfig.stderr).toBe(0);
    const service = units(fromConfig.stdout).get('lanaudit.service')!.split('\n');
    expect(service).toContain('Environment=LANAUDIT_DB=/srv/lanaudit/site.db');
    expect(service).toContain('ReadWritePaths=/srv/lanaudit');
    expect(fromConfig.stderr).toContain('its user must be able to create and write files in /srv/lanaudit');
    const flagged = units(fromFlag.stdout).get('lanaudit.service')!.split('\n');
    expect(flagged).toContain('Environment=LANAUDIT_DB=/var/lib/lanaudit/other.db');
    expect(flagged.some((line) => line.startsWith('ReadWritePaths='))).toBe(false);
  });

  it('refuses unclear or impossible schedules (exit 2)', { timeout: 120_000 }, async () => {
    const config = file('config.yaml', '{}\n');
    const cases: [string[], RegExp][] = [
      [['--every', '1h', '--cron', '0 * * * *'], /give --every or --cron, not both/],
      [['--every', '7h'], /--every: expected a period like 15m, 6h or 1d/],
      [['--cron', '0 0 1 * 1'], /cannot express the cron schedule "0 0 1 \* 1" as a systemd timer/],
      [[], /no schedule: give --every 6h or --cron EXPR/],
      [['--agent', '--every', '1h'], /the agent reads its schedule from the configuration/],
      [['--every', '1h', '--user', 'no-such-user-lanaudit'], /no user "no-such-user-lanaudit"/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(['schedule', 'install', '--dry-run', '--config', config, ...args])));
    cases.forEach(([args, message], i) => {
      expect(results[i]!.code, args.join(' ')).toBe(2);
      expect(results[i]!.stderr).toMatch(message);
    });
  });
});

describe('lanaudit schedule install: values that would change the unit are refused or escaped', () => {
  it('a configuration path with a newline cannot add a setting (exit 2, nothing printed)', { timeout: 60_000 }, async () => {
    // The file is ".../c\nExecStartPre=+/tmp/pwn.sh": a newline, then a root command as the unit would read it.
    const dir = join(dirname(file('unused.yaml', '')), 'c\nExecStartPre=+', 'tmp');
    mkdirSync(dir, { recursive: true });
    const config = join(dir, 'pwn.sh');
    writeFileSync(config, 'schedule:\n  every: 6h\n', { mode: 0o600 });
    const result = await runCli(['schedule', 'install', '--dry-run', '--config', config]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/the configuration file path ".*" has characters a unit file or cron line would need quoted/);
    expect(result.stdout).not.toContain('ExecStartPre');
  });

  it('% in a path is doubled (a specifier otherwise) and the units verify', { timeout: 60_000 }, async () => {
    const config = file('site%h.yaml', 'schedule:\n  every: 6h\n');
    const result = await runCli(['schedule', 'install', '--dry-run', '--config', config, '--db', '/srv/lan%naudit/inventory.db']);
    expect(result.code, result.stderr).toBe(0);
    const files = units(result.stdout);
    const service = files.get('lanaudit.service')!.split('\n');
    expect(service).toContain(`LoadCredential=config.yaml:${config.replace('%', '%%')}`);
    expect(service).toContain('Environment=LANAUDIT_DB=/srv/lan%%naudit/inventory.db');
    expect(service).toContain('ReadWritePaths=/srv/lan%%naudit');
    if (analyze) expect(verify(files)).toBe('');
  });

  it('the service runs under the @system-service system call filter', { timeout: 60_000 }, async () => {
    const config = file('config.yaml', 'discovery:\n  engine: nmap\nschedule:\n  every: 6h\n');
    const result = await runCli(['schedule', 'install', '--dry-run', '--agent', '--config', config]);
    expect(result.code, result.stderr).toBe(0);
    const files = units(result.stdout);
    const service = files.get('lanaudit.service')!.split('\n');
    expect(service).toContain('SystemCallFilter=@system-service');
    expect(service).toContain('SystemCallErrorNumber=EPERM');
    if (analyze) expect(verify(files)).toBe('');
  });

  it('refuses --user root (or any uid 0 account) and an inventory whose directory is / or a system directory', { timeout: 120_000 }, async () => {
    const config = file('config.yaml', 'schedule:\n  every: 6h\n');
    const cases: [string[], RegExp][] = [
      [['--user', 'root'], /--user: "root" has uid 0/],
      [['--db', '/inventory.db'], /the inventory \/inventory.db is directly in \/: the service would need write access to all of it/],
      [['--db', '/etc/inventory.db'], /directly in \/etc/],
      [['--db', '/var/lib/inventory.db'], /directly in \/var\/lib/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(['schedule', 'install', '--dry-run', '--config', config, ...args])));
    cases.forEach(([args, message], i) => {
      expect(results[i]!.code, args.join(' ')).toBe(2);
      expect(results[i]!.stderr).toMatch(message);
      expect(results[i]!.stdout).not.toContain('[Service]');
    });
  });
});

describe.skipIf(systemdRunning)('lanaudit schedule install without systemd', () => {
  it('prints a cron.d line instead and installs nothing', { timeout: 60_000 }, async () => {
    const config = file('config.yaml', 'schedule:\n  every: 15m\n');
    const result = await runCli(['schedule', 'install', '--config', config]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('systemd is not running here, so nothing was installed');
    expect(result.stdout).toBe(`*/15 * * * * root LANAUDIT_DB=/var/lib/lanaudit/inventory.db ${NODE} ${BIN} scan --config ${config} >/dev/null\n`);
    expect(existsSync('/etc/systemd/system/lanaudit.timer')).toBe(false);
    expect(existsSync('/etc/systemd/system/lanaudit.service')).toBe(false);
  });
});
