import { type Command, Option } from 'commander';
import { registerServerUserCommands } from './server-users.js';

/**
 * `lanaudit server …`: the fleet server and its administration. The implementations load on use
 * (pg and hono stay out of every other command's start-up). --pg and --pg-file belong to `server`
 * and reach its subcommands through optsWithGlobals.
 */
export function registerServerCommands(program: Command): void {
  const server = program
    .command('server')
    .description('the fleet server: run it (foreground, for systemd), set up its database, enroll sites, record central decisions')
    .option('--pg <url>', 'PostgreSQL URL (default: $LANAUDIT_SERVER_PG, then server.pg / server.pgFile of the configuration); prefer those: a command line is visible to every user')
    .option('--pg-file <file>', 'a file holding the PostgreSQL URL')
    .option('--tls-cert <file>', 'certificate chain (PEM), instead of server.tls.cert')
    .option('--tls-key <file>', 'private key (PEM), instead of server.tls.key')
    .addOption(new Option('--log-level <level>', 'least severe level logged').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .action(async (opts, cmd: Command) => {
      const { serverRunCommand } = await import('./server-run.js');
      process.exitCode = await serverRunCommand(opts, cmd.optsWithGlobals());
    });

  server
    .command('init')
    .description('create or upgrade the database schema (numbered migrations, each in one transaction); writes nothing else')
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { serverInitCommand } = await import('./server-run.js');
      await serverInitCommand(opts, cmd.optsWithGlobals());
    });

  server
    .command('install')
    .description('write and start lanaudit-server.service (hardened like the agent; configuration, TLS key and pgFile as credentials)')
    .option('--user <name>', 'run as this existing account (default: a dynamic user allocated by systemd)')
    .option('--dry-run', 'print the unit instead of installing it', false)
    .action(async (opts, cmd: Command) => {
      const { serverInstallCommand } = await import('./server-run.js');
      serverInstallCommand(opts, cmd.optsWithGlobals());
    });

  const site = server.command('site').description('enroll sites and manage their tokens (a site token writes that site only)');
  const siteAction = (name: 'siteAddCommand' | 'siteRevokeCommand' | 'siteRotateCommand') => async (siteName: string, opts: { json?: boolean }, cmd: Command) => {
    const admin = await import('./server-admin.js');
    await admin[name](siteName, opts, cmd.optsWithGlobals());
  };
  site.command('add').description('enroll a site; prints its token once').argument('<name>', 'site name (letters, digits, . _ -)').option('--json', 'print JSON', false).action(siteAction('siteAddCommand'));
  site.command('rotate').description('a new token for the site; its older tokens are revoked').argument('<name>').option('--json', 'print JSON', false).action(siteAction('siteRotateCommand'));
  site.command('revoke').description('revoke every token of the site (its data stays)').argument('<name>').option('--json', 'print JSON', false).action(siteAction('siteRevokeCommand'));
  site.command('alerts').description("who sends the site's alerts: central (the server, one per device fleet-wide) or local (its agent)").argument('<name>').argument('<mode>', 'central or local').option('--json', 'print JSON', false).action(async (siteName: string, mode: string, opts: { json?: boolean }, cmd: Command) => (await import('./server-admin.js')).siteAlertsCommand(siteName, mode, opts, cmd.optsWithGlobals()));
  site
    .command('list')
    .description('sites: created, last sync, tokens in force (never a token), who sends their alerts')
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { siteListCommand } = await import('./server-admin.js');
      await siteListCommand(opts, cmd.optsWithGlobals());
    });

  const token = server.command('token').description('read tokens, for fleet queries and scripts');
  const tokenAction = (name: 'tokenAddCommand' | 'tokenRevokeCommand') => async (tokenName: string, opts: { json?: boolean }, cmd: Command) => {
    const admin = await import('./server-admin.js');
    await admin[name](tokenName, opts, cmd.optsWithGlobals());
  };
  token.command('add').description('a new read token; printed once').argument('<name>', 'what or who it is for').option('--json', 'print JSON', false).action(tokenAction('tokenAddCommand'));
  token.command('revoke').description('revoke the read token of this name').argument('<name>').option('--json', 'print JSON', false).action(tokenAction('tokenRevokeCommand'));
  token
    .command('list')
    .description('read tokens: created, last used, revoked (never a token)')
    .option('--json', 'print JSON', false)
    .action(async (opts, cmd: Command) => {
      const { tokenListCommand } = await import('./server-admin.js');
      await tokenListCommand(opts, cmd.optsWithGlobals());
    });

  server
    .command('triage')
    .description('record a decision about a site\'s device centrally; the site applies it on its next sync')
    .argument('<site>', 'site name')
    .argument('<device-id>', "the site's device id (as fleet devices shows it)")
    .addOption(new Option('--status <status>', 'the decision').choices(['acknowledged', 'waiver', 'false-positive', 'removed', 'open']).makeOptionMandatory())
    .requiredOption('--note <text>', 'why: kept with the decision')
    .option('--until <date>', 'waiver end (ISO 8601; a date alone means the end of that day, UTC)')
    .option('--by <name>', 'who decided (default: $SUDO_USER, else the OS user)')
    .option('--json', 'print JSON', false)
    .action(async (siteName: string, device: string, opts, cmd: Command) => {
      const { serverTriageCommand } = await import('./server-admin.js');
      await serverTriageCommand(siteName, device, opts, cmd.optsWithGlobals());
    });

  registerServerUserCommands(server);
}
