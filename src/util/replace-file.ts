import { randomBytes } from 'node:crypto';
import { createWriteStream, lstatSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { UsageError } from './errors.js';

/**
 * Writes a new file at `target` whole or not at all: into a fresh file beside it (created with
 * O_EXCL, so nothing planted there is followed) renamed over the target at the end. A link or a
 * file someone else made at the target is replaced, never written through, and the result has
 * this process's owner and `mode`, not the old file's.
 */
export async function replaceFile(target: string, write: (out: Writable) => Promise<void>, mode: number): Promise<void> {
  let stat;
  try {
    stat = lstatSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // Replacing /dev/stdout (a link) or a FIFO would break the system or surprise its reader.
  if (stat?.isSymbolicLink()) throw new UsageError(`${target} is a symbolic link, which is not followed: give the path of the file itself`);
  if (stat !== undefined && !stat.isFile()) throw new UsageError(`${target} is not a regular file (to write to standard output, omit the output option)`);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const out = createWriteStream(temp, { flags: 'wx', mode });
  try {
    await write(out);
    out.end();
    await finished(out);
    renameSync(temp, target);
  } catch (err) {
    out.destroy();
    rmSync(temp, { force: true });
    throw err;
  }
}
