import { checkUnitPaths, quote, sandbox, unitPath } from '../../agent/systemd-units.js';

export const SERVER_SERVICE = 'lanaudit-server.service';

export interface ServerUnitOptions {
  /** Absolute paths of node and of bin/lanaudit.js. */
  readonly node: string;
  readonly bin: string;
  /** The configuration file with the server: section (passed as a credential). */
  readonly configPath: string;
  /** Files the service reads through credentials, never from their root-only place. */
  readonly tls: { readonly cert: string; readonly key: string } | null;
  readonly pgFile: string | null;
  readonly port: number;
  /** A dedicated account; absent: a dynamic user. */
  readonly user?: string;
}

/**
 * The fleet server's unit, in the agent's sandbox: no capability (but binding a port below 1024),
 * IP and Unix sockets only, no writable file anywhere (the database is PostgreSQL). Secrets (the
 * configuration with its PostgreSQL URL, the TLS key, a pgFile) reach it as credentials.
 */
export function serverUnit(o: ServerUnitOptions): string {
  checkUnitPaths([
    ['node', o.node],
    ['lanaudit', o.bin],
    ['the configuration file', o.configPath],
    ['the TLS certificate', o.tls?.cert ?? null],
    ['the TLS key', o.tls?.key ?? null],
    ['the PostgreSQL URL file', o.pgFile],
  ]);
  // [credential name, file, the option that reads it]; the extension tells JSON from YAML.
  const credentials: [string, string, string][] = [[o.configPath.endsWith('.json') ? 'config.json' : 'config.yaml', o.configPath, '--config']];
  if (o.tls !== null) credentials.push(['tls.crt', o.tls.cert, '--tls-cert'], ['tls.key', o.tls.key, '--tls-key']);
  if (o.pgFile !== null) credentials.push(['pg', o.pgFile, '--pg-file']);
  // The credential directory is left unquoted on purpose: systemd expands it.
  const args = credentials.flatMap(([name, , flag]) => [flag, `\${CREDENTIALS_DIRECTORY}/${name}`]);
  const lines = [
    '[Unit]',
    'Description=lanaudit fleet server: site inventories in PostgreSQL (NDAA section 889, FAR 52.204-25)',
    'Wants=network-online.target',
    'After=network-online.target postgresql.service',
    '',
    '[Service]',
    'Type=exec',
    `ExecStart=${[o.node, o.bin, 'server'].map(quote).join(' ')} ${args.join(' ')}`,
    'Restart=on-failure',
    'RestartSec=10s',
    'TimeoutStopSec=30s',
    ...credentials.map(([name, path]) => `LoadCredential=${name}:${unitPath(path)}`),
    ...(o.user !== undefined ? [`User=${o.user}`] : ['DynamicUser=yes']),
    'UMask=0077',
    ...sandbox({ capabilities: o.port < 1024 ? ['CAP_NET_BIND_SERVICE'] : [], addressFamilies: ['AF_INET', 'AF_INET6', 'AF_UNIX'] }),
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ];
  return `${lines.join('\n')}\n`;
}
