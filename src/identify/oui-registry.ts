/**
 * Which IEEE registry MAC lookups use: the copy shipped with lanaudit (oui-data, indexed at build
 * time), or one an admin loaded from the IEEE's CSV files (`lanaudit oui update`), kept in the data
 * directory so that it survives package upgrades. The loaded one is used while it is at least as new
 * as the shipped one: an upgrade that ships a newer registry takes over from an older loaded one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { dataDir } from '../util/data-dir.js';
import { BLOCK_OF, INDEX_BLOCKS, readRegistryInfo, registrySource, type OuiBlock, type RegistryInfo } from './oui-index.js';

/** Where the build puts the shipped index: dist/oui-index.bin beside dist/identify/ (absent when running from src/). */
export const OUI_INDEX_URL = new URL('../oui-index.bin', import.meta.url);
/** The shipped registry's date, which oui-data does not state (oui/ sits two levels above src/identify and dist/identify). */
export const SHIPPED_DATE_URL = new URL('../../oui/registry.json', import.meta.url);

/** The installed oui-data registry file (its index.json). */
export function ouiDataPath(): string {
  return createRequire(import.meta.url).resolve('oui-data');
}

/** Where `lanaudit oui update` writes and every lookup looks: $LANAUDIT_OUI_REGISTRY, else oui-registry.bin in the data directory. */
export function loadedRegistryPath(env: NodeJS.ProcessEnv = process.env, uid: number | undefined = process.getuid?.()): string {
  const given = env['LANAUDIT_OUI_REGISTRY'];
  return given !== undefined && given !== '' ? given : join(dataDir(env, uid), 'oui-registry.bin');
}

/** The date oui/registry.json records for the installed oui-data, or null when it records another version. */
export function shippedDate(version: string = registrySource(ouiDataPath()).version): string | null {
  try {
    const recorded = JSON.parse(readFileSync(SHIPPED_DATE_URL, 'utf8')) as { version?: unknown; date?: unknown };
    return recorded.version === version && typeof recorded.date === 'string' ? recorded.date : null;
  } catch {
    return null;
  }
}

/** The shipped registry as the build's index names it, with origin and date only, for the index's header. */
export function shippedOrigin(): Omit<RegistryInfo, 'counts'> {
  const { version } = registrySource(ouiDataPath());
  return { date: shippedDate(version), origin: `oui-data ${version}` };
}

/** A loaded registry is used unless the shipped one is known to be newer. */
export function prefersLoaded(loaded: Pick<RegistryInfo, 'date'>, shipped: string | null): boolean {
  return shipped === null || (loaded.date !== null && loaded.date >= shipped);
}

/** Which registry a loaded index file holds when lookups should use it, else null. */
export function usableLoadedRegistry(path: string = loadedRegistryPath()): RegistryInfo | null {
  const loaded = readRegistryInfo(path, null);
  return loaded !== null && prefersLoaded(loaded, shippedDate()) ? loaded : null;
}

function shippedRegistry(): RegistryInfo {
  const path = ouiDataPath();
  const indexed = readRegistryInfo(OUI_INDEX_URL, registrySource(path));
  if (indexed !== null) return indexed;
  // No build (running from src/): count the registry itself.
  const table = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const counts = { 'MA-L': 0, 'MA-M': 0, 'MA-S': 0 } as Record<OuiBlock, number>;
  for (const key of Object.keys(table)) {
    const len = INDEX_BLOCKS.find((n) => n === key.length);
    if (len !== undefined) counts[BLOCK_OF[len]]++;
  }
  return { ...shippedOrigin(), counts };
}

export interface RegistryChoice {
  /** The registry lookups use. */
  readonly registry: RegistryInfo;
  /** Whether it is one `lanaudit oui update` loaded (else the shipped one). */
  readonly loaded: boolean;
  /** Why a loaded registry file is not used (older than the shipped one, unreadable), if there is one. */
  readonly passedOver?: string;
}

/** The registry in use and why, reading index headers only. */
export function registryInUse(path: string = loadedRegistryPath()): RegistryChoice {
  const loaded = readRegistryInfo(path, null);
  const shipped = shippedRegistry();
  if (loaded !== null && prefersLoaded(loaded, shipped.date)) return { registry: loaded, loaded: true };
  if (loaded !== null) return { registry: shipped, loaded: false, passedOver: `${path} holds an older registry (${loaded.date ?? 'undated'})` };
  if (existsSync(path)) return { registry: shipped, loaded: false, passedOver: `${path} is not a registry this version reads (load it again with lanaudit oui update)` };
  return { registry: shipped, loaded: false };
}
