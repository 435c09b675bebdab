/** Turns what the user asked for into the set of addresses a scan may touch, refusing what it must not. */
import { networkInterfaces } from 'node:os';
import { UsageError } from '../util/errors.js';
import { LINK_LOCAL_BLOCK, LOOPBACK_BLOCK, NEVER_SCANNABLE_BLOCKS, RFC1918_BLOCKS, neverScannableBlock } from './ipv4.js';
import { localSubnets } from './local-subnets.js';
import { quoteInput, readTarget } from './parse-target.js';
import { formatRange, intersectRanges, normalizeRanges, rangesSize, subtractRanges } from './range-set.js';
import type { Ipv4Range, ScopeChoice, ScopeRequest } from './types.js';

export const DEFAULT_MAX_HOSTS = 65_536;

/** Space a scan may touch without --allow-public. */
const PRIVATE_RANGES: readonly Ipv4Range[] = normalizeRanges(
  [...RFC1918_BLOCKS, LINK_LOCAL_BLOCK, LOOPBACK_BLOCK].map((b) => b.range),
);
const NEVER_SCANNABLE_RANGES: readonly Ipv4Range[] = normalizeRanges(NEVER_SCANNABLE_BLOCKS.map((b) => b.range));

interface Wanted {
  /** As given (trimmed), or "192.168.1.0/24 (eth0)" for a chosen interface subnet. */
  readonly label: string;
  /** The target as the user wrote it, for messages; null for an interface subnet. */
  readonly text: string | null;
  readonly range: Ipv4Range;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function checkMaxHosts(maxHosts: number): void {
  if (!Number.isSafeInteger(maxHosts) || maxHosts < 1) {
    throw new UsageError(`invalid --max-hosts ${String(maxHosts)}: it must be a whole number of at least 1`);
  }
}

/** Refuse a target that, after exclusions, still reaches never-scannable or (without permission) public space. */
function checkTarget(wanted: Wanted, remaining: readonly Ipv4Range[], allowPublic: boolean): void {
  const name = wanted.text === null ? wanted.label : `target ${quoteInput(wanted.text)}`;
  const forbidden = intersectRanges(remaining, NEVER_SCANNABLE_RANGES)[0];
  if (forbidden !== undefined) {
    const block = neverScannableBlock(forbidden.first);
    throw new UsageError(
      `refusing ${name}: it includes ${formatRange(forbidden)}, ${block?.what ?? 'reserved'} space (${block?.cidr ?? '?'}), ` +
        'which is never scanned; narrow the target or --exclude those addresses',
    );
  }
  const publicPart = allowPublic ? undefined : subtractRanges(remaining, PRIVATE_RANGES)[0];
  if (publicPart !== undefined) {
    throw new UsageError(
      `refusing ${name}: it includes public addresses (${formatRange(publicPart)}), outside RFC 1918, link-local and loopback; ` +
        'scan them only if you are authorised to, and then pass --allow-public',
    );
  }
}

function wantedTargets(targets: readonly string[]): { wanted: Wanted[]; notes: string[] } {
  const notes: string[] = [];
  const wanted = targets.map((text): Wanted => {
    const parsed = readTarget(text, 'target');
    if (parsed.note !== undefined) notes.push(parsed.note);
    return { label: text.trim(), text, range: parsed.range };
  });
  return { wanted, notes };
}

function wantedInterfaces(req: ScopeRequest, maxHosts: number): { wanted: Wanted[]; notes: string[] } {
  const local = localSubnets(req.interfaces ?? networkInterfaces(), { linkLocal: req.linkLocal ?? false, maxHosts });
  return {
    wanted: local.subnets.map((s): Wanted => ({ label: s.label, text: null, range: s.range })),
    notes: [...local.notes],
  };
}

/**
 * The scope for `req`, with notes on how it was chosen. Throws UsageError when a target is malformed, reaches
 * never-scannable space, reaches public space without `allowPublic`, exceeds `maxHosts`, or leaves nothing to scan.
 */
export function buildScope(req: ScopeRequest): ScopeChoice {
  const maxHosts = req.maxHosts ?? DEFAULT_MAX_HOSTS;
  checkMaxHosts(maxHosts);
  const excludedRanges = normalizeRanges(req.exclude.map((text) => readTarget(text, 'exclusion').range));

  const excluded = req.exclude.map((text) => text.trim());
  const { wanted, notes } = req.targets.length > 0 ? wantedTargets(req.targets) : wantedInterfaces(req, maxHosts);

  const kept: Ipv4Range[] = [];
  for (const w of wanted) {
    const remaining = subtractRanges([w.range], excludedRanges);
    checkTarget(w, remaining, req.allowPublic ?? false);
    kept.push(...remaining);
  }
  const ranges = normalizeRanges(kept);

  const size = rangesSize(ranges);
  const excludedCount = rangesSize(intersectRanges(normalizeRanges(wanted.map((w) => w.range)), excludedRanges));
  if (excludedCount > 0) notes.push(`exclusions removed ${count(excludedCount)} address${excludedCount === 1 ? '' : 'es'}`);

  if (size === 0) {
    if (wanted.length > 0) {
      throw new UsageError(
        `nothing to scan: the exclusions (${excluded.join(', ')}) cover every address of ` +
          `${wanted.map((w) => w.label).join(', ')}`,
      );
    }
    throw new UsageError(
      'nothing to scan: no target was given and no attached interface has a suitable private subnet ' +
        `(${notes.length > 0 ? notes.join('; ') : 'no network interfaces found'}); give a target such as 192.168.1.0/24`,
    );
  }
  if (size > maxHosts) {
    throw new UsageError(
      `refusing to scan ${count(size)} addresses, more than the limit of ${count(maxHosts)}; ` +
        'narrow the targets, --exclude some, or raise --max-hosts',
    );
  }

  return {
    scope: {
      ranges,
      size,
      labels: wanted.map((w) => w.label),
      excluded,
    },
    notes,
  };
}
