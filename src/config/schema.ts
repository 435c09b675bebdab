import { z } from 'zod';
import { parseDeadline } from './deadline.js';
import { parseTarget } from '../scope/parse-target.js';
import { cronError, everyToCron } from './schedule.js';
import { fleetSection } from './fleet.js';
import { serverSection } from './server.js';

/**
 * The configuration file, checked whole at load. Every object is strict: a misspelt key is an
 * error, never a silently ignored setting. Defaults equal the `scan` command's.
 */

/** Days of past alerts a target added later still receives (alerts/raise.ts queueCatchUp). */
export const DEFAULT_CATCH_UP_DAYS = 7;

const port = z.number().int().min(1).max(65535);
const positive = z.number().int().positive();
const text = z.string().trim().min(1);
const community = z.string().min(1);
const subnet = text.refine((t) => {
  try {
    parseTarget(t, 'exclusion');
    return true;
  } catch {
    return false;
  }
}, 'expected a CIDR such as 10.20.0.0/16 (or an address or range)');

const scope = z
  .strictObject({
    /** CIDRs, ranges or addresses; empty: the host's attached private subnets. */
    targets: z.array(text).default([]),
    exclude: z.array(text).default([]),
    maxHosts: positive.default(65536),
    allowPublic: z.boolean().default(false),
    linkLocal: z.boolean().default(false),
  })
  .prefault({});

const discovery = z
  .strictObject({
    engine: z.enum(['auto', 'native', 'nmap']).default('auto'),
    ports: z.array(port).min(1).optional(),
    timeoutMs: positive.default(1000),
    concurrency: positive.default(256),
    rate: positive.default(2000),
    deep: z.boolean().default(false),
  })
  .prefault({});

const probes = z
  .strictObject({
    enabled: z.boolean().default(true),
    timeoutMs: positive.default(2000),
    snmp: z
      .strictObject({
        /** Tried in turn on every live host outside the subnets of bySubnet. */
        communities: z.array(community).default(['public']),
        /** A subnet's own communities: its devices hear only these (the most specific subnet wins). */
        bySubnet: z.array(z.strictObject({ cidr: subnet, communities: z.array(community).min(1) })).default([]),
      })
      .prefault({}),
  })
  .prefault({});

const schedule = z
  .strictObject({
    cron: text.optional(),
    every: text.optional(),
    /** A random delay of up to this many seconds before each scheduled scan. */
    jitterSeconds: z.number().int().min(0).max(86_400).default(0),
  })
  .superRefine((s, ctx) => {
    if (s.cron !== undefined && s.every !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected either cron or every, not both', path: ['every'] });
    }
    if (s.cron !== undefined) {
      const error = cronError(s.cron);
      if (error !== null) ctx.addIssue({ code: 'custom', message: `expected a cron expression: ${error}`, path: ['cron'] });
    }
    if (s.every !== undefined) {
      const every = everyToCron(s.every);
      if ('error' in every) ctx.addIssue({ code: 'custom', message: every.error, path: ['every'] });
    }
  });

/** Part B (alerts) reads exactly this shape. */
const alerts = z
  .strictObject({
    webhooks: z
      .array(
        z.strictObject({
          url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
          token: z.string().min(1).optional(),
          hmacSecret: z.string().min(1).optional(),
          timeoutMs: positive.optional(),
        }),
      )
      .default([]),
    syslog: z.strictObject({ enabled: z.boolean(), tag: text.optional() }).optional(),
    /** A target added later still receives the alerts of this many past days whose device needs action; 0: none. */
    catchUpDays: z.number().int().min(0).max(365).default(DEFAULT_CATCH_UP_DAYS),
  })
  .prefault({});

const deadline = z.string().refine((s) => parseDeadline(s) !== null, 'expected a deadline like 1bd (business days), 10d or 72h');

const report = z
  .strictObject({
    organization: text.optional(),
    site: text.optional(),
    supplier: text.optional(),
    contract: text.optional(),
    order: z.union([text, z.array(text)]).optional(),
    uei: z.string().regex(/^[A-Z0-9]{12}$/, 'expected a 12-character SAM Unique Entity ID (letters and digits)').optional(),
    cage: z.string().regex(/^[A-Z0-9]{5}$/, 'expected a 5-character CAGE code').optional(),
    contact: text.optional(),
    farClause: text.optional(),
    deadlines: z.strictObject({ initial: deadline.optional(), followUp: z.union([deadline, z.null()]).optional() }).optional(),
  })
  .prefault({});

const retention = z
  .strictObject({
    keepScans: positive.optional(),
    keepObservationsDays: positive.optional(),
  })
  .prefault({});

/** Routers and switches read over SNMP for ARP, forwarding and LLDP tables (src/infrastructure); read-only. */
const snmpV3 = z.strictObject({
  username: text,
  authProtocol: z.enum(['sha', 'sha224', 'sha256', 'sha384', 'sha512']).default('sha'),
  authKey: z.string().min(8, 'expected at least 8 characters (RFC 3414)'),
  privProtocol: z.enum(['aes', 'aes256b', 'aes256r']).default('aes'),
  privKey: z.string().min(8, 'expected at least 8 characters (RFC 3414)'),
});
const infrastructure = z
  .strictObject({
    devices: z
      .array(
        z
          .strictObject({ targets: z.array(subnet).min(1), community: community.optional(), v3: snmpV3.optional() })
          .refine((d) => (d.community === undefined) !== (d.v3 === undefined), 'expected either community (SNMP v2c) or v3, not both'),
      )
      .default([]),
    /**
     * enabled: every host that answers the scan's SNMP probe (probes.snmp communities) and says it
     * routes (ipForwarding) or bridges (dot1dBaseNumPorts) is read too, with the community it
     * answered to, under the caps below; a device named in `devices` is read as named there.
     */
    discover: z.strictObject({ enabled: z.boolean().default(false) }).prefault({}),
    maxRepetitions: z.number().int().min(1).max(100).default(25),
    /** Rows kept per table column and device. */
    maxRows: positive.default(20_000),
    deviceTimeoutMs: positive.default(30_000),
  })
  .prefault({});

const tracking = z.strictObject({ goneAfterScans: positive.default(3) }).prefault({});

const database = z.strictObject({ path: text.optional() }).prefault({});

/** How old the IEEE registry may grow before status, scans and reports warn (lanaudit oui update loads a newer one). */
const identification = z.strictObject({ registryMaxAgeMonths: positive.default(12) }).prefault({});

export const configSchema = z
  .strictObject({
    scope,
    discovery,
    probes,
    infrastructure,
    schedule: schedule.optional(),
    alerts,
    report,
    retention,
    tracking,
    database,
    identification,
    /** The fleet server (`lanaudit server`); absent on a site. */
    server: serverSection.optional(),
    /** The fleet server this site pushes its inventory to; absent: the site stands alone. */
    fleet: fleetSection.optional(),
  })
  .superRefine((c, ctx) => {
    // Gone devices are counted over kept scans: fewer kept than goneAfterScans would hide absences.
    const keep = c.retention.keepScans;
    if (keep !== undefined && keep < c.tracking.goneAfterScans) {
      ctx.addIssue({
        code: 'custom',
        message: `expected at least tracking.goneAfterScans (${c.tracking.goneAfterScans}): a device is called gone only after that many kept scans missed it`,
        path: ['retention', 'keepScans'],
      });
    }
  });

export type Config = z.output<typeof configSchema>;
export type ScheduleConfig = NonNullable<Config['schedule']>;
export type AlertsConfig = Config['alerts'];

/** The cron pattern a schedule section means, or null when there is none. */
export function scheduleCron(schedule: ScheduleConfig | undefined): string | null {
  if (schedule === undefined) return null;
  if (schedule.cron !== undefined) return schedule.cron;
  if (schedule.every === undefined) return null;
  const every = everyToCron(schedule.every);
  return 'cron' in every ? every.cron : null;
}

/** Every setting at its default: what lanaudit uses with no configuration file. */
export function defaultConfig(): Config {
  return configSchema.parse({});
}
