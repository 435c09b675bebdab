import Database from 'better-sqlite3';
import { RuntimeError } from '../util/errors.js';

/** What each SQLite primary result code means for the person running lanaudit. */
const KEPT = '; what was stored before is kept';
const MEANING: Readonly<Record<string, string>> = {
  SQLITE_FULL: `the disk is full${KEPT}: free some space and run it again`,
  SQLITE_READONLY: `the file or its directory is read-only${KEPT}`,
  SQLITE_PERM: `permission denied${KEPT}`,
  SQLITE_CANTOPEN: 'the file cannot be opened',
  SQLITE_IOERR: 'a disk I/O error',
  SQLITE_CORRUPT: 'the file is damaged',
  SQLITE_NOTADB: 'the file is not an SQLite database',
  SQLITE_BUSY: 'another process holds it locked',
};

/**
 * A storage failure of the inventory at `path` (disk full, read-only, I/O error …) as a RuntimeError
 * that names the file and the cause, or null when `err` is not one. SQLite rolls back a write that
 * failed, so what was committed before is kept: the message says so where it applies.
 */
export function storageError(err: unknown, path: string): RuntimeError | null {
  if (!(err instanceof Database.SqliteError)) return null;
  const primary = /^SQLITE_[A-Z]+/.exec(err.code)?.[0] ?? err.code;
  const meaning = MEANING[primary];
  if (meaning === undefined) return null;
  return new RuntimeError(`inventory ${path}: ${meaning} (SQLite: ${err.message})`, { cause: err });
}
