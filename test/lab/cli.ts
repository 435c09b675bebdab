/**
 * `npm run lab -- <command>`: bring a simulated site up in network namespaces, look at it, change it,
 * run commands inside it, take it down. Exit codes: 0 ok, 1 run-time failure, 2 usage error.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { RuntimeError, UsageError } from '../../src/util/errors.js';
import { attachLab, downAllLabs, downLab, upLab } from './lab.js';
import { labAvailableOrThrow } from './network/availability.js';
import { DEFAULT_LAB_ID, checkLabId, labNames } from './network/naming.js';
import { isAlive } from './network/processes.js';
import { listNamespaces } from './network/run.js';
import { loadResolvedProfile, loadState } from './network/state.js';
import { existingLabIds } from './network/teardown.js';

const EXIT_RUNTIME = 1;
const EXIT_USAGE = 2;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const idOption = () => new Option('--id <id>', 'lab id (1-12 letters/digits)').default(DEFAULT_LAB_ID);

function positiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`expected a positive whole number, got "${text}"`);
  return n;
}

async function up(opts: { profile: string; id: string; sim: boolean; readyTimeout?: number }): Promise<void> {
  labAvailableOrThrow();
  const started = performance.now();
  const lab = await upLab(opts.profile, {
    id: opts.id,
    sim: opts.sim,
    ...(opts.readyTimeout === undefined ? {} : { readyTimeoutMs: opts.readyTimeout }),
  });
  for (const w of lab.warnings) console.error(`warning: ${w}`);
  const segments = lab.profile.segments.map((s) => s.subnet).join(', ');
  console.log(
    `lab "${lab.id}" is up: ${lab.profile.name}, ${lab.devices.length} devices on ${segments} in ${seconds(performance.now() - started)} ` +
      `(network ${seconds(lab.timings.networkMs)}, simulators ${opts.sim ? seconds(lab.timings.simulatorsMs) : 'off'})`,
  );
  console.log(`scanner: ${lab.scannerAddress} in namespace ${lab.scannerNamespace}`);
  console.log(`try:     npm run lab -- exec${opts.id === DEFAULT_LAB_ID ? '' : ` --id ${opts.id}`} -- nmap -sn -n ${lab.profile.segments[0]?.subnet ?? ''}`);
}

async function down(opts: { id: string; all?: boolean }): Promise<void> {
  labAvailableOrThrow();
  const started = performance.now();
  const report = opts.all === true ? await downAllLabs() : await downLab(checkLabId(opts.id));
  const what = opts.all === true ? 'every lab' : `lab "${opts.id}"`;
  console.log(
    report.namespaces.length === 0
      ? `${what}: nothing to remove`
      : `${what} removed: ${report.namespaces.length} namespaces, ${report.processes} processes, in ${seconds(performance.now() - started)}`,
  );
}

interface LabStatus {
  id: string;
  profile: string | null;
  namespaces: string[];
  simulators: Record<string, boolean>;
  devices: { id: string; segment: string; ip: string; mac: string; maker: string | null; covered: string | null }[];
}

async function statusOf(id: string): Promise<LabStatus> {
  const namespaces = (await listNamespaces()).filter((ns) => ns.startsWith(`la-${id}-`));
  const state = loadState(id);
  const profile = state === null ? null : loadResolvedProfile(id);
  return {
    id,
    profile: profile === null ? null : `${profile.name} (${state?.source ?? '?'})`,
    namespaces,
    simulators: Object.fromEntries(Object.entries(state?.simulators ?? {}).map(([seg, pid]) => [seg, isAlive(pid)])),
    devices: (profile?.devices ?? []).map((d) => ({
      id: d.id, segment: d.segment, ip: d.ip, mac: d.mac, maker: d.truth.maker, covered: d.truth.covered,
    })),
  };
}

async function status(opts: { id?: string; json?: boolean; devices?: boolean }): Promise<void> {
  labAvailableOrThrow();
  const ids = opts.id === undefined ? await existingLabIds() : [checkLabId(opts.id)];
  const all = await Promise.all(ids.map(statusOf));
  if (opts.json === true) {
    console.log(JSON.stringify(all, null, 2));
    return;
  }
  if (all.length === 0) console.log('no lab is up');
  for (const s of all) {
    console.log(`lab "${s.id}": ${s.profile ?? 'no recorded state (left by a crash? npm run lab -- down --id ' + s.id + ')'}`);
    console.log(`  namespaces: ${s.namespaces.length === 0 ? 'none' : s.namespaces.join(' ')}`);
    const sims = Object.entries(s.simulators);
    console.log(`  simulators: ${sims.length === 0 ? 'none' : sims.map(([seg, ok]) => `${seg} ${ok ? 'running' : 'DEAD'}`).join(', ')}`);
    const bySegment = new Map<string, number>();
    for (const d of s.devices) bySegment.set(d.segment, (bySegment.get(d.segment) ?? 0) + 1);
    console.log(`  devices: ${s.devices.length} (${[...bySegment].map(([seg, n]) => `${seg}: ${n}`).join(', ')})`);
    if (opts.devices === true) {
      for (const d of s.devices) {
        console.log(`    ${d.ip.padEnd(15)} ${d.mac}  ${d.id.padEnd(24)} ${d.segment.padEnd(10)} ${d.maker ?? '-'}${d.covered === null ? '' : `  COVERED: ${d.covered}`}`);
      }
    }
  }
}

async function execInScanner(cmd: string[], opts: { id: string }): Promise<number> {
  labAvailableOrThrow();
  if (cmd.length === 0) throw new UsageError('exec needs a command: npm run lab -- exec -- CMD ARGS…');
  const ns = labNames(checkLabId(opts.id)).scanner;
  if (!(await listNamespaces()).includes(ns)) throw new UsageError(`lab "${opts.id}" is not up (no namespace ${ns})`);
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, ...cmd], { stdio: 'inherit' });
    child.on('error', (error) => reject(new RuntimeError(`cannot run ip netns exec: ${error.message}`)));
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === null ? 0 : osSignal(signal))));
  });
}

function osSignal(signal: NodeJS.Signals): number {
  return ({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1;
}

/** --device takes inline JSON or a file holding it. */
function readDeviceArg(arg: string): { json: unknown; where: string } {
  const where = arg.trimStart().startsWith('{') ? '--device' : arg;
  let text = arg;
  if (where !== '--device') {
    if (!existsSync(arg)) throw new UsageError(`--device: "${arg}" is neither JSON nor an existing file`);
    text = readFileSync(arg, 'utf8');
  }
  try {
    return { json: JSON.parse(text), where };
  } catch (error) {
    throw new UsageError(`${where}: not valid JSON (${(error as Error).message})`);
  }
}

async function add(opts: { id: string; device: string }): Promise<void> {
  labAvailableOrThrow();
  const { json, where } = readDeviceArg(opts.device);
  const lab = await attachLab(checkLabId(opts.id));
  const device = await lab.add(json as Parameters<typeof lab.add>[0]).catch((error: unknown) => {
    throw error instanceof UsageError && where !== '--device' ? new UsageError(`${where}: ${error.message}`) : error;
  });
  console.log(`added ${device.id} at ${device.ip} (${device.mac}) on segment ${device.segment}`);
}

async function remove(deviceId: string, opts: { id: string }): Promise<void> {
  labAvailableOrThrow();
  const lab = await attachLab(checkLabId(opts.id));
  await lab.remove(deviceId);
  console.log(`removed ${deviceId}`);
}

export function labProgram(): Command {
  const program = new Command('lab')
    .description("lanaudit's simulated site, built in network namespaces (needs root)")
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError();
  program
    .command('up')
    .description('build a site and start its device simulators')
    .option('--profile <name|file>', 'shipped profile name or a profile file', 'site-small')
    .addOption(idOption())
    .option('--no-sim', 'no simulators: devices answer ARP and ping only')
    .addOption(new Option('--ready-timeout <ms>', 'how long a simulator may take to start').argParser(positiveInt))
    .action(up);
  program
    .command('down')
    .description('remove a lab (also what a crashed run left behind)')
    .addOption(idOption())
    .option('--all', 'remove every lab on this machine')
    .action(down);
  program
    .command('status')
    .description('namespaces, devices and simulators of one lab or all')
    .option('--id <id>', 'only this lab')
    .option('--devices', 'list every device with its ground truth')
    .option('--json', 'machine-readable output')
    .action(status);
  program
    .command('exec')
    .description("run a command in the scanner's namespace: exec -- CMD ARGS…")
    .addOption(idOption())
    .argument('<cmd...>')
    .passThroughOptions()
    .action(async (cmd: string[], opts: { id: string }) => {
      process.exitCode = await execInScanner(cmd, opts);
    });
  program
    .command('add')
    .description('bring one more device up while the lab runs')
    .addOption(idOption())
    .requiredOption('--device <json|file>', 'the device, as in a profile')
    .action(add);
  program
    .command('remove')
    .description('take a device off the network while the lab runs')
    .addOption(idOption())
    .argument('<device-id>')
    .action(remove);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await labProgram().parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof UsageError) {
      console.error(`lab: ${error.message}`);
      return EXIT_USAGE;
    }
    if (error instanceof RuntimeError) {
      console.error(`lab: ${error.message}`);
      return EXIT_RUNTIME;
    }
    console.error(`lab: internal error (this is a bug): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_RUNTIME;
  }
}

process.exitCode = await main(process.argv.slice(2));
