import { Cron } from 'croner';

/** "15m", "6h", "1d": periods that divide the hour or the day, so they map onto a cron pattern (and a systemd timer) without drift. */
const EVERY = /^(\d{1,4})\s*(m|h|d)$/;

/** The cron pattern for an `every` period, or an explanation of why there is none. */
export function everyToCron(text: string): { cron: string } | { error: string } {
  const m = EVERY.exec(text.trim());
  const expected = 'a period like 15m, 6h or 1d (minutes dividing 60, hours dividing 24, or 1d)';
  if (!m) return { error: `expected ${expected}, got "${text}"` };
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === 'm' && n >= 1 && 60 % n === 0) return { cron: n === 1 ? '* * * * *' : `*/${n} * * * *` };
  if (unit === 'h' && n >= 1 && 24 % n === 0) return { cron: n === 1 ? '0 * * * *' : `0 */${n} * * *` };
  if (unit === 'd' && n === 1) return { cron: '0 0 * * *' };
  return { error: `expected ${expected}, got "${text}"` };
}

/** Null when croner accepts the pattern, else its complaint. */
export function cronError(pattern: string): string | null {
  try {
    new Cron(pattern, { paused: true });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The next `count` run times of a cron pattern after `from` (local time zone, as cron and systemd use). */
export function nextRuns(pattern: string, count: number, from: Date = new Date()): Date[] {
  return new Cron(pattern, { paused: true }).nextRuns(count, from);
}
