/**
 * A compact, pre-built form of the IEEE registry for fast cold lookups: a one-line JSON header,
 * then per block (MA-S, MA-M, MA-L) the sorted prefixes as float64 and each one's entry number as
 * uint32, then the distinct entries ("Registrant\nAddress …") as UTF-8 with their offsets.
 * Loading is one file read and no parse; a lookup is a binary search and one string decode.
 * Two registries are kept in this form: the shipped one, built from node_modules/oui-data at build
 * time (build-oui-index.ts) and tagged with the package version and the size of the registry file
 * it came from, so a registry upgraded without a rebuild is noticed (version and size, not a content
 * hash: two small reads at every start, where hashing the 5.6 MB registry would cost more than the
 * whole lookup); and one an admin loaded from the IEEE's CSV files (`lanaudit oui update`). The
 * header also says which registry it is: its date, origin and assignment counts.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const OUI_INDEX_FORMAT = 3;

export type OuiBlock = 'MA-L' | 'MA-M' | 'MA-S';

/** Which registry an index holds, for `status` and reports. */
export interface RegistryInfo {
  /** The registry's date (YYYY-MM-DD); null when nothing records it. */
  readonly date: string | null;
  /** "oui-data 2.1.9", or the IEEE CSV files an admin loaded. */
  readonly origin: string;
  /** Assignments per block. */
  readonly counts: Readonly<Record<OuiBlock, number>>;
  /** A registry loaded by `lanaudit oui update`: when, and from which folder. */
  readonly loaded?: { readonly at: string; readonly from: string };
}

/** Which registry an index was built from: oui-data's package version and its index.json's size. */
export interface RegistrySource {
  readonly version: string;
  readonly bytes: number;
}

/** The RegistrySource of the oui-data registry file at `path` (its index.json), read from beside it. */
export function registrySource(path: string): RegistrySource {
  let version = '';
  try {
    const pkg = JSON.parse(readFileSync(join(dirname(path), 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    // No readable package.json: the size alone must then match.
  }
  return { version, bytes: statSync(path).size };
}

/** Hex prefix lengths of the blocks, longest first (the lookup order). */
export const INDEX_BLOCKS = [9, 7, 6] as const;

/** The block a hex prefix length names. */
export const BLOCK_OF: Readonly<Record<(typeof INDEX_BLOCKS)[number], OuiBlock>> = { 9: 'MA-S', 7: 'MA-M', 6: 'MA-L' };

interface Header {
  readonly format: number;
  /** The registry file the index was built from. */
  readonly source: RegistrySource;
  readonly registry: RegistryInfo;
  /** Hex length → [count, offset of the prefixes, offset of the entry numbers]. */
  readonly blocks: Readonly<Record<string, readonly [number, number, number]>>;
  /** [entries, offset of the uint32 offsets (entries + 1), offset of the UTF-8 text]. */
  readonly strings: readonly [number, number, number];
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Encodes a table in oui-data's form (upper-case hex prefix → entry text); the counts of `registry` are those of the table. */
export function encodeOuiIndex(table: Readonly<Record<string, unknown>>, source: RegistrySource, registry: Omit<RegistryInfo, 'counts'>): Buffer {
  const ids = new Map<string, number>();
  const texts: Buffer[] = [];
  const blocks = new Map<number, [number, number][]>(INDEX_BLOCKS.map((len) => [len, []]));
  for (const [key, value] of Object.entries(table)) {
    const rows = blocks.get(key.length);
    if (typeof value !== 'string' || rows === undefined || !/^[0-9A-F]+$/.test(key)) continue;
    let id = ids.get(value);
    if (id === undefined) {
      id = texts.length;
      ids.set(value, id);
      texts.push(Buffer.from(value, 'utf8'));
    }
    rows.push([Number.parseInt(key, 16), id]);
  }
  const counts = Object.fromEntries(INDEX_BLOCKS.map((len) => [BLOCK_OF[len], blocks.get(len)!.length])) as Record<OuiBlock, number>;
  // Offsets are laid out after the header, whose length depends on them: two passes settle it.
  let headerBytes = 0;
  for (;;) {
    let at = headerBytes;
    const layout: Record<string, [number, number, number]> = {};
    for (const [len, rows] of blocks) {
      const keysAt = at;
      const idsAt = keysAt + rows.length * 8;
      layout[String(len)] = [rows.length, keysAt, idsAt];
      at = align8(idsAt + rows.length * 4);
    }
    const offsetsAt = at;
    const textAt = offsetsAt + (texts.length + 1) * 4;
    const header: Header = {
      format: OUI_INDEX_FORMAT,
      source: { version: source.version, bytes: source.bytes },
      registry: { ...registry, counts },
      blocks: layout,
      strings: [texts.length, offsetsAt, textAt],
    };
    const json = JSON.stringify(header);
    const needed = align8(Buffer.byteLength(json) + 1);
    if (needed !== headerBytes) {
      headerBytes = needed;
      continue;
    }
    const total = textAt + texts.reduce((n, t) => n + t.length, 0);
    const out = Buffer.alloc(total);
    out.write(json.padEnd(headerBytes - 1, ' '), 0, 'latin1');
    out[headerBytes - 1] = 0x0a;
    for (const [len, rows] of blocks) {
      rows.sort((a, b) => a[0] - b[0]);
      const [, keysAt, idsAt] = layout[String(len)]!;
      rows.forEach(([prefix, id], i) => {
        out.writeDoubleLE(prefix, keysAt + i * 8);
        out.writeUInt32LE(id, idsAt + i * 4);
      });
    }
    let textOffset = 0;
    texts.forEach((t, i) => {
      out.writeUInt32LE(textOffset, offsetsAt + i * 4);
      t.copy(out, textAt + textOffset);
      textOffset += t.length;
    });
    out.writeUInt32LE(textOffset, offsetsAt + texts.length * 4);
    return out;
  }
}

/** A decoded index: lookups by exact hex prefix. */
export class OuiIndex {
  private constructor(
    private readonly data: Buffer,
    private readonly header: Header,
  ) {}

  /**
   * The index in `data`, or null when it is not one this code can read or, given `source`, was
   * built from another registry file (a loaded registry is checked when it is written instead).
   */
  static decode(data: Buffer, source: RegistrySource | null): OuiIndex | null {
    const header = parseHeader(data, source);
    return header === null ? null : new OuiIndex(data, header);
  }

  get registry(): RegistryInfo {
    return this.header.registry;
  }

  /** The registry entry for an upper-case hex prefix of 6, 7 or 9 digits, or undefined. */
  entry(hex: string): string | undefined {
    const block = this.header.blocks[String(hex.length)];
    if (block === undefined || !/^[0-9A-F]+$/.test(hex)) return undefined;
    const [count, keysAt, idsAt] = block;
    const want = Number.parseInt(hex, 16);
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const key = this.data.readDoubleLE(keysAt + mid * 8);
      if (key < want) lo = mid + 1;
      else if (key > want) hi = mid - 1;
      else return this.text(this.data.readUInt32LE(idsAt + mid * 4));
    }
    return undefined;
  }

  private text(id: number): string {
    const [, offsetsAt, textAt] = this.header.strings;
    const start = this.data.readUInt32LE(offsetsAt + id * 4);
    const end = this.data.readUInt32LE(offsetsAt + (id + 1) * 4);
    return this.data.toString('utf8', textAt + start, textAt + end);
  }
}

function parseHeader(data: Buffer, source: RegistrySource | null): Header | null {
  const end = data.indexOf(0x0a);
  if (end < 0) return null;
  let header: Header;
  try {
    header = JSON.parse(data.toString('latin1', 0, end)) as Header;
  } catch {
    return null;
  }
  if (header.format !== OUI_INDEX_FORMAT) return null;
  if (source !== null && (header.source?.version !== source.version || header.source.bytes !== source.bytes)) return null;
  return header;
}

/** The header is small: this much holds it with room to spare. */
const HEADER_READ = 64 * 1024;

/** Which registry the index file at `path` holds, reading its header only; null when there is none this code reads. */
export function readRegistryInfo(path: string | URL, source: RegistrySource | null): RegistryInfo | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(HEADER_READ);
    const read = readSync(fd, buffer, 0, HEADER_READ, 0);
    return parseHeader(buffer.subarray(0, read), source)?.registry ?? null;
  } finally {
    closeSync(fd);
  }
}
