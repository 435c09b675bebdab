/**
 * MAC prefix → IEEE registrant, longest prefix first (MA-S 36 bits, MA-M 28, MA-L 24): a 24-bit
 * lookup alone names the IEEE itself for every MA-L the registry splits into smaller blocks.
 * The registry (oui-data, ~53k entries, ~5 MB of JSON) is read on first lookup only, so commands
 * that never identify anything (`lanaudit --version`) do not pay for it, and from the compact index
 * the build makes of it (oui-index.ts) when there is one: no 5 MB parse for `lanaudit oui`. A
 * registry an admin loaded with `lanaudit oui update` takes its place while it is not older
 * (oui-registry.ts).
 */
import { readFileSync } from 'node:fs';
import { normalizeMac } from '../observations/observation.js';
import { OuiIndex, registrySource, type OuiBlock, type RegistrySource } from './oui-index.js';
import { loadedRegistryPath, OUI_INDEX_URL, ouiDataPath, usableLoadedRegistry } from './oui-registry.js';

export type { OuiBlock } from './oui-index.js';

/** Why a match names no maker. */
export type UnknownReason =
  /** Held by the IEEE Registration Authority itself: an MA-L split into MA-M/MA-S blocks, none of which holds this MAC. */
  | 'unassigned'
  /** Registered with the owner's name withheld. */
  | 'private';

export type OuiMatch =
  | {
      /** The matched prefix, colon-formatted: "58:50:ED", "70:B3:D5:1", "70:B3:D5:0A:E". */
      readonly prefix: string;
      readonly block: OuiBlock;
      /** First line of the registry entry, exactly as registered. */
      readonly registrant: string;
      /** The rest of the entry on one line ("" when the registry gives none). */
      readonly address: string;
      readonly unknown?: undefined;
    }
  | {
      readonly prefix: string;
      readonly block: OuiBlock;
      readonly registrant: null;
      readonly address: '';
      readonly unknown: UnknownReason;
    };

const BLOCKS: ReadonlyArray<readonly [number, OuiBlock]> = [
  [9, 'MA-S'],
  [7, 'MA-M'],
  [6, 'MA-L'],
];

/** The registry names itself on blocks it has split up or keeps; that says nothing about a maker. */
const IEEE_RA = 'IEEE Registration Authority';

/** Upper-case hex prefix → "Registrant\nAddress lines". */
type Entries = (key: string) => string | undefined;

let entries: Entries | undefined;

/**
 * The compact index when the build made one from the installed registry; the registry's own JSON
 * otherwise (running from src/, or a registry upgraded without a rebuild). The parsed object is
 * used as is: copying 53k entries into a Map would double the load time for no faster lookup.
 */
function loadEntries(): Entries {
  const loaded = readLoadedIndex();
  if (loaded !== null) return (key) => loaded.entry(key);
  const path = ouiDataPath();
  const index = readIndex(registrySource(path));
  if (index !== null) return (key) => index.entry(key);
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`bug: oui-data at ${path} is not an object`);
  const table = raw as Readonly<Record<string, unknown>>;
  return (key) => {
    const value = Object.hasOwn(table, key) ? table[key] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
}

function readIndex(source: RegistrySource | null, file: string | URL = OUI_INDEX_URL): OuiIndex | null {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return null;
  }
  return OuiIndex.decode(data, source);
}

/** The registry `lanaudit oui update` loaded, when there is one and the shipped one is not newer. */
function readLoadedIndex(): OuiIndex | null {
  const path = loadedRegistryPath();
  return usableLoadedRegistry(path) === null ? null : readIndex(null, path);
}

function entryFor(key: string): string | undefined {
  entries ??= loadEntries();
  return entries(key);
}

/** "70B3D50AE" → "70:B3:D5:0A:E". */
export function formatPrefix(hex: string): string {
  return (hex.match(/.{1,2}/g) ?? []).join(':');
}

/** The registrant of a MAC's block, or null when the MAC is malformed or its prefix is not in the registry. */
export function lookupOui(mac: string): OuiMatch | null {
  const normalized = normalizeMac(mac);
  if (normalized === null) return null;
  const hex = normalized.replace(/:/g, '').toUpperCase();
  for (const [length, block] of BLOCKS) {
    const key = hex.slice(0, length);
    const entry = entryFor(key);
    if (entry === undefined) continue;
    const prefix = formatPrefix(key);
    const [first = '', ...rest] = entry.split('\n');
    const registrant = first.trim();
    if (registrant === IEEE_RA) return { prefix, block, registrant: null, address: '', unknown: 'unassigned' };
    if (registrant === 'Private') return { prefix, block, registrant: null, address: '', unknown: 'private' };
    const address = rest
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join(', ');
    return { prefix, block, registrant, address };
  }
  return null;
}
