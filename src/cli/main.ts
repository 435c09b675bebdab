import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { RuntimeError, UsageError } from '../util/errors.js';
import { registerServerCommands } from './commands/server.js';

export { installLastResort } from './last-resort.js';

const EXIT_OK = 0;
const EXIT_RUNTIME = 1;
const EXIT_USAGE = 2;

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const EXAMPLES = `
Examples:
  sudo lanaudit scan                          scan this host's attached private subnets
  lanaudit scan 10.0.0.0/24 --exclude 10.0.0.1  scan one subnet, skipping the gateway
  lanaudit scan 192.168.1.1-50 --engine native  TCP connects + neighbour table, no root needed
  lanaudit devices --flagged                  covered equipment found so far
  lanaudit show 58:50:ed:1f:e3:85             one device: verdict, evidence, history
  lanaudit changes                            what the last scan found new, gone or changed
  lanaudit triage 10.0.0.23 --status waiver --until 2027-03-31 --note "waiver W-12"
  lanaudit devices --flagged --open           flagged devices that still need action
  lanaudit report --format csv -o flagged.csv --flagged
  lanaudit oui 58:50:ed:1f:e3:85              who registered this MAC prefix
  lanaudit prune --dry-run                    what the configured retention would delete

Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 covered equipment present (scan --fail-on-flagged).
Data: --db FILE, else LANAUDIT_DB, else the configuration's database.path; default /var/lib/lanaudit/inventory.db
as root, else ~/.local/share/lanaudit/inventory.db. Retention (lanaudit prune) keeps what every verdict rests on.`;

function positiveInt(name: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got "${text}"`);
    return n;
  };
}

function portList(text: string): number[] {
  return text.split(',').map((p) => {
    const n = Number(p.trim());
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--ports: "${p}" is not a TCP port (1-65535)`);
    return n;
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').filter(Boolean)];
}

export function buildProgram(): Command {
  const program = new Command('lanaudit')
    .description('Find every device on a LAN, name its maker, and flag equipment covered by NDAA §889 / FAR 52.204-25.')
    .version(version, '-V, --version')
    .option('--db <file>', 'inventory database (default: $LANAUDIT_DB, the config database.path, /var/lib/lanaudit/inventory.db as root, else XDG data dir)')
    .option('--config <file>', 'configuration file (default: $LANAUDIT_CONFIG, else /etc/lanaudit/config.{yaml,yml,json} if present)')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run lanaudit --help for usage)')
    .exitOverride();

  program
    .command('scan')
    .description('discover devices, identify their makers and store the results')
    .argument('[targets...]', 'CIDRs, ranges (10.0.0.1-50, 10.0.0.1-10.0.1.20) or addresses; default: attached private subnets')
    .option('-x, --exclude <targets>', 'targets to skip (repeatable, comma-separated)', collect, [])
    .addOption(new Option('--engine <engine>', 'discovery engine').choices(['auto', 'native', 'nmap']).default('auto'))
    .option('--deep', 'nmap engine: add service/version detection (-sV)', false)
    .option('--ports <list>', 'TCP ports to try (comma-separated)', portList)
    .option('--timeout <ms>', 'per-connection timeout in ms', positiveInt('--timeout'), 1000)
    .option('--concurrency <n>', 'connection attempts in flight at once', positiveInt('--concurrency'), 256)
    .option('--rate <pps>', 'cap on new probes per second', positiveInt('--rate'), 2000)
    .option('--max-hosts <n>', 'refuse scopes larger than this', positiveInt('--max-hosts'), 65536)
    .option('--allow-public', 'allow addresses outside private ranges', false)
    .option('--link-local', 'with no targets, include attached 169.254.0.0/16 subnets', false)
    .option('--no-probes', 'discovery only: skip banners, SNMP, mDNS, SSDP, ONVIF, SADP and DHIP')
    .option('--probe-timeout <ms>', 'per identification exchange, and the multicast listening window', positiveInt('--probe-timeout'), 2000)
    .option('--fail-on-flagged', 'exit with code 3 when covered equipment is present', false)
    .option('--json', 'print the scan result as JSON', false)
    .option('--wait [seconds]', 'when another scan is running on the inventory, wait for it (default: refuse; no limit without seconds)')
    .addHelpText('after', '\nSettings come from the configuration file when there is one; options given here win.')
    .action(async (targets: string[], opts, cmd: Command) => {
      const { scanCommand } = await import('./commands/scan.js');
      process.exitCode = await scanCommand(targets, opts, cmd.optsWithGlobals(), (key) => cmd.getOptionValueSource(key) === 'cli');
    });

  program
    .command('devices')
    .description('list devices in the inventory')
    .option('--flagged', 'only covered equipment', false)
    .option('--open', 'only flagged devices that still need action (not acknowledged, waived or a false positive)', false)
    .addOption(new Option('--status <status>', 'only this status').choices(['covered', 'review', 'clear']))
    .option('--vendor <name>', 'manufacturer or covered entity contains this (case-insensitive)')
    .option('--name <text>', 'the name shown (NAME column: DNS, NetBIOS, mDNS, SNMP or UPnP) contains this (case-insensitive)')
    .option('--since <date>', 'last seen at or after this date/time (ISO 8601)')
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { devicesCommand } = await import('./commands/devices.js');
      await devicesCommand(opts, cmd.optsWithGlobals());
    });

  program
    .command('show')
    .description('one device: verdict, evidence, addresses and history')
    .argument('<device>', 'MAC (any notation) or IPv4 address')
    .option('--json', 'print JSON', false)
    .action(async (key: string, opts, cmd: Command) => {
      const { showCommand } = await import('./commands/show.js');
      await showCommand(key, opts, cmd.optsWithGlobals());
    });

  program
    .command('changes')
    .description('what changed between scans: new, gone, changed and reappeared devices (default: the last compared scan)')
    .option('--since <when>', 'a date/time (ISO 8601), or a scan id: the changes found by later scans')
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { changesCommand } = await import('./commands/changes.js');
      await changesCommand(opts, cmd.optsWithGlobals());
    });

  program
    .command('triage')
    .description('record a decision about a flagged device; the history of decisions is kept')
    .argument('<device>', 'MAC (any notation) or IPv4 address')
    .addOption(
      new Option('--status <status>', 'the decision (open undoes one)')
        .choices(['acknowledged', 'waiver', 'false-positive', 'removed', 'open'])
        .makeOptionMandatory(),
    )
    .requiredOption('--note <text>', 'why: kept with the decision')
    .option('--until <date>', 'waiver end (ISO 8601; a date alone means the end of that day, UTC)')
    .option('--by <name>', 'who decided (default: $SUDO_USER, else the OS user)')
    .option('--json', 'print JSON', false)
    .action(async (key: string, opts, cmd: Command) => {
      const { triageCommand } = await import('./commands/triage.js');
      await triageCommand(key, opts, cmd.optsWithGlobals());
    });

  program
    .command('report')
    .description('export the inventory or the flagged devices (JSON, CSV, HTML, Markdown, FAR 52.204-25(d), CycloneDX)')
    .addOption(
      new Option('--format <format>', 'json, csv, html, md, far (Markdown, or HTML when -o ends in .html), far-md, far-html, cyclonedx')
        .choices(['json', 'csv', 'html', 'md', 'far', 'far-md', 'far-html', 'cyclonedx'])
        .default('json'),
    )
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--flagged', 'only covered equipment', false)
    .option('--since <date>', 'only devices last seen at or after this date/time (ISO 8601)')
    .option('--org <name>', 'organization named in the report header')
    .option('--site <name>', 'site named in the report header')
    .option('--contact <text>', 'point of contact for the report')
    .option('--contract <number>', 'contract number (FAR report)')
    .option('--order <number>', 'order number (FAR report; repeatable, comma-separated)', collect, [])
    .option('--supplier <name>', 'supplier name in the FAR report (default: --org)')
    .option('--uei <id>', 'supplier unique entity identifier (SAM UEI)')
    .option('--cage <code>', 'supplier CAGE code')
    .option('--clause <clause>', 'FAR clause the report answers (default 52.204-25(d))')
    .option('--far-initial <deadline>', 'time to the first FAR report: 1bd (business days), 72h, 30d (default 1bd)')
    .option('--far-followup <deadline>', "time from the first report to the follow-up, or 'none' (default 10bd)")
    .action(async (opts, cmd: Command) => {
      const { reportCommand } = await import('./commands/report.js');
      await reportCommand(opts, cmd.optsWithGlobals());
    });

  const oui = program
    .command('oui')
    .description('look up who registered MAC prefixes, and whether that is a covered entity')
    .argument('<mac...>', 'MAC addresses or prefixes')
    .option('--json', 'print JSON', false)
    .action(async (macs: string[], opts) => {
      const { ouiCommand } = await import('./commands/oui.js');
      ouiCommand(macs, opts);
    });
  oui
    .command('update')
    .description('load the IEEE registry from its CSV files (oui.csv, mam.csv, oui36.csv) downloaded into a folder, for air-gapped sites')
    .requiredOption('--from <dir>', 'folder holding oui.csv (MA-L), mam.csv (MA-M) and oui36.csv (MA-S)')
    .option('--date <YYYY-MM-DD>', "the registry's date (default: the date of the newest file)")
    .option('--json', 'print JSON', false)
    .action(async (opts) => {
      const { ouiUpdateCommand } = await import('./commands/oui.js');
      await ouiUpdateCommand(opts);
    });

  program
    .command('agent')
    .description('run in the foreground and scan on the configured schedule (for systemd); logs JSON lines unless on a terminal')
    .option('--once', 'run one scheduled scan now and exit (0 when it completed)', false)
    .addOption(new Option('--log-level <level>', 'least severe level logged').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .action(async (opts, cmd: Command) => {
      const { agentCommand } = await import('./commands/agent.js');
      process.exitCode = await agentCommand(opts, cmd.optsWithGlobals());
    });

  program
    .command('status')
    .description('recent scans, a scan running now, the next scheduled run and alert delivery')
    .option('--scans <n>', 'how many recent scans to list', positiveInt('--scans'), 10)
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { statusCommand } = await import('./commands/status.js');
      await statusCommand(opts, cmd.optsWithGlobals());
    });

  program
    .command('sync')
    .description('push what changed to the fleet server now (config fleet:), and apply the decisions made there')
    .option('--json', 'print JSON', false)
    .option('--resend-all', 'send the whole inventory again, after the server\'s position (a server that lost this site\'s batches)', false)
    .action(async (opts, cmd: Command) => {
      const { syncCommand } = await import('./commands/sync.js');
      process.exitCode = await syncCommand(opts, cmd.optsWithGlobals());
    });

  const fleet = program
    .command('fleet')
    .description('ask the fleet server (lanaudit server) about every site: devices, one device, changes, site health, reports')
    .option('--server <url>', "the fleet server's URL, https://HOST:PORT (default: the configuration's fleet.url)")
    .option('--token <token>', 'a read token (default: $LANAUDIT_FLEET_TOKEN)')
    .option('--ca <file>', "PEM CA certificate(s) of the server (default: the configuration's fleet.caFile, else the system's)");
  fleet
    .command('devices')
    .description('list the fleet\'s devices (newest first), filtered on the server')
    .option('--site <name>', 'only this site')
    .option('--flagged', 'only covered equipment', false)
    .option('--open', 'only flagged devices that still need action (triage open)', false)
    .addOption(new Option('--status <status>', 'only this status').choices(['covered', 'review', 'clear', 'unidentified']))
    .option('--vendor <name>', 'manufacturer, its name or the brand contains this (case-insensitive)')
    .option('--name <text>', 'the name shown contains this (case-insensitive)')
    .option('--ip <address>', 'at this IPv4 address, or in this CIDR block')
    .option('--mac <mac>', 'with this MAC (any notation)')
    .addOption(new Option('--triage <status>', 'triage in force').choices(['open', 'acknowledged', 'waiver', 'false-positive', 'removed']))
    .option('--since <date>', 'last seen at or after this date/time (ISO 8601)')
    .addOption(new Option('--sort <key>', 'order').choices(['last_seen', 'status', 'ip', 'site']))
    .option('--limit <n>', 'at most this many devices (default: 1,000 in the table, all with --json)', positiveInt('--limit'))
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { fleetDevicesCommand } = await import('./commands/fleet.js');
      await fleetDevicesCommand(opts, cmd.optsWithGlobals());
    });
  fleet
    .command('show')
    .description('one device of a site: verdict, evidence, addresses, MACs, changes and triage history')
    .argument('<site>', 'the site name')
    .argument('<device>', "the site's device id, or its IPv4 address or MAC there")
    .option('--json', 'print JSON', false)
    .action(async (site: string, key: string, opts, cmd: Command) => {
      const { fleetShowCommand } = await import('./commands/fleet.js');
      await fleetShowCommand(site, key, opts, cmd.optsWithGlobals());
    });
  fleet
    .command('changes')
    .description('what changed across the fleet, newest first')
    .option('--site <name>', 'only this site')
    .option('--since <date>', 'at or after this date/time (ISO 8601)')
    .addOption(new Option('--type <type>', 'only this kind of change').choices(['new', 'gone', 'changed', 'reappeared']))
    .option('--limit <n>', 'at most this many changes (default 1,000)', positiveInt('--limit'))
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { fleetChangesCommand } = await import('./commands/fleet.js');
      await fleetChangesCommand(opts, cmd.optsWithGlobals());
    });
  fleet
    .command('status')
    .description('per site: last sync, last complete scan, agent version, lag, stale, failed pushes')
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { fleetStatusCommand } = await import('./commands/fleet.js');
      await fleetStatusCommand(opts, cmd.optsWithGlobals());
    });
  fleet
    .command('report')
    .description('one report across the fleet (or --site): a site column, per-site counts, one FAR report across sites')
    .addOption(
      new Option('--format <format>', 'json, csv, html, md, far (Markdown, or HTML when -o ends in .html), far-md, far-html, cyclonedx')
        .choices(['json', 'csv', 'html', 'md', 'far', 'far-md', 'far-html', 'cyclonedx'])
        .default('json'),
    )
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--site <name>', 'only this site')
    .option('--flagged', 'only covered equipment', false)
    .option('--since <date>', 'only devices last seen at or after this date/time (ISO 8601)')
    .option('--org <name>', 'organization (default: the server\'s report facts)')
    .option('--contact <text>', 'point of contact')
    .option('--contract <number>', 'contract number (FAR report)')
    .option('--order <number>', 'order number (FAR report; repeatable, comma-separated)', collect, [])
    .option('--supplier <name>', 'supplier name in the FAR report')
    .option('--uei <id>', 'supplier unique entity identifier (SAM UEI)')
    .option('--cage <code>', 'supplier CAGE code')
    .action(async (opts, cmd: Command) => {
      const { fleetReportCommand } = await import('./commands/fleet.js');
      await fleetReportCommand(opts, cmd.optsWithGlobals());
    });

  program
    .command('prune')
    .description('delete old observations and scans as retention allows; what a verdict rests on is always kept')
    .option('--dry-run', 'count what would be deleted, delete nothing', false)
    .option('--keep-scans <n>', 'keep this many newest scans (default: retention.keepScans)', positiveInt('--keep-scans'))
    .option('--keep-days <n>', 'delete observations older than this many days (default: retention.keepObservationsDays)', positiveInt('--keep-days'))
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { pruneCommand } = await import('./commands/prune.js');
      await pruneCommand(opts, cmd.optsWithGlobals());
    });

  const schedule = program.command('schedule').description('install, show or remove the systemd units that scan on a schedule');
  schedule
    .command('install')
    .description('write lanaudit.service + lanaudit.timer (a scan per run), or with --agent the agent service, and enable them')
    .option('--every <period>', 'run every 15m, 1h, 6h, 1d … (default: the configuration\'s schedule)')
    .option('--cron <expr>', 'run on this five-field cron pattern')
    .option('--user <name>', 'run as this existing account (default: a dynamic user allocated by systemd)')
    .option('--agent', 'install the long-running agent service instead of a timer (schedule from the configuration)', false)
    .option('--dry-run', 'print the units instead of installing them', false)
    .action(async (opts, cmd: Command) => {
      const { scheduleInstallCommand } = await import('./commands/schedule.js');
      scheduleInstallCommand(opts, cmd.optsWithGlobals());
    });
  schedule
    .command('remove')
    .description('stop, disable and delete the lanaudit units (the inventory is kept)')
    .option('--dry-run', 'say what would be removed', false)
    .action(async (opts) => {
      const { scheduleRemoveCommand } = await import('./commands/schedule.js');
      scheduleRemoveCommand(opts);
    });
  schedule
    .command('show')
    .description('print the installed units and the next configured run')
    .action(async (_opts, cmd: Command) => {
      const { scheduleShowCommand } = await import('./commands/schedule.js');
      scheduleShowCommand(cmd.optsWithGlobals());
    });

  const config = program.command('config').description('check the configuration file, or print a starting one');
  config
    .command('check')
    .description('validate the configuration and print it with secrets redacted')
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { configCheckCommand } = await import('./commands/config.js');
      configCheckCommand(opts, cmd.optsWithGlobals());
    });
  config
    .command('example')
    .description('print a commented starting configuration (YAML)')
    .action(async () => {
      const { configExampleCommand } = await import('./commands/config.js');
      configExampleCommand();
    });

  program
    .command('identify')
    .description('identify devices from observations given as JSON Lines (offline: no network, no inventory)')
    .argument('[file]', 'JSON Lines file of {"device","kind","value"[,"ip","mac","port"]}; "-" or none reads standard input')
    .option('--unsorted', 'input is not grouped by device: hold every device until the end (memory grows with the input)', false)
    .action(async (file: string | undefined, opts) => {
      const { identifyCommand } = await import('./commands/identify.js');
      process.exitCode = await identifyCommand(file, opts);
    });

  program
    .command('reidentify')
    .description('apply the current fingerprint rules to every device in the inventory, without rescanning')
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { reidentifyCommand } = await import('./commands/reidentify.js');
      await reidentifyCommand(opts, cmd.optsWithGlobals());
    });

  program
    .command('import')
    .description('load an nmap XML scan (-oX) into the inventory as a scan, then identify its devices')
    .argument('<file>', 'nmap XML output')
    .option('--json', 'print JSON', false)
    .action(async (file: string, opts, cmd: Command) => {
      const { importCommand } = await import('./commands/import.js');
      await importCommand(file, opts, cmd.optsWithGlobals());
    });

  registerServerCommands(program);


  return program;
}

/** Runs the CLI and returns the exit code; the only place errors become exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`lanaudit: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof RuntimeError) {
      process.stderr.write(`lanaudit: ${err.message}\n`);
      return EXIT_RUNTIME;
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`lanaudit: internal error (this is a bug, please report it):\n${detail}\n`);
    return EXIT_RUNTIME;
  }
}
