import { execFileSync } from 'node:child_process';
import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { cronToOnCalendar } from '../../src/agent/on-calendar.js';

function hasSystemdAnalyze(): boolean {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const analyze = hasSystemdAnalyze();
if (!analyze) console.warn('skipping the OnCalendar comparison with systemd: systemd-analyze is missing (Debian package systemd; test/install-deps.sh installs it)');

const BASE = new Date('2026-03-04T10:07:30Z');

/** The next `n` times systemd's own calendar parser gives for the expression, from BASE. */
function systemdRuns(expression: string, n: number): string[] {
  const out = execFileSync('systemd-analyze', ['calendar', `--iterations=${n}`, '--base-time=@' + String(BASE.getTime() / 1000), expression], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
  });
  return [...out.matchAll(/(?:Next elapse|Iter\. #\d+): \w{3} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/g)].map((m) => new Date(`${m[1]!.replace(' ', 'T')}Z`).toISOString());
}

const PATTERNS = ['* * * * *', '*/15 * * * *', '0 */6 * * *', '30 2 * * *', '30 2 * * 1-5', '5 4 * * 0,6', '0 9 * * MON-FRI', '0 0 * * 5-7', '0 0 1 * *', '0 12 1,15 * *', '15 3 * 2-4 *', '0 0 * * 0'];

describe('cron to systemd OnCalendar', () => {
  it('writes the forms systemd.time(7) documents', () => {
    expect(cronToOnCalendar('0 */6 * * *')).toBe('*-*-* 00/6:00:00');
    expect(cronToOnCalendar('*/15 * * * *')).toBe('*-*-* *:00/15:00');
    expect(cronToOnCalendar('30 2 * * 1-5')).toBe('Mon..Fri *-*-* 02:30:00');
    expect(cronToOnCalendar('5 4 * * 0,6')).toBe('Sat..Sun *-*-* 04:05:00');
    expect(cronToOnCalendar('0 12 1,15 * *')).toBe('*-*-01,15 12:00:00');
  });

  it('refuses what systemd cannot say the same way', () => {
    expect(() => cronToOnCalendar('0 0 1 * 1')).toThrow(/either the day of month or the weekday/);
    expect(() => cronToOnCalendar('0 1-5/2 * * *')).toThrow(/"1-5\/2" in the hour field/);
    expect(() => cronToOnCalendar('0 0 * JAN *')).toThrow(/"JAN" in the month field/);
    expect(() => cronToOnCalendar('0 0 0 * * *')).toThrow(/five fields/);
    expect(() => cronToOnCalendar('0 24 * * *')).toThrow(/24 is outside the hour range/);
  });

  it.skipIf(!analyze)('systemd fires at the same times as the cron pattern (UTC)', () => {
    // Both read in UTC: croner by option, systemd-analyze by TZ.
    for (const pattern of PATTERNS) {
      const expected = new Cron(pattern, { paused: true, timezone: 'UTC' }).nextRuns(6, BASE).map((d) => d.toISOString());
      expect(systemdRuns(cronToOnCalendar(pattern), 6), `${pattern} → ${cronToOnCalendar(pattern)}`).toEqual(expected);
    }
  });
});
