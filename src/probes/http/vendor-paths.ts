/**
 * Vendor identification paths (oui/probes/http-paths.json) on web ports whose GET / already
 * looks like a camera/NVR family by the fingerprint rules. GET only, never credentials, never a
 * state-changing request; each exchange as bounded as the TCP probes', decoded by the same HTTP
 * probe. A 404 adds nothing; a challenge adds its realm; a body adds the marker it holds.
 */
import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import { z } from 'zod';
import type { Observation } from '../../observations/observation.js';
import { scopeContains } from '../../scope/index.js';
import { type ProbeContext, excerpt, observe } from '../probe-context.js';
import { probeExchange } from '../tcp/tcp-runner.js';
import { HTTP, HTTPS, httpGet, type TcpProbe } from '../tcp/tcp-probes.js';
import { parseResponseHead } from './response-head.js';

/** A path: absolute, no spaces or line breaks (nothing can be smuggled into the request line). */
const PATH = /^\/[\x21-\x7e]{0,255}$/;

/** Characters an answer's document may keep: its path and ": " added, a stored value stays within 4,096. */
export const MAX_DOCUMENT_CHARS = 3584;

/** A covered entity's id ("hikvision"); that the shipped file names only real ones is a test's job (this stage does not know the list). */
const family = z.string().regex(/^[a-z]+$/);

const fileSchema = z.object({
  description: z.string(),
  looksLike: z.object({ entities: z.array(family), deviceTypes: z.array(z.string().min(1)), source: z.string().min(1) }),
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
        evidence: z.string().min(1),
        source: z.string().min(1),
      }),
    )
    .min(1),
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
 * every family when the rules only say "camera/NVR/DVR" (that is how an OEM relabel shows). Empty
 * when it does not look like one at all.
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
  return cameraLike ? new Set(config.paths.map((p) => p.family)) : new Set();
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

/** One reply to one path as observations: nothing for a 404 or an empty reply. */
export function pathFacts(data: Buffer, path: VendorPath, probe: TcpProbe, ip: string, port: number, ctx: ProbeContext): Observation[] {
  if (!data.length) return [];
  const head = parseResponseHead(data);
  if (head?.protocol === 'HTTP' && head.status === 404) return [];
  // The same decoding as GET /, minus its generic body excerpt: a script file's first 2 KiB says little.
  const decoded = probe
    .decode({ data, truncated: false }, ip, port, ctx)
    .filter((o) => o.kind !== 'http.body')
    .map((o) => ({ ...o, source: VENDOR_PATH_SOURCE }));
  const context = head?.protocol === 'HTTP' && head.status === 200 ? markerContext(head.body, path.markers, path.document) : null;
  if (context) decoded.push(observe(ctx, { ip, port, source: VENDOR_PATH_SOURCE, kind: 'http.body', value: `${path.path}: ${context}` }));
  return decoded;
}

/**
 * Requests the vendor paths on every in-scope web port whose GET / observations look like a
 * camera/NVR family, `concurrency` exchanges at a time. Unreachable ports add nothing.
 */
export async function runVendorPaths(
  observations: readonly Observation[],
  ctx: ProbeContext,
  concurrency: number,
  looksLike: LooksLike,
  config: VendorPaths = (shipped ??= loadVendorPaths()),
): Promise<Observation[]> {
  const limit = pLimit(Math.max(1, concurrency));
  const jobs = [...webPorts(observations).values()]
    .filter((p) => scopeContains(ctx.scope, p.ip))
    .flatMap((p) => {
      const families = familiesFor(p.facts, config, looksLike);
      return config.paths.filter((path) => families.has(path.family)).map((path) => ({ ...p, path }));
    });
  const results = await Promise.all(
    jobs.map(({ ip, port, probe, path }) =>
      limit(async () => {
        if (ctx.signal.aborted) return [];
        try {
          await ctx.pace?.();
          const reply = await probeExchange(probe, ip, port, ctx, { request: httpGet(ip, port, path.path), maxBytes: MAX_BYTES });
          return pathFacts(reply.data, path, probe, ip, port, ctx);
        } catch {
          return [];
        }
      }),
    ),
  );
  return results.flat();
}
