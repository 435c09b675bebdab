import { dirname, extname } from 'node:path';
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

/** systemd units that run lanaudit with the least it needs: its own state directory, raw sockets only for nmap. */
export function systemdUnits(o: UnitOptions): Units {
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
    `Environment=LANAUDIT_DB=${o.database}`,
    // The system is read-only to the service: an inventory elsewhere needs its directory opened.
    ...(dirname(o.database) === dirname(SYSTEM_DB) ? [] : [`ReadWritePaths=${dirname(o.database)}`]),
    // Root-only secrets reach the service user through a credential, never a world-readable copy.
    ...(o.configPath !== null ? [`LoadCredential=${credentialName(o.configPath)}:${o.configPath}`] : []),
    ...(o.user !== undefined ? [`User=${o.user}`] : ['DynamicUser=yes']),
    'StateDirectory=lanaudit',
    'StateDirectoryMode=0700',
    'UMask=0077',
    ...(o.rawSockets ? ['AmbientCapabilities=CAP_NET_RAW', 'CapabilityBoundingSet=CAP_NET_RAW'] : ['CapabilityBoundingSet=']),
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
    'RestrictAddressFamilies=AF_INET AF_INET6 AF_NETLINK AF_UNIX AF_PACKET',
  ];
  if (o.mode === 'agent') lines.push('', '[Install]', 'WantedBy=multi-user.target');
  return `${lines.join('\n')}\n`;
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
  const args = [o.node, o.bin, 'scan', ...(o.configPath !== null ? ['--config', o.configPath] : [])].map(shellWord).join(' ');
  // cron mails output; the scan's summary is short, and errors are what an admin wants to see.
  return `${o.cron} ${o.user ?? 'root'} LANAUDIT_DB=${shellWord(o.database)} ${args} >/dev/null`;
}

/** Quotes a word for a systemd command line, where $ and % are expansions. */
function quote(word: string): string {
  return /^[\w@+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\])/g, '\\$1').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;
}

/** A word for a crontab command: single-quoted when needed, and % (a newline to cron) escaped. */
function shellWord(word: string): string {
  const quoted = /^[\w@+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
  return quoted.replace(/%/g, '\\%');
}
