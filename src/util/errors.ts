/** Errors that the CLI maps to exit codes; everything else is a bug and says so. */

/** The user's words are wrong (bad target, unknown option, refused scope): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Something failed at run time (database unreadable, nmap missing when asked for): exit code 1. */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
}
