import type { ScanSettings } from '../../agent/scan-job.js';
import { followUpScan } from '../../agent/follow-up.js';
import { planScan, runScanJob } from '../../agent/scan-job.js';
import { configSecrets, secretScrubber } from '../../config/redact.js';
import { resolveConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import type { EngineName } from '../../discovery/engine.js';
import type { AfterScanResult } from '../../pipeline/after-scan.js';
import type { InfrastructureDevice } from '../../infrastructure/read-infrastructure.js';
import { toReportDevice } from '../../report/report-device.js';
import { ScanBusyError } from '../../inventory/scan-lock.js';
import { RuntimeError, UsageError } from '../../util/errors.js';
import { createLogger } from '../../util/log.js';
import type { Inventory } from '../../inventory/inventory.js';
import { type GlobalOptions, withInventory } from '../context.js';
import { witnessCrash } from '../last-resort.js';
import { deviceTable, reasonOf } from '../device-table.js';
import { createScanProgress, wantsProgress } from '../progress.js';
import { paint, print, printJson } from '../terminal.js';
import { plainText } from '../../util/safe-text.js';
import { parseIpv4 } from '../../scope/index.js';

export const EXIT_FLAGGED = 3;

interface ScanOptions {
  readonly exclude: string[];
  readonly engine: 'auto' | EngineName;
  readonly deep: boolean;
  readonly ports?: number[];
  readonly timeout: number;
  readonly concurrency: number;
  readonly rate: number;
  readonly maxHosts: number;
  readonly allowPublic: boolean;
  readonly linkLocal: boolean;
  readonly probes: boolean;
  readonly probeTimeout: number;
  readonly failOnFlagged: boolean;
  readonly json: boolean;
  /** --wait: true (no limit) or a number of seconds. */
  readonly wait?: true | string;
}

/** Whether the user gave this option on the command line (not its default). */
export type GivenOption = (key: keyof ScanOptions) => boolean;

function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Config values, each replaced by the command-line option when one was given. */
export function scanSettings(config: Config, targets: readonly string[], opts: ScanOptions, given: GivenOption): ScanSettings {
  const pick = <T>(key: keyof ScanOptions, cli: T, fromConfig: T): T => (given(key) ? cli : fromConfig);
  const ports = given('ports') ? opts.ports : config.discovery.ports;
  return {
    scope: {
      targets: targets.length ? [...targets] : config.scope.targets,
      exclude: opts.exclude.length ? opts.exclude : config.scope.exclude,
      maxHosts: pick('maxHosts', opts.maxHosts, config.scope.maxHosts),
      allowPublic: pick('allowPublic', opts.allowPublic, config.scope.allowPublic),
      linkLocal: pick('linkLocal', opts.linkLocal, config.scope.linkLocal),
    },
    discovery: {
      engine: pick('engine', opts.engine, config.discovery.engine),
      ...(ports !== undefined ? { ports } : {}),
      timeoutMs: pick('timeout', opts.timeout, config.discovery.timeoutMs),
      concurrency: pick('concurrency', opts.concurrency, config.discovery.concurrency),
      rate: pick('rate', opts.rate, config.discovery.rate),
      deep: pick('deep', opts.deep, config.discovery.deep),
    },
    probes: {
      ...config.probes,
      enabled: pick('probes', opts.probes, config.probes.enabled),
      timeoutMs: pick('probeTimeout', opts.probeTimeout, config.probes.timeoutMs),
    },
    infrastructure: config.infrastructure,
    identification: config.identification,
  };
}

/** "2 new, 1 gone, 0 changed — lanaudit changes for details" (reappeared only when there are some). */
export function changeSummary(events: AfterScanResult['events']): string {
  const counts = `${events.new} new, ${events.gone} gone, ${events.changed} changed${events.reappeared ? `, ${events.reappeared} reappeared` : ''}`;
  return `Changes: ${counts} — lanaudit changes for details`;
}

/** Device lines the summary prints; the rest are counted (`scan --json` lists them all). */
const INFRASTRUCTURE_LINES = 20;

/** "Infrastructure: read 3 routers/switches (2 found by discovery)", then one line per device. */
export function infrastructureSummary(devices: readonly InfrastructureDevice[]): string[] {
  const found = devices.filter((d) => d.discovered).length;
  const lines = [`Infrastructure: read ${devices.length} router${devices.length === 1 ? '' : 's'}/switch${devices.length === 1 ? '' : 'es'}${found ? ` (${found} found by discovery)` : ''}`];
  for (const d of devices.slice(0, INFRASTRUCTURE_LINES)) {
    lines.push(`  ${d.addresses.join(', ')}${d.sysName ? `  ${plainText(d.sysName, 80)}` : ''}${d.discovered ? '  (discovered)' : ''}`);
  }
  if (devices.length > INFRASTRUCTURE_LINES) lines.push(`  and ${devices.length - INFRASTRUCTURE_LINES} more (scan --json lists them)`);
  return lines;
}

function waitMs(wait: ScanOptions['wait']): number | undefined {
  if (wait === undefined) return undefined;
  if (wait === true) return Number.POSITIVE_INFINITY;
  const seconds = Number(wait);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--wait: "${wait}" is not a number of seconds`);
  return seconds * 1000;
}

export async function scanCommand(targets: string[], opts: ScanOptions, globals: GlobalOptions, given: GivenOption = () => true): Promise<number> {
  const loaded = resolveConfig(globals.config);
  loaded.warnings.forEach((w) => note(`warning: ${w}`));
  if (loaded.path !== null) note(`Configuration: ${loaded.path}`);
  const settings = scanSettings(loaded.config, targets, opts, given);
  const plan = planScan(settings);
  const wait = waitMs(opts.wait);
  const scrub = secretScrubber(configSecrets(loaded.config));

  // First Ctrl-C/SIGTERM: stop probing, keep what was found, store the scan as interrupted. Second: leave at once.
  const controller = new AbortController();
  const progress = wantsProgress(opts.json) ? createScanProgress() : undefined;
  const say = (text: string) => (progress ? progress.log(text) : note(text));
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    say(`${signal}: stopping; what was found so far is kept and the scan is stored as interrupted.`);
    controller.abort();
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);

  const started = Date.now();
  try {
    return await withInventory(globals, async (inventory) => {
      // A crash (a bug) must not leave the scan looking alive: the last resort marks it interrupted.
      const unwitness = witnessCrash({
        scrub,
        record: (message) => inventory.scans.interruptOwn(`interrupted: ${message.slice(0, 2000)}`),
      });
      try {
        return await scanWith(inventory);
      } finally {
        unwitness();
      }
    }, false, loaded.config);
  } finally {
    progress?.stop();
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }

  async function scanWith(inventory: Inventory): Promise<number> {
    const result = await runScanJob({
      settings,
      plan,
      inventory,
      signal: controller.signal,
      ...(wait !== undefined ? { waitMs: wait } : {}),
      note,
      onWarning: (message) => say(`warning: ${plainText(message, 300)}`),
      ...(progress ? { listener: progress } : {}),
    }).catch((err: unknown) => {
      if (err instanceof ScanBusyError && wait === undefined) throw new RuntimeError(`${err.message}; run with --wait to start when it ends`);
      throw err;
    });
    progress?.stop();
    let followUp: AfterScanResult | null = null;
    if (!controller.signal.aborted) {
      // Warnings and errors (alert delivery, reopened triage) on stderr; the change summary is printed below.
      const log = createLogger({ stream: process.stderr, human: true, level: 'warn', scrub });
      followUp = await followUpScan(inventory, result.scanId, loaded.config, log);
    }
    const changes = followUp?.tracked ? followUp.events : null;
    // Only this scan's devices, in address order as `devices` lists them (not the whole inventory).
    const seen = result.deviceIds
      .flatMap((id) => inventory.devices.get(id) ?? [])
      .sort((a, b) => (parseIpv4(a.ip) ?? 0) - (parseIpv4(b.ip) ?? 0))
      .map(toReportDevice);
    const flagged = seen.filter((d) => d.status === 'covered');
    const review = seen.filter((d) => d.status === 'review');
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (opts.json) {
      // A summary: each flagged device with its one-line reason; `show --json` and `report` carry the full evidence.
      const summary = flagged.map((d) => ({ ip: d.ip, mac: d.mac, name: d.name, location: d.location, covered: d.covered, manufacturer: d.manufacturerName, brand: d.brand, model: d.model, confidence: d.confidence, reason: reasonOf(d) }));
      printJson({ scan: result.scanId, status: result.status, seconds: Number(seconds), devices: seen.length, flagged: summary, review: review.length, changes, infrastructure: result.infrastructure ?? null, error: result.error ?? null });
    } else {
      print(`Scan ${result.scanId} ${result.status} in ${seconds} s: ${seen.length} device${seen.length === 1 ? '' : 's'} found, ${paint(`${flagged.length} covered`, flagged.length ? 'red' : 'green')}, ${review.length} to review.`);
      if (result.error) print(paint(`Discovery stopped early: ${plainText(result.error, 300)}`, 'yellow'));
      if (changes !== null) print(changeSummary(changes));
      if (result.infrastructure) infrastructureSummary(result.infrastructure).forEach((line) => print(line));
      if (flagged.length) print(`\n${deviceTable(flagged)}`);
      if (review.length) print(`\nTo review (run lanaudit show <ip> for the evidence):\n${deviceTable(review)}`);
    }
    return opts.failOnFlagged && flagged.length ? EXIT_FLAGGED : result.status === 'complete' ? 0 : 1;
  }
}
