import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crontabLine, SERVICE, SYSTEM_DB, systemdUnits, TIMER, UNIT_DIR, type UnitOptions } from '../../agent/systemd-units.js';
import { resolveConfig } from '../../config/load.js';
import { cronError, everyToCron, nextRuns } from '../../config/schedule.js';
import { type Config, scheduleCron } from '../../config/schema.js';
import { findNmap } from '../../discovery/index.js';
import { resolveDbPath } from '../../inventory/db-path.js';
import { RuntimeError, UsageError } from '../../util/errors.js';
import { print } from '../terminal.js';

interface InstallOptions {
  readonly every?: string;
  readonly cron?: string;
  readonly user?: string;
  readonly agent: boolean;
  readonly dryRun: boolean;
}

interface Globals {
  readonly db?: string;
  readonly config?: string;
}

/** systemd is the service manager when this directory exists (sd_booted(3)). */
export const hasSystemd = (): boolean => existsSync('/run/systemd/system');

function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** The schedule: --cron, else --every, else the configuration's. */
function chooseCron(opts: InstallOptions, config: Config): string {
  if (opts.cron !== undefined && opts.every !== undefined) throw new UsageError('give --every or --cron, not both');
  if (opts.agent && (opts.cron !== undefined || opts.every !== undefined)) {
    throw new UsageError('the agent reads its schedule from the configuration (schedule.every or schedule.cron): drop --every/--cron, or drop --agent for a timer');
  }
  if (opts.cron !== undefined) {
    const error = cronError(opts.cron);
    if (error !== null) throw new UsageError(`--cron: ${error}`);
    return opts.cron;
  }
  if (opts.every !== undefined) {
    const every = everyToCron(opts.every);
    if ('error' in every) throw new UsageError(`--every: ${every.error}`);
    return every.cron;
  }
  const cron = scheduleCron(config.schedule);
  if (cron === null) throw new UsageError('no schedule: give --every 6h or --cron EXPR, or set schedule.every in the configuration');
  return cron;
}

/** bin/lanaudit.js of this installation, whether running from src (tsx) or dist. */
export function lanauditBin(): string {
  return realpathSync(fileURLToPath(new URL('../../../bin/lanaudit.js', import.meta.url)));
}

/** The account's uid from getent; undefined when there is no such user, null when getent is missing (systemd will report it). */
function userId(name: string): number | null | undefined {
  try {
    const entry = execFileSync('getent', ['passwd', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Number(entry.split(':')[2]);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
}

/** --user must name an existing, unprivileged account (absent: a dynamic user). */
export function checkServiceUser(user: string | undefined): void {
  if (user === undefined) return;
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user)) throw new UsageError(`--user: "${user}" is not a valid user name`);
  const uid = userId(user);
  if (uid === undefined) throw new UsageError(`--user: no user "${user}": create it (useradd --system --no-create-home ${user}) or omit --user for a dynamic one`);
  if (uid === 0) throw new UsageError(`--user: "${user}" has uid 0, which would run the service unconfined as root: omit --user (a dynamic user) or name an unprivileged account`);
}

function unitOptions(opts: InstallOptions, globals: Globals): UnitOptions {
  const loaded = resolveConfig(globals.config);
  loaded.warnings.forEach((w) => note(`warning: ${w}`));
  const cron = chooseCron(opts, loaded.config);
  const engine = loaded.config.discovery.engine;
  checkServiceUser(opts.user);
  const node = realpathSync(process.execPath);
  const bin = lanauditBin();
  for (const path of [node, bin]) {
    if (/^\/(home|root)\//.test(path)) note(`warning: ${path} is under /home or /root, which the service cannot see (ProtectHome=yes): install lanaudit and node system-wide`);
  }
  if (loaded.path === null) note('note: no configuration file; the service scans with the defaults (this host\'s attached private subnets)');
  // Resolved as every command does, with root's default: the inventory `sudo lanaudit status` shows.
  const database = resolve(resolveDbPath({ explicit: globals.db, configured: () => loaded.config.database.path }, process.env, 0));
  if (dirname(database) !== dirname(SYSTEM_DB)) note(`note: the service writes ${database}: its user must be able to create and write files in ${dirname(database)}`);
  return {
    mode: opts.agent ? 'agent' : 'timer',
    cron,
    jitterSeconds: loaded.config.schedule?.jitterSeconds ?? 0,
    ...(opts.user !== undefined ? { user: opts.user } : {}),
    rawSockets: engine === 'nmap' || (engine === 'auto' && findNmap() !== null),
    node,
    bin,
    configPath: loaded.path === null ? null : resolve(loaded.path),
    database,
  };
}

export function systemctl(...args: string[]): void {
  try {
    execFileSync('systemctl', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    throw new RuntimeError(`systemctl ${args.join(' ')} failed: ${(err as Error).message}`, { cause: err });
  }
}

export function scheduleInstallCommand(opts: InstallOptions, globals: Globals): void {
  const options = unitOptions(opts, globals);
  const units = systemdUnits(options);
  const files = Object.entries(units).map(([name, text]) => ({ path: join(UNIT_DIR, name), text }));
  const next = nextRuns(options.cron, 1)[0];
  if (opts.dryRun) {
    for (const f of files) print(`# ${f.path}\n${f.text}`);
    if (!hasSystemd() && options.mode === 'timer') print(`# no systemd here; the /etc/cron.d/lanaudit line instead:\n${crontabLine(options)}`);
    return;
  }
  if (!hasSystemd()) {
    if (options.mode === 'agent') throw new RuntimeError('systemd is not running here: start `lanaudit agent` with your service manager instead');
    note('systemd is not running here, so nothing was installed. Put this line in /etc/cron.d/lanaudit instead:');
    print(crontabLine(options));
    return;
  }
  if (process.getuid?.() !== 0) throw new RuntimeError(`writing ${UNIT_DIR} needs root: run with sudo, or use --dry-run to see the units`);
  // Switching from a timer to the agent: the old timer must not start scans beside it.
  if (options.mode === 'agent' && existsSync(join(UNIT_DIR, TIMER))) {
    systemctl('disable', '--now', TIMER);
    unlinkSync(join(UNIT_DIR, TIMER));
  }
  for (const f of files) writeFileSync(f.path, f.text, { mode: 0o644 });
  systemctl('daemon-reload');
  systemctl('enable', '--now', options.mode === 'agent' ? SERVICE : TIMER);
  print(`Installed ${files.map((f) => f.path).join(' and ')}; ${options.mode === 'agent' ? 'the agent is running' : `next scan ${next?.toISOString() ?? 'unknown'}`}.`);
  print(`Logs: journalctl -u ${SERVICE}`);
}

export function scheduleRemoveCommand(opts: { readonly dryRun: boolean }): void {
  const present = [TIMER, SERVICE].filter((name) => existsSync(join(UNIT_DIR, name)));
  if (present.length === 0) {
    print(hasSystemd() ? 'No lanaudit units installed.' : 'systemd is not running here: remove the lanaudit line from /etc/cron.d/lanaudit or your crontab.');
    return;
  }
  if (opts.dryRun) {
    print(`Would stop and disable ${present.join(', ')} and delete ${present.map((n) => join(UNIT_DIR, n)).join(', ')}.`);
    return;
  }
  if (process.getuid?.() !== 0) throw new RuntimeError(`removing units from ${UNIT_DIR} needs root: run with sudo`);
  if (hasSystemd()) systemctl('disable', '--now', ...present);
  for (const name of present) unlinkSync(join(UNIT_DIR, name));
  if (hasSystemd()) systemctl('daemon-reload');
  print(`Removed ${present.join(' and ')}. The inventory in /var/lib/lanaudit is kept.`);
}

export function scheduleShowCommand(globals: Globals): void {
  const present = [SERVICE, TIMER].filter((name) => existsSync(join(UNIT_DIR, name)));
  if (present.length === 0) print(`No lanaudit units in ${UNIT_DIR}.`);
  for (const name of present) print(`# ${join(UNIT_DIR, name)}\n${readFileSync(join(UNIT_DIR, name), 'utf8')}`);
  const cron = scheduleCron(resolveConfig(globals.config).config.schedule);
  if (cron !== null) print(`Configured schedule: ${cron}; next run ${nextRuns(cron, 1)[0]?.toISOString() ?? 'never'}.`);
}
