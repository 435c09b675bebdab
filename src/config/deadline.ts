/** A reporting deadline as the configuration file and the report command's options write it. */
export interface Deadline {
  readonly amount: number;
  readonly unit: 'business-days' | 'days' | 'hours';
}

/** Parses "1bd" (business days), "10d" (calendar days), "72h"; null if it is not one. */
export function parseDeadline(text: string): Deadline | null {
  const m = /^(\d{1,4})\s*(bd|d|h)$/i.exec(text.trim());
  if (!m) return null;
  const unit = m[2]!.toLowerCase();
  return { amount: Number(m[1]), unit: unit === 'bd' ? 'business-days' : unit === 'd' ? 'days' : 'hours' };
}
