import { Agent } from '../../agent/agent.js';
import { configSecrets, secretScrubber } from '../../config/redact.js';
import { resolveConfig } from '../../config/load.js';
import { Inventory } from '../../inventory/inventory.js';
import { createLogger, type LogLevel } from '../../util/log.js';
import { dbPath, type GlobalOptions } from '../context.js';
import { witnessCrash } from '../last-resort.js';
import { stopOnSignals } from '../stop-signals.js';

interface AgentCommandOptions {
  readonly once: boolean;
  readonly logLevel: LogLevel;
}

/**
 * `lanaudit agent`: foreground, for systemd. SIGTERM/SIGINT stop the running scan (stored as
 * interrupted), close the inventory and exit 0. With --once: one scheduled scan, then exit
 * (0 when it completed).
 */
export async function agentCommand(opts: AgentCommandOptions, globals: GlobalOptions): Promise<number> {
  const loaded = resolveConfig(globals.config);
  const scrub = secretScrubber(configSecrets(loaded.config));
  const log = createLogger({ level: opts.logLevel, scrub });
  for (const warning of loaded.warnings) log.warn(warning);
  const cron = opts.once ? null : Agent.schedule(loaded.config);
  const database = dbPath(globals, loaded.config);

  const stopping = stopOnSignals(log);
  const inventory = Inventory.open(database);
  const unwitness = witnessCrash({
    scrub,
    record: (message) => {
      log.error('the agent crashed: a bug, please report it; the running scan is stored as interrupted', { error: message });
      inventory.scans.interruptOwn(`interrupted: ${message.slice(0, 2000)}`);
    },
  });
  try {
    log.info('configuration', { path: loaded.path ?? '(none: defaults)', database });
    const agent = new Agent({ config: loaded.config, inventory, log, signal: stopping.signal });
    if (cron === null) {
      const outcome = await (agent.tick() ?? Promise.resolve({ kind: 'failed' as const, error: 'bug: a scan was already running' }));
      return outcome.kind === 'stopped' || (outcome.kind === 'scanned' && (outcome.result.status === 'complete' || stopping.signal.aborted)) ? 0 : 1;
    }
    await agent.run(cron);
    return 0;
  } finally {
    unwitness();
    inventory.close();
    log.info('agent stopped; inventory closed');
    stopping.dispose();
  }
}
