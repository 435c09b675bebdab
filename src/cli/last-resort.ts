import { plainText } from '../util/safe-text.js';

/** What a command that holds state registers while it runs: told of a crash before the process exits. */
export interface CrashWitness {
  /** Removes secrets from the crash message (the command's log scrubber). */
  readonly scrub?: (text: string) => string;
  /** Logs the crash and marks what it was writing (a running scan) interrupted; must not throw, and is guarded anyway. */
  readonly record?: (message: string) => void;
}

const witnesses = new Set<CrashWitness>();
let installed = false;

/** Registers `witness` until the returned function is called. */
export function witnessCrash(witness: CrashWitness): () => void {
  witnesses.add(witness);
  return () => witnesses.delete(witness);
}

/**
 * The process's last resort: an exception nobody caught, or a rejected promise nobody awaited, is a
 * bug. Without this Node prints a bare stack (or, in a long-running agent, dies mid-write with the
 * scan left "running"). With it, every registered command records the crash (logged through its
 * scrubber, its running scan marked interrupted), stderr says what happened, and the exit code is 1.
 * Installed by the executable only: tests that call main() in-process keep their runner's handlers.
 */
export function installLastResort(exit: (code: number) => never = process.exit): void {
  if (installed) return;
  installed = true;
  const fatal = (kind: string) => (err: unknown) => {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    let message = `internal error (this is a bug, please report it): ${kind}: ${detail}`;
    for (const witness of witnesses) message = witness.scrub?.(message) ?? message;
    for (const witness of witnesses) {
      try {
        witness.record?.(message);
      } catch {
        // Recording is best effort: the exit below must happen whatever state the process is in.
      }
    }
    process.stderr.write(`lanaudit: ${plainText(message, 8000)}\n`);
    exit(1);
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled promise rejection'));
}
