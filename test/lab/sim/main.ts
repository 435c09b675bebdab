/**
 * Entry point run inside a lab namespace:
 *   node --import tsx test/lab/sim/main.ts --profile RESOLVED.json --segment NAME
 * Serves every device of the segment, prints `ready` once all listeners are up, logs problems
 * to stderr, and stops cleanly on SIGTERM/SIGINT.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { profileSchema } from '../profile-schema.js';
import { devicesOfSegment } from './segment.js';
import { startSimulator } from './simulator.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { profile: { type: 'string' }, segment: { type: 'string' } } });
  if (values.profile === undefined || values.segment === undefined) {
    throw new Error('usage: main.ts --profile RESOLVED.json --segment NAME');
  }
  const profile = profileSchema.parse(JSON.parse(await readFile(values.profile, 'utf8')));
  const simulator = await startSimulator(devicesOfSegment(profile, values.segment));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sim: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Last line of defence: a hostile client must never take the site down.
  process.on('uncaughtException', (error) => process.stderr.write(`sim: unexpected: ${error.stack ?? error.message}\n`));
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
