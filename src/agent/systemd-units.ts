import { dirname, extname, isAbsolute } from 'node:path';
import { UsageError } from '../util/errors.js';
import { plainText } from '../util/safe-text.js';
import { cronToOnCalendar } from './on-calendar.js';

export const UNIT_DIR = '/etc/systemd/system';
export const SERVICE = 'lanaudit.service';
export const TIMER = 'lanaudit.timer';
export const SYSTEM_DB = '/var/lib/lanaudit/inventory.db';

export interface UnitOptions {
  /** 'timer': a oneshot `lanaudit scan` started by a timer; 'agent': the long-running `lanaudit agent`. */
  readonly mode: 'timer' | 'agent';
  /** Five-field cron pattern (timer mode). */
  readonly cron: string;
  readonly jitterSeconds: number;
  /** A dedicated account; absent: systemd allocates one per run (DynamicUser=). */
  readonly user?: string;
  /** The nmap engine is configured: grant raw sockets (ARP, ICMP) and nothing else. */
  readonly rawSockets: boolean;
  /** Absolute paths of node and of bin/lanaudit.js. */
  readonly node: string;
  readonly bin: string;
  /** The configuration file, passed to the service as a credential; null: defaults. */
  readonly configPath: string | null;
  /** The inventory the service writes (absolute): SYSTEM_DB unless --db, LANAUDIT_DB or database.path say otherwise. */
  readonly database: string;
}

export interface Units {
  readonly [SERVICE]: string;
  readonly [TIMER]?: string;
}

/**
 * Directories whose write access would undo ProtectSystem=strict (or reach every user's files):
 * an inventory directly in one of them is refused rather than opened with ReadWritePaths=.
 */
const SYSTEM_DIRS = new Set(['/', '/bin', '/boot', '/dev', '/efi', '/etc', '/home', '/lib', '/lib64', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/var', '/var/lib']);

/**
 * Refuses paths that would change a unit's or cron line's meaning: a control character ends the
 * line and starts a new setting (a config file named "x\nExecStartPre=+/tmp/pwn.sh" would run as
 * root). One list for both syntaxes: nothing either splits on, quotes or expands besides % (escaped).
 */
function checkPaths(o: Pick<UnitOptions, 'node' | 'bin' | 'configPath' | 'database'>): void {
  checkUnitPaths([
    ['node', o.node],
    ['lanaudit', o.bin],
    ['the configuration file', o.configPath],
    ['the inventory', o.database],
  ]);
}

/** Each [what, path] must be absolute and need no quoting in a unit or cron line (see checkPaths). */
export function checkUnitPaths(paths: readonly (readonly [string, string | null])[]): void {
  for (const [what, path] of paths) {
    if (path === null) continue;
    if (!isAbsolute(path)) throw new UsageError(`${what} path "${plainText(path)}" is not absolute: a unit needs absolute paths`);
    if (!/^[\w@+=:,./%-]+$/.test(path)) {
      throw new UsageError(`${what} path "${plainText(path)}" has characters a unit file or cron line would need quoted (white space, control characters, quotes, $ or \\): choose a simpler path`);
    }
  }
}

/** Write access to a system directory would undo ProtectSystem=strict. */
function checkDatabaseDir(database: string): void {
  if (SYSTEM_DIRS.has(dirname(database))) {
    throw new UsageError(`the inventory ${database} is directly in ${dirname(database)}: the service would need write access to all of it (ReadWritePaths=${dirname(database)}); put it in a directory of its own, e.g. /var/lib/lanaudit`);
  }
}

/** A path as a unit setting's value: % starts a specifier, so it is doubled. */
export const unitPath = (path: string): string => path.replace(/%/g, '%%');

/** systemd units that run lanaudit with the least it needs: its own state directory, raw sockets only for nmap. */
export function systemdUnits(o: UnitOptions): Units {
  checkPaths(o);
  checkDatabaseDir(o.database);
  const service = serviceUnit(o);
  return o.mode === 'agent' ? { [SERVICE]: service } : { [SERVICE]: service, [TIMER]: timerUnit(o) };
}

/** The credential name the configuration travels under: its extension decides JSON or YAML. */
function credentialName(configPath: string): string {
  return `config${extname(configPath).toLowerCase() === '.json' ? '.json' : '.yaml'}`;
}

function command(o: UnitOptions): string {
  const words = [o.node, o.bin, o.mode === 'agent' ? 'agent' : 'scan'].map(quote);
  // Left unquoted on purpose: systemd expands it to the service's credential directory.
  if (o.configPath !== null) words.push('--config', `\${CREDENTIALS_DIRECTORY}/${credentialName(o.configPath)}`);
  return words.join(' ');
}

function serviceUnit(o: UnitOptions): string {
  const lines = [
    '[Unit]',
    `Description=${o.mode === 'agent' ? 'lanaudit agent: scheduled network asset scans' : 'lanaudit network asset scan'} (NDAA section 889, FAR 52.204-25)`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    o.mode === 'agent' ? 'Type=exec' : 'Type=oneshot',
    `ExecStart=${command(o)}`,
    ...(o.mode === 'agent' ? ['Restart=on-failure', 'RestartSec=30s', 'TimeoutStopSec=60s'] : []),
    `Environment=LANAUDIT_DB=${unitPath(o.database)}`,
    // The system is read-only to the service: an inventory elsewhere needs its directory opened.
    ...(dirname(o.database) === dirname(SYSTEM_DB) ? [] : [`ReadWritePaths=${unitPath(dirname(o.database))}`]),
    // Root-only secrets reach the service user through a credential, never a world-readable copy.
    ...(o.configPath !== null ? [`LoadCredential=${credentialName(o.configPath)}:${unitPath(o.configPath)}`] : []),
    ...(o.user !== undefined ? [`User=${o.user}`] : ['DynamicUser=yes']),
    'StateDirectory=lanaudit',
    'StateDirectoryMode=0700',
    'UMask=0077',
    ...sandbox({ capabilities: o.rawSockets ? ['CAP_NET_RAW'] : [], addressFamilies: ['AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_UNIX', 'AF_PACKET'] }),
  ];
  if (o.mode === 'agent') lines.push('', '[Install]', 'WantedBy=multi-user.target');
  return `${lines.join('\n')}\n`;
}

/**
 * The sandbox of every lanaudit service (the agent's and the fleet server's): only these
 * capabilities and address families, and none of the rest of the system.
 */
export function sandbox(o: { readonly capabilities: readonly string[]; readonly addressFamilies: readonly string[] }): string[] {
  return [
    ...(o.capabilities.length > 0 ? [`AmbientCapabilities=${o.capabilities.join(' ')}`, `CapabilityBoundingSet=${o.capabilities.join(' ')}`] : ['CapabilityBoundingSet=']),
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'ProtectHome=yes',
    'PrivateTmp=yes',
    'PrivateDevices=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'ProtectClock=yes',
    'ProtectHostname=yes',
    'RestrictNamespaces=yes',
    'RestrictRealtime=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'SystemCallArchitectures=native',
    // The usual service system calls only; others fail with EPERM instead of killing the process
    // (libuv probes io_uring and falls back when it is refused).
    'SystemCallFilter=@system-service',
    'SystemCallErrorNumber=EPERM',
    `RestrictAddressFamilies=${o.addressFamilies.join(' ')}`,
  ];
}

function timerUnit(o: UnitOptions): string {
  const lines = [
    '[Unit]',
    `Description=Run the lanaudit scan on a schedule (cron: ${o.cron})`,
    '',
    '[Timer]',
    `OnCalendar=${cronToOnCalendar(o.cron)}`,
    ...(o.jitterSeconds > 0 ? [`RandomizedDelaySec=${o.jitterSeconds}s`] : []),
    // A run missed while the machine was off happens at the next boot.
    'Persistent=true',
    `Unit=${SERVICE}`,
    '',
    '[Install]',
    'WantedBy=timers.target',
  ];
  return `${lines.join('\n')}\n`;
}

/** For hosts without systemd: one /etc/cron.d line (with its user field) running the same scan. */
export function crontabLine(o: Pick<UnitOptions, 'cron' | 'node' | 'bin' | 'configPath' | 'user' | 'database'>): string {
  checkPaths(o);
  const args = [o.node, o.bin, 'scan', ...(o.configPath !== null ? ['--config', o.configPath] : [])].map(shellWord).join(' ');
  // cron mails output; the scan's summary is short, and errors are what an admin wants to see.
  return `${o.cron} ${o.user ?? 'root'} LANAUDIT_DB=${shellWord(o.database)} ${args} >/dev/null`;
}

/** Quotes a word for a systemd command line, where $ and % are expansions. */
export function quote(word: string): string {
  return /^[\w@+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\])/g, '\\$1').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;
}

/** A word for a crontab command: single-quoted when needed, and % (a newline to cron) escaped. */
function shellWord(word: string): string {
  const quoted = /^[\w@+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
  return quoted.replace(/%/g, '\\%');
}
