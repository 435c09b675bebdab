import { execFileSync } from 'node:child_process';
import { chownSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, locateConfig, parseConfig, resolveConfig, SYSTEM_CONFIG_PATHS } from '../../src/config/load.js';
import { defaultConfig, scheduleCron } from '../../src/config/schema.js';
import { useConfigFiles } from './helpers.js';

const file = useConfigFiles();

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration file', () => {
  it('reads YAML and JSON with the same keys to the same settings, defaults filled in', () => {
    const yaml = file('config.yaml', 'scope:\n  targets: [10.0.0.0/24]\n  exclude: [10.0.0.1]\ndiscovery:\n  engine: native\n  ports: [22, 80]\nschedule:\n  every: 6h\n');
    const json = file(
      'config.json',
      JSON.stringify({ scope: { targets: ['10.0.0.0/24'], exclude: ['10.0.0.1'] }, discovery: { engine: 'native', ports: [22, 80] }, schedule: { every: '6h' } }),
    );
    const a = loadConfig(yaml).config;
    expect(loadConfig(json).config).toEqual(a);
    expect(a.scope).toEqual({ targets: ['10.0.0.0/24'], exclude: ['10.0.0.1'], maxHosts: 65536, allowPublic: false, linkLocal: false });
    expect(a.discovery).toMatchObject({ engine: 'native', ports: [22, 80], timeoutMs: 1000, rate: 2000 });
    expect(a.tracking.goneAfterScans).toBe(3);
    expect(scheduleCron(a.schedule)).toBe('0 */6 * * *');
  });

  it('retention.keepScans below tracking.goneAfterScans is an error at its line; catchUpDays defaults to 7', () => {
    const path = file('config.yaml', 'tracking:\n  goneAfterScans: 4\nretention:\n  keepScans: 2\n');
    expect(errorOf(() => loadConfig(path))).toContain(`${path}:4: retention.keepScans: expected at least tracking.goneAfterScans (4)`);
    expect(loadConfig(file('config.yaml', 'retention:\n  keepScans: 3\n')).config.alerts.catchUpDays).toBe(7);
  });

  it('an empty file means every default', () => {
    expect(loadConfig(file('config.yaml', '# nothing yet\n')).config).toEqual(defaultConfig());
  });

  it('names the file, the key path with its line, and what was expected, for each problem in line order', () => {
    const path = file(
      'config.yaml',
      [
        'scope:', //                       1
        '  targets: [10.0.0.0/24]', //     2
        '  maxHost: 5', //                 3  misspelt
        'discovery:', //                   4
        '  engine: fast', //               5
        '  ports: [80, 70000]', //         6
        'schedule:', //                    7
        '  cron: "61 * * * *"', //         8
        'tracking:', //                    9
        '  goneAfterScans: "three"', //    10
      ].join('\n'),
    );
    const lines = errorOf(() => loadConfig(path)).split('\n');
    expect(lines[0]).toBe(`invalid configuration ${path}:`);
    expect(lines.slice(1)).toEqual([
      `  ${path}:3: scope.maxHost: unknown key (expected one of: targets, exclude, maxHosts, allowPublic, linkLocal)`,
      expect.stringMatching(new RegExp(`^  ${path}:5: discovery\\.engine: .*expected one of "auto"\\|"native"\\|"nmap"`)),
      expect.stringMatching(new RegExp(`^  ${path}:6: discovery\\.ports\\[1\\]: .*<=65535`)),
      expect.stringMatching(new RegExp(`^  ${path}:8: schedule\\.cron: expected a cron expression`)),
      expect.stringMatching(new RegExp(`^  ${path}:10: tracking\\.goneAfterScans: .*expected number`)),
    ]);
  });

  it('unknown keys are errors at every level, top level and inside list items included', () => {
    const path = file('config.yaml', 'scan:\n  targets: []\nalerts:\n  webhooks:\n    - url: https://hooks.example.com/x\n      secret: abc\n');
    const message = errorOf(() => loadConfig(path));
    expect(message).toContain(`${path}:1: scan: unknown key (expected one of: scope, discovery, probes, infrastructure, schedule, alerts, report, retention, tracking, database`);
    expect(message).toContain(`${path}:6: alerts.webhooks[0].secret: unknown key (expected one of: url, token, hmacSecret, timeoutMs)`);
  });

  it('reports JSON errors with the line, and unknown JSON keys with theirs', () => {
    const broken = file('config.json', '{\n  "scope": {\n    "targets": [],\n  }\n}\n');
    expect(errorOf(() => loadConfig(broken))).toMatch(new RegExp(`^${broken}:4: not valid JSON`));
    const unknown = file('config.json', '{\n  "scope": {\n    "targets": [],\n    "exclud": []\n  }\n}\n');
    expect(errorOf(() => loadConfig(unknown))).toContain(`${unknown}:4: scope.exclud: unknown key`);
  });

  it('reports YAML syntax errors and duplicate keys with the line', () => {
    expect(errorOf(() => parseConfig('scope:\n  targets: []\nscope: {}\n', 'c.yaml'))).toMatch(/^c\.yaml:3: not valid YAML: Map keys must be unique/);
    expect(errorOf(() => parseConfig('scope:\n  targets: [a\n b: c\n', 'c.yaml'))).toMatch(/^c\.yaml:\d+: not valid YAML/);
  });

  it('schedule: cron or every, not both; every must divide the hour or the day', () => {
    expect(errorOf(() => parseConfig('schedule:\n  cron: "0 * * * *"\n  every: 1h\n', 'c.yaml'))).toContain('c.yaml:3: schedule.every: expected either cron or every, not both');
    expect(errorOf(() => parseConfig('schedule:\n  every: 7h\n', 'c.yaml'))).toContain('c.yaml:2: schedule.every: expected a period like 15m, 6h or 1d');
    expect(scheduleCron(parseConfig('schedule:\n  every: 15m\n', 'c.yaml').schedule)).toBe('*/15 * * * *');
    expect(scheduleCron(parseConfig('schedule:\n  every: 1d\n', 'c.yaml').schedule)).toBe('0 0 * * *');
    expect(scheduleCron(parseConfig('schedule:\n  cron: "30 2 * * 1-5"\n', 'c.yaml').schedule)).toBe('30 2 * * 1-5');
  });

  it('checks report fields users copy from SAM: UEI, CAGE, deadlines', () => {
    const message = errorOf(() => parseConfig('report:\n  uei: abc\n  cage: 1A2B3C\n  deadlines: { initial: tomorrow }\n', 'c.yaml'));
    expect(message).toContain('c.yaml:2: report.uei: expected a 12-character SAM Unique Entity ID');
    expect(message).toContain('c.yaml:3: report.cage: expected a 5-character CAGE code');
    expect(message).toContain('c.yaml:4: report.deadlines.initial: expected a deadline like 1bd');
  });

  it('warns when group or others can read the file, not when only its owner can', () => {
    const open = file('config.yaml', 'tracking:\n  goneAfterScans: 2\n', 0o644);
    expect(loadConfig(open).warnings).toEqual([`${open} is accessible to group or others (mode 0644) and may hold secrets: chmod 600 ${open}`]);
    expect(loadConfig(file('config.yaml', '{}\n', 0o600)).warnings).toEqual([]);
    expect(loadConfig(file('config.yaml', '{}\n', 0o640)).warnings).toHaveLength(1);
  });

  it('whoever can write the file controls root\'s scans: root refuses a file owned by another user or writable by others; anyone else is warned', () => {
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    const theirs = file('config.yaml', '{}\n');
    chownSync(theirs, nobody, 0);
    expect(errorOf(() => loadConfig(theirs, 0))).toBe(`refusing ${theirs}: owned by uid ${nobody}, neither you (uid 0) nor root, who could change what lanaudit does: chown it or use your own copy`);
    const writable = file('config.yaml', '{}\n', 0o620);
    expect(errorOf(() => loadConfig(writable, 0))).toMatch(/^refusing .*: writable by group or others \(mode 0620\), who could change what lanaudit does: chmod go-w /);
    expect(errorOf(() => loadConfig(file('config.yaml', '{}\n', 0o602), 0))).toMatch(/writable by group or others \(mode 0602\)/);
    // Another user running lanaudit with that file: a warning, the file is used.
    expect(loadConfig(theirs, 4321).warnings).toEqual([expect.stringMatching(/owned by uid \d+, neither you \(uid 4321\) nor root/)]);
    // Root's own files and the user's own file are trusted.
    expect(loadConfig(file('config.yaml', '{}\n'), 0).warnings).toEqual([]);
    expect(loadConfig(theirs, nobody).warnings).toEqual([]);
  });

  it('a YAML alias bomb is a configuration error naming the file', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n');
    const path = file('bomb.yaml', `${bomb}\n`);
    expect(errorOf(() => loadConfig(path))).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not usable YAML: .*alias`, 'i'));
  });

  it('probes.snmp.bySubnet: communities per subnet, each subnet checked', () => {
    const config = parseConfig('probes:\n  snmp:\n    bySubnet:\n      - { cidr: 10.20.0.0/16, communities: [site-b] }\n', 'c.yaml');
    expect(config.probes.snmp).toEqual({ communities: ['public'], bySubnet: [{ cidr: '10.20.0.0/16', communities: ['site-b'] }] });
    const message = errorOf(() => parseConfig('probes:\n  snmp:\n    bySubnet:\n      - cidr: 10.20.0.0/33\n        communities: []\n', 'c.yaml'));
    expect(message).toContain('c.yaml:4: probes.snmp.bySubnet[0].cidr: expected a CIDR such as 10.20.0.0/16');
    expect(message).toContain('c.yaml:5: probes.snmp.bySubnet[0].communities: ');
  });

  it('a missing file is an error naming it', () => {
    expect(errorOf(() => loadConfig('/nonexistent/lanaudit.yaml'))).toMatch(/^cannot read configuration \/nonexistent\/lanaudit\.yaml: ENOENT/);
  });

  it('is found at --config, else $LANAUDIT_CONFIG, else the first system file present', () => {
    const none = () => false;
    expect(locateConfig('/a.yaml', { LANAUDIT_CONFIG: '/b.yaml' }, none)).toBe('/a.yaml');
    expect(locateConfig(undefined, { LANAUDIT_CONFIG: '/b.yaml' }, none)).toBe('/b.yaml');
    expect(locateConfig(undefined, {}, none)).toBeNull();
    expect(locateConfig(undefined, {}, (p) => p === '/etc/lanaudit/config.json')).toBe('/etc/lanaudit/config.json');
    expect(locateConfig(undefined, {}, () => true)).toBe(SYSTEM_CONFIG_PATHS[0]);
    const path = file('config.yaml', 'tracking:\n  goneAfterScans: 5\n');
    expect(resolveConfig(undefined, { LANAUDIT_CONFIG: path })).toMatchObject({ path, config: { tracking: { goneAfterScans: 5 } } });
  });
});
