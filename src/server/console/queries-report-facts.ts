/**
 * The report facts the FAR 52.204-25(d) report names (organization, supplier, contract, orders, UEI,
 * CAGE, contact): one row, edited by admins in the console, checked by the same rules as a site's
 * `report:` configuration section.
 */
import { z } from 'zod';
import { configSchema } from '../../config/schema.js';
import type { ReportMeta } from '../../report/report-input.js';
import type { Queryable } from '../queries/db.js';
import { writeAudit } from '../store/audit.js';
import { inTransaction, type Pool } from '../store/pool.js';

export const reportFacts = configSchema.shape.report
  .unwrap()
  .pick({ organization: true, supplier: true, contract: true, order: true, uei: true, cage: true, contact: true });
export type ReportFacts = z.output<typeof reportFacts>;

export const FACT_FIELDS = ['organization', 'supplier', 'contract', 'order', 'uei', 'cage', 'contact'] as const;

export async function readReportFacts(db: Queryable): Promise<{ facts: ReportFacts; updatedAt: Date | null; updatedBy: string | null }> {
  const { rows } = await db.query<{ facts: unknown; updated_at: Date; updated_by: string }>('SELECT facts, updated_at, updated_by FROM report_facts WHERE id = 1');
  const row = rows[0];
  if (row === undefined) return { facts: {}, updatedAt: null, updatedBy: null };
  // A row written by an older version that no longer passes is shown empty rather than trusted.
  const parsed = reportFacts.safeParse(row.facts);
  return { facts: parsed.success ? parsed.data : {}, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

/** Form fields (blank: not given; orders one per line or comma-separated) as facts, or the schema's complaint. */
export function factsFromForm(form: Readonly<Record<string, string>>): z.ZodSafeParseResult<ReportFacts> {
  const given = Object.fromEntries(
    FACT_FIELDS.flatMap((k): [string, unknown][] => {
      const v = (form[k] ?? '').trim();
      if (v === '') return [];
      if (k === 'order') return [[k, v.split(/[\n,]/).map((o) => o.trim()).filter(Boolean)]];
      return [[k, k === 'uei' || k === 'cage' ? v.toUpperCase() : v]];
    }),
  );
  return reportFacts.safeParse(given);
}

export async function saveReportFacts(pool: Pool, facts: ReportFacts, by: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO report_facts (id, facts, updated_at, updated_by) VALUES (1, $1, now(), $2)
       ON CONFLICT (id) DO UPDATE SET facts = EXCLUDED.facts, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [JSON.stringify(facts), by],
    );
    await writeAudit(client, { actor: by, action: 'report-facts.update', target: null, detail: facts });
  });
}

/** The facts as a report's meta fields. */
export function factsMeta(facts: ReportFacts): Partial<ReportMeta> {
  const orders = facts.order === undefined ? [] : [facts.order].flat();
  const fields = { organization: facts.organization, supplier: facts.supplier, contract: facts.contract, uei: facts.uei, cage: facts.cage, contact: facts.contact, orders: orders.length > 0 ? orders : undefined };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<ReportMeta>;
}
