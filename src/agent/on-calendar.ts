import { UsageError } from '../util/errors.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const DAY_NAMES: Readonly<Record<string, number>> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}
const MINUTE: Field = { name: 'minute', min: 0, max: 59 };
const HOUR: Field = { name: 'hour', min: 0, max: 23 };
const DOM: Field = { name: 'day of month', min: 1, max: 31 };
const MONTH: Field = { name: 'month', min: 1, max: 12 };

/**
 * A five-field cron pattern as a systemd OnCalendar= expression (systemd.time(7)). Covers what
 * schedules use: *, N, lists, ranges and *\/step. Refuses what systemd cannot say the same way:
 * stepped ranges, names other than weekdays, and day-of-month together with weekday (cron means
 * either, systemd both).
 */
export function cronToOnCalendar(cron: string): string {
  const parts = cron.trim().split(/\s+/);
  const refuse = (why: string): never => {
    throw new UsageError(`cannot express the cron schedule "${cron}" as a systemd timer: ${why}; use a simpler pattern or --agent`);
  };
  if (parts.length !== 5) refuse('expected five fields (minute hour day month weekday)');
  const [minute, hour, dom, month, dow] = parts as [string, string, string, string, string];
  if (dom !== '*' && dow !== '*') refuse('cron runs when either the day of month or the weekday matches; systemd needs both');
  const field = (text: string, f: Field, start: number) => convertField(text, f, start, refuse);
  const date = `*-${field(month, MONTH, 1)}-${field(dom, DOM, 1)}`;
  const time = `${field(hour, HOUR, 0)}:${field(minute, MINUTE, 0)}:00`;
  return dow === '*' ? `${date} ${time}` : `${weekdays(dow, refuse)} ${date} ${time}`;
}

function convertField(text: string, f: Field, start: number, refuse: (why: string) => never): string {
  if (text === '*') return '*';
  const step = /^\*\/(\d+)$/.exec(text);
  if (step) return `${pad(start)}/${number(step[1]!, { ...f, min: 1 }, refuse)}`;
  return text
    .split(',')
    .map((item) => {
      const range = /^(\d+)-(\d+)$/.exec(item);
      if (range) return `${pad(number(range[1]!, f, refuse))}..${pad(number(range[2]!, f, refuse))}`;
      if (/^\d+$/.test(item)) return pad(number(item, f, refuse));
      return refuse(`"${item}" in the ${f.name} field`);
    })
    .join(',');
}

function weekdays(text: string, refuse: (why: string) => never): string {
  const day = (item: string): number => {
    const n = /^\d$/.test(item) ? Number(item) : DAY_NAMES[item.toUpperCase()];
    if (n === undefined || n > 7) return refuse(`"${item}" in the weekday field`);
    return n;
  };
  const days = new Set<number>();
  for (const item of text.split(',')) {
    const range = /^(\w+)-(\w+)$/.exec(item);
    const [a, b] = range ? [day(range[1]!), day(range[2]!)] : [day(item), day(item)];
    if (a > b) refuse(`the weekday range "${item}" wraps around`);
    for (let d = a; d <= b; d++) days.add(d % 7);
  }
  // systemd's week runs Monday to Sunday: consecutive days in that order become one "Mon..Fri" range.
  const order = [1, 2, 3, 4, 5, 6, 0].filter((d) => days.has(d));
  const runs: number[][] = [];
  for (const d of order) {
    const last = runs.at(-1);
    if (last !== undefined && (last.at(-1)! + 1) % 7 === d && d !== 1) last.push(d);
    else runs.push([d]);
  }
  return runs.map((run) => (run.length === 1 ? DAYS[run[0]!] : `${DAYS[run[0]!]}..${DAYS[run.at(-1)!]}`)).join(',');
}

function number(text: string, f: Field, refuse: (why: string) => never): number {
  const n = Number(text);
  if (n < f.min || n > f.max) refuse(`${n} is outside the ${f.name} range ${f.min}-${f.max}`);
  return n;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
