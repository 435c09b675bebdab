import { z } from 'zod';
import { ENTITY_IDS } from '../../identify/verdict.js';
import { TRIAGE_STATUSES } from '../../inventory/triage-store.js';
import { PAGE_MAX } from '../queries/cursor.js';
import { DEVICE_SORTS } from '../queries/devices.js';
import { EVENT_TYPES } from '../queries/changes.js';

/**
 * The read API's query parameters. Strict: an unknown parameter is a 400 (a misspelt filter would
 * otherwise widen the answer silently). Text is bounded; matching is the query layer's, as data.
 */
const text = (max: number) => z.string().trim().min(1).max(max);
/** Years 1 to 9999: what PostgreSQL reads back from the ISO text the queries send. */
const TIME_RANGE = [Date.parse('0001-01-01T00:00:00Z'), Date.parse('+010000-01-01T00:00:00Z')] as const;
const time = z
  .string()
  .max(64)
  .refine((s) => {
    const ms = Date.parse(s);
    return ms >= TIME_RANGE[0] && ms < TIME_RANGE[1];
  }, 'not a date (ISO 8601, e.g. 2026-11-01 or 2026-11-01T08:00Z)');
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const siteName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'not a site name');

const deviceFilter = {
  site: siteName.optional(),
  status: z.enum(['covered', 'review', 'clear', 'unidentified']).optional(),
  flagged: bool.optional(),
  covered: z.enum(ENTITY_IDS).optional(),
  maker: text(256).optional(),
  name: text(256).optional(),
  ip: text(64).optional(),
  mac: text(64).optional(),
  triage: z.enum(TRIAGE_STATUSES).optional(),
  since: time.optional(),
};

const page = {
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).optional(),
  cursor: z.string().max(1_024).optional(),
};

export const devicesQuery = z.strictObject({ ...deviceFilter, ...page, sort: z.enum(DEVICE_SORTS).optional() });

export const deviceParams = z.strictObject({ site: siteName, id: z.string().regex(/^[1-9][0-9]{0,15}$/, 'not a device id').transform(Number) });

export const changesQuery = z.strictObject({ site: siteName.optional(), since: time.optional(), type: z.enum(EVENT_TYPES).optional(), ...page });

export const statusQuery = z.strictObject({});

export const REPORT_API_FORMATS = ['csv', 'json', 'md', 'html', 'cyclonedx', 'far-md', 'far-html'] as const;

export const reportQuery = z.strictObject({
  format: z.enum(REPORT_API_FORMATS),
  ...deviceFilter,
  /** Changes listed from this time (default: `since`, else the last day). */
  changesSince: time.optional(),
  org: text(256).optional(),
  contract: text(256).optional(),
  /** Repeatable. */
  order: z.array(text(256)).max(100).optional(),
  supplier: text(256).optional(),
  uei: text(64).optional(),
  cage: text(64).optional(),
  contact: text(512).optional(),
});

/** Hono's query as zod reads it: one string per name, `order` as a list. Repeating any other name is an error. */
export function queryObject(all: Record<string, string[]>, lists: readonly string[] = []): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(all)) {
    if (lists.includes(name)) out[name] = values;
    else if (values.length > 1) return `${name}: given more than once`;
    else out[name] = values[0];
  }
  return out;
}

/** One line per problem, "name: what is wrong", for a 400's `error`. */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || (i.code === 'unrecognized_keys' ? 'query' : 'request')}: ${i.message}`).join('; ');
}
