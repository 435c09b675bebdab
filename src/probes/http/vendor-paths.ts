/**
 * Vendor identification paths (oui/probes/http-paths.json) on web ports whose GET / already
 * points to a covered maker by the fingerprint rules (or looks like a camera/NVR, which an OEM
 * relabel may hide): the maker's read-only device-information paths. GET only, never
 * credentials, never a state-changing request; each exchange as bounded as the TCP probes',
 * decoded by the same HTTP probe, paced by the scan's rate. A 404 adds nothing; a challenge adds
 * its realm; a body adds the marker it holds.
 */
import { readFileSync } from 'node:fs';
import pLimit, { type LimitFunction } from 'p-limit';
import { z } from 'zod';
import { MAX_PROBE_PATH, type Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import { probeExchange } from '../tcp/tcp-runner.js';
import { HTTP, HTTPS, httpGet, type TcpProbe } from '../tcp/tcp-probes.js';
import { parseResponseHead } from './response-head.js';

/** A path: absolute, no spaces or line breaks (nothing can be smuggled into the request line). */
const PATH = new RegExp(String.raw`^/[\x21-\x7e]{0,${MAX_PROBE_PATH - 1}}$`);

/** Characters an answer's document may keep: its path and ": " added, a stored value stays within 4,096. */
export const MAX_DOCUMENT_CHARS = 3584;

/** A covered entity's id ("hikvision"); that the shipped file names only real ones is a test's job (this stage does not know the list). */
const family = z.string().regex(/^[a-z]+$/);

const fileSchema = z
  .object({
    description: z.string(),
    looksLike: z.object({
      entities: z.array(family),
      deviceTypes: z.array(z.string().min(1)),
      /** The families tried for a device of those types that no rule attributes. */
      deviceTypeFamilies: z.array(family),
      source: z.string().min(1),
    }),
    paths: z
      .array(
        z.object({
          id: z.string().min(1),
          family,
          path: z.string().regex(PATH),
          markers: z.array(z.string().min(1)).min(1),
          document: z
            .object({ until: z.string().min(1).max(64).optional(), maxChars: z.number().int().min(64).max(MAX_DOCUMENT_CHARS) })
            .optional(),
          /** An answer holding the markers ends the family's paths on that port: the device has said what it is. */
          settles: z.boolean().optional(),
          /** Asked only when that earlier path of the family answered without its markers (the API is there, but wants a login for it). */
          fallbackOf: z.string().min(1).optional(),
          evidence: z.string().min(1),
          source: z.string().min(1),
        }),
      )
      .min(1),
  })
  .superRefine((file, ctx) => {
    file.paths.forEach((path, at) => {
      // A port's outcomes are kept by id: two paths with one id would answer for each other.
      if (file.paths.findIndex((p) => p.id === path.id) !== at) {
        ctx.addIssue({ code: 'custom', path: ['paths', at, 'id'], message: `${path.id}: a path id appears twice` });
      }
      if (path.fallbackOf === undefined) return;
      if (!file.paths.slice(0, at).some((p) => p.id === path.fallbackOf && p.family === path.family)) {
        ctx.addIssue({ code: 'custom', path: ['paths', at, 'fallbackOf'], message: `${path.id}: fallbackOf must name an earlier path of family ${path.family}` });
      }
    });
  });

export type VendorPaths = z.infer<typeof fileSchema>;
export type VendorPath = VendorPaths['paths'][number];

/**
 * What the fingerprint rules make of an observation: the covered entity and device type they name.
 * Injected by the scan (identify's matcher), so that probing imports nothing from identification.
 */
export type LooksLike = (o: Observation) => readonly { readonly entity: string | null; readonly deviceType?: string | undefined }[];

export const HTTP_PATHS_FILE = new URL('../../../oui/probes/http-paths.json', import.meta.url);
let shipped: VendorPaths | undefined;

export function loadVendorPaths(file: URL = HTTP_PATHS_FILE): VendorPaths {
  return fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export const VENDOR_PATH_SOURCE = 'http-path';
const MAX_BYTES = 64 * 1024;
/** Characters of body kept either side of a marker. */
const MARKER_CONTEXT = 120;

/** The web ports GET / was asked on, with the observations it produced. */
function webPorts(observations: readonly Observation[]): Map<string, { ip: string; port: number; probe: TcpProbe; facts: Observation[] }> {
  const ports = new Map<string, { ip: string; port: number; probe: TcpProbe; facts: Observation[] }>();
  for (const o of observations) {
    if (o.port === undefined || (o.source !== HTTP.name && o.source !== HTTPS.name)) continue;
    const key = `${o.ip}:${o.port}`;
    let entry = ports.get(key);
    if (!entry) {
      entry = { ip: o.ip, port: o.port, probe: o.source === HTTPS.name ? HTTPS : HTTP, facts: [] };
      ports.set(key, entry);
    }
    entry.facts.push(o);
  }
  return ports;
}

/**
 * Which families' paths a port's GET / facts call for: the covered families the rules name, or
 * the camera families when the rules only say "camera/NVR/DVR" (that is how an OEM relabel
 * shows). Empty when nothing points to a covered maker.
 */
export function familiesFor(facts: readonly Observation[], config: VendorPaths, looksLike: LooksLike): Set<string> {
  const named = new Set<string>();
  let cameraLike = false;
  const types = config.looksLike.deviceTypes.map((t) => t.toLowerCase());
  for (const o of facts) {
    for (const m of looksLike(o)) {
      if (m.entity && config.looksLike.entities.includes(m.entity)) named.add(m.entity);
      const type = m.deviceType?.toLowerCase() ?? '';
      if (types.some((t) => type.split(/[^a-z]+/).includes(t))) cameraLike = true;
    }
  }
  if (named.size) return named;
  return cameraLike ? new Set(config.looksLike.deviceTypeFamilies) : new Set();
}

/** How much of an answer is its document: up to the end of `until` or `maxChars` characters, whichever comes first. */
export type DocumentBound = NonNullable<VendorPath['document']>;

/**
 * The body text around the first marker it holds, or null. With a document bound, the text runs
 * from just before the marker to the document's end (a DeviceInfo's model, serial and firmware sit
 * a few hundred characters after its namespace); still escaped and bounded like any device text.
 */
export function markerContext(body: Buffer, markers: readonly string[], document?: DocumentBound): string | null {
  const text = body.subarray(0, MAX_BYTES).toString('latin1');
  const lower = text.toLowerCase();
  for (const marker of markers) {
    const at = lower.indexOf(marker.toLowerCase());
    if (at < 0) continue;
    const from = Math.max(0, at - MARKER_CONTEXT);
    if (!document) return excerpt(text.slice(from, at + marker.length + MARKER_CONTEXT), 2 * MARKER_CONTEXT + marker.length);
    const until = document.until?.toLowerCase();
    const close = until === undefined ? -1 : lower.indexOf(until, at);
    const to = Math.min(close < 0 ? text.length : close + (until?.length ?? 0), from + document.maxChars);
    return excerpt(text.slice(from, to), document.maxChars);
  }
  return null;
}

/**
 * What a path's reply says: `found` when it holds the path's markers, `answered` for any other
 * reply but a 404 (the API is there, perhaps behind a login), `absent` for a 404, an empty or a
 * non-HTTP reply, or none.
 */
export type PathOutcome = 'found' | 'answered' | 'absent';

/** One reply to one path as observations (nothing for a 404 or an empty reply) and its outcome. */
export function pathAnswer(
  data: Buffer,
  path: VendorPath,
  probe: TcpProbe,
  ip: string,
  port: number,
  ctx: ProbeContext,
): { facts: Observation[]; outcome: PathOutcome } {
  if (!data.length) return { facts: [], outcome: 'absent' };
  const head = parseResponseHead(data);
  const http = head?.protocol === 'HTTP' ? head : null;
  if (http?.status === 404) return { facts: [], outcome: 'absent' };
  // The same decoding as GET /, minus its generic body excerpt: a script file's first 2 KiB says little.
  const decoded = probe
    .decode({ data, truncated: false }, ip, port, ctx)
    .filter((o) => o.kind !== 'http.body')
    .map((o) => ({ ...o, source: VENDOR_PATH_SOURCE }));
  if (!http) return { facts: decoded, outcome: 'absent' };
  const context = http.status === 200 ? markerContext(http.body, path.markers, path.document) : null;
  if (!context) return { facts: decoded, outcome: 'answered' };
  decoded.push(observe(ctx, { ip, port, source: VENDOR_PATH_SOURCE, kind: 'http.body', value: `${path.path}: ${context}` }));
  return { facts: decoded, outcome: 'found' };
}

type WebPort = { ip: string; port: number; probe: TcpProbe };

/**
 * One port's paths, one after another in file order: a family stops at a settling answer, and a
 * fallback is asked only when the path it backs answered without its markers. Unreachable or
 * refusing ports add nothing.
 */
async function askPort({ ip, port, probe }: WebPort, paths: readonly VendorPath[], ctx: ProbeContext, limit: LimitFunction): Promise<Observation[]> {
  const facts: Observation[] = [];
  const outcomes = new Map<string, PathOutcome>();
  const settled = new Set<string>();
  for (const path of paths) {
    if (ctx.signal.aborted) break;
    if (settled.has(path.family)) continue;
    if (path.fallbackOf !== undefined && outcomes.get(path.fallbackOf) !== 'answered') continue;
    const answer = await limit(async () => {
      if (ctx.signal.aborted) return { facts: [], outcome: 'absent' as const };
      try {
        await ctx.pace?.();
        const reply = await probeExchange(probe, ip, port, ctx, { request: httpGet(ip, port, path.path), maxBytes: MAX_BYTES });
        return pathAnswer(reply.data, path, probe, ip, port, ctx);
      } catch {
        return { facts: [], outcome: 'absent' as const };
      }
    });
    outcomes.set(path.id, answer.outcome);
    facts.push(...answer.facts);
    if (answer.outcome === 'found' && path.settles) settled.add(path.family);
  }
  return facts;
}

/**
 * Requests the vendor paths on every in-scope web port whose GET / observations point to a
 * covered maker (or an unattributed camera/NVR), `concurrency` exchanges at a time.
 */
export async function runVendorPaths(
  observations: readonly Observation[],
  ctx: ProbeContext,
  concurrency: number,
  looksLike: LooksLike,
  config: VendorPaths = (shipped ??= loadVendorPaths()),
): Promise<Observation[]> {
  const limit = pLimit(Math.max(1, concurrency));
  const results = await Promise.all(
    [...webPorts(observations).values()]
      .filter((p) => scopeContains(ctx.scope, p.ip))
      .map((p) => {
        const families = familiesFor(p.facts, config, looksLike);
        return askPort(p, config.paths.filter((path) => families.has(path.family)), ctx, limit);
      }),
  );
  return results.flat();
}
