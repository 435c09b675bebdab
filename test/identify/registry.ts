/**
 * Reads oui-data directly, independent of src/identify/oui-lookup.ts, so tests check the lookup
 * and the policy against the registry itself rather than against the code under test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const indexPath = require.resolve('oui-data');

// The package exports only its index, so its manifest is read by path.
export const ouiDataVersion = (JSON.parse(readFileSync(join(dirname(indexPath), 'package.json'), 'utf8')) as { version: string }).version;

const entries = Object.entries(JSON.parse(readFileSync(indexPath, 'utf8')) as Record<string, string>).map(([prefix, value]) => ({ prefix, registrant: value.split('\n')[0] ?? '' }));

/** Every prefix (upper-case hex, 6/7/9 digits) registered to exactly this name. */
export function prefixesOf(name: string): string[] {
  return entries.filter((e) => e.registrant === name).map((e) => e.prefix);
}

const byPrefix = new Map(entries.map((e) => [e.prefix, e.registrant]));

export function registrantOf(prefix: string): string | undefined {
  return byPrefix.get(prefix);
}

export function allPrefixes(): ReadonlySet<string> {
  return new Set(byPrefix.keys());
}

/** A full MAC inside a prefix: the prefix, then zeros and a 1 (a universally administered, unicast address). */
export function macIn(prefix: string): string {
  const hex = `${prefix}${'0'.repeat(12 - prefix.length - 1)}1`.toLowerCase();
  return (hex.match(/../g) ?? []).join(':');
}

/** An MA-S-sized prefix inside `maL` that neither an MA-M nor an MA-S of the registry holds. */
export function unassignedIn(maL: string): string | undefined {
  const known = allPrefixes();
  return Array.from({ length: 4096 }, (_, i) => `${maL}${i.toString(16).toUpperCase().padStart(3, '0')}`).find(
    (p) => !known.has(p) && !known.has(p.slice(0, 7)),
  );
}
