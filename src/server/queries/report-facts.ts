import { z } from 'zod';
import type { Queryable } from './db.js';

/**
 * The FAR report's facts (report_facts.facts, one row), as the console's form records them. Each
 * field is optional; a report's own parameters take precedence over them.
 */
export const reportFacts = z.object({
  organization: z.string().max(256).optional(),
  contract: z.string().max(256).optional(),
  orders: z.array(z.string().max(256)).max(100).optional(),
  supplier: z.string().max(256).optional(),
  uei: z.string().max(64).optional(),
  cage: z.string().max(64).optional(),
  contact: z.string().max(512).optional(),
});

export type ReportFacts = z.infer<typeof reportFacts>;

/** The recorded facts; {} when none are recorded or the row is not readable as facts (the report says what is missing). */
export async function readReportFacts(db: Queryable): Promise<ReportFacts> {
  const { rows } = await db.query('SELECT facts FROM report_facts WHERE id = 1');
  const parsed = reportFacts.safeParse(rows[0]?.facts ?? {});
  return parsed.success ? parsed.data : {};
}
