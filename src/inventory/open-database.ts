import { closeSync, constants, lstatSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { RuntimeError } from '../util/errors.js';

/** The files SQLite keeps beside the inventory (WAL mode, and a rollback journal after a crash of an older writer). */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

/**
 * Opens the inventory file, which root's scans write: never through a symbolic link, never a file
 * another user owns (either could make root write where that user chose, or read what that user
 * crafted), and a new file is created 0600 before SQLite sees it, so it is never readable by others
 * even for a moment. SQLite gives the -wal and -shm files the database file's mode.
 */
export function openDatabaseFile(path: string, readonly: boolean): Database.Database {
  if (!readonly) createPrivately(path);
  const euid = process.geteuid?.();
  for (const suffix of COMPANIONS) checkFile(`${path}${suffix}`, euid);
  return new Database(path, { readonly, fileMustExist: true });
}

function checkFile(file: string, euid: number | undefined): void {
  let stat;
  try {
    stat = lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (stat.isSymbolicLink()) throw new RuntimeError(`refusing the inventory file ${file}: it is a symbolic link (not followed); give the real path with --db`);
  if (euid !== undefined && stat.uid !== euid) {
    throw new RuntimeError(`refusing the inventory file ${file}: it is owned by uid ${stat.uid}, not by you (uid ${euid}); run as its owner, or copy it and give the copy with --db`);
  }
}

/** O_EXCL: creates the file 0600 if absent, and never follows a link already there (checkFile then refuses it). */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let fd;
  try {
    fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  closeSync(fd);
}
