import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { identifyJsonl } from '../../ingest/identify-jsonl.js';
import { RuntimeError } from '../../util/errors.js';
import { plainText } from '../../util/safe-text.js';

interface IdentifyOptions {
  readonly unsorted: boolean;
}

async function writeOut(chunk: Buffer): Promise<void> {
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

/** `lanaudit identify [FILE|-]`: exit 0 when anything could be read, problems go to stderr by line number. */
export async function identifyCommand(file: string | undefined, opts: IdentifyOptions): Promise<number> {
  const fromStdin = file === undefined || file === '-';
  const input = fromStdin ? process.stdin : createReadStream(file);
  const label = fromStdin ? 'standard input' : plainText(file, 200);
  let result;
  try {
    result = await identifyJsonl(input, {
      unsorted: opts.unsorted,
      warn: (message) => process.stderr.write(`lanaudit identify: ${plainText(message, 300)}\n`),
      write: writeOut,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined && !fromStdin) throw new RuntimeError(`cannot read ${label}: ${(err as Error).message}`, { cause: err });
    throw err;
  }
  if (result.observations === 0 && result.skipped > 0) {
    throw new RuntimeError(`no observation could be read from ${label} (${result.skipped} line(s) skipped)`);
  }
  return 0;
}
