import { stringify } from 'yaml';
import { EXAMPLE_CONFIG } from '../../config/example.js';
import { resolveConfig, SYSTEM_CONFIG_PATHS } from '../../config/load.js';
import { redactConfig } from '../../config/redact.js';
import { scheduleCron } from '../../config/schema.js';
import { nextRuns } from '../../config/schedule.js';
import { print, printJson } from '../terminal.js';

interface CheckOptions {
  readonly json: boolean;
}

/** Validates the configuration in effect and prints it with every secret replaced by "***". */
export function configCheckCommand(opts: CheckOptions, globals: { readonly config?: string }): void {
  const loaded = resolveConfig(globals.config);
  for (const warning of loaded.warnings) process.stderr.write(`warning: ${warning}\n`);
  const redacted = redactConfig(loaded.config);
  const cron = scheduleCron(loaded.config.schedule);
  const next = cron === null ? null : (nextRuns(cron, 1)[0]?.toISOString() ?? null);
  if (opts.json) {
    printJson({ path: loaded.path, valid: true, warnings: loaded.warnings, nextScheduledRun: next, config: redacted });
    return;
  }
  print(loaded.path === null ? `No configuration file (looked for ${SYSTEM_CONFIG_PATHS.join(', ')}): the defaults below apply.` : `${loaded.path}: valid.`);
  if (cron !== null) print(`Schedule: ${cron}${next === null ? '' : `, next run ${next}`}`);
  print('');
  print(stringify(redacted).trimEnd());
}

export function configExampleCommand(): void {
  process.stdout.write(EXAMPLE_CONFIG);
}
