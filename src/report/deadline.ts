import type { Deadline } from '../config/deadline.js';

const DAY = 86_400_000;

/** "1 business day", "72 hours". */
export function deadlineText(d: Deadline): string {
  const unit = d.unit === 'business-days' ? 'business day' : d.unit === 'days' ? 'day' : 'hour';
  return `${d.amount} ${unit}${d.amount === 1 ? '' : 's'}`;
}

/**
 * The moment a deadline falls due after `from`. Business days skip Saturdays and Sundays (UTC);
 * federal holidays are not known here, so the date is an upper bound a reader may need to extend.
 */
export function dueAfter(from: string, d: Deadline): string {
  const start = Date.parse(from);
  if (d.unit === 'hours') return new Date(start + d.amount * 3_600_000).toISOString();
  if (d.unit === 'days') return new Date(start + d.amount * DAY).toISOString();
  let t = start;
  for (let left = d.amount; left > 0; ) {
    t += DAY;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return new Date(t).toISOString();
}
