/**
 * Puts everything the server has not been given into batches, in bounded pieces, and writes each
 * batch's exact bytes into the outbox in the same transaction that advances the marks of what has
 * been batched: a crash before the push leaves the same bytes to send, a crash during the build
 * leaves nothing half-batched.
 *
 * Order: finished scans; verdict rows (a device names its current verdict, whose row comes in the
 * same or an earlier batch); devices whose row changed, each with its address and MAC history;
 * change events; triage decisions made here; then which devices each newly batched complete scan
 * saw, as id ranges. The first build of an existing inventory carries its whole history.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { createRequire } from 'node:module';
import type { Inventory } from '../inventory/inventory.js';
import type { SyncMarks } from '../inventory/sync-store.js';
import { BATCH_MAX_BYTES, BATCH_MAX_ROWS, PROTOCOL_VERSION } from './protocol.js';
import { addressRow, deviceHash, deviceRow, eventRow, idRanges, macRow, scanRow, triageRow, verdictRow } from './rows.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Rows read per statement. */
const PAGE = 500;
/** Device id pairs per sightings entry (the protocol allows 100,000). */
const RANGES_PER_SIGHTING = 50_000;

const SECTIONS = ['scans', 'devices', 'addresses', 'macs', 'verdicts', 'events', 'triage', 'seen'] as const;
type Section = (typeof SECTIONS)[number];

export interface BuildOptions {
  /** The site's name as enrolled on the server (config fleet.site). */
  readonly site: string;
  readonly now?: () => Date;
  /** Tests lower these to see batches split; the protocol's are the ceiling. */
  readonly maxRows?: number;
  readonly maxBytes?: number;
}

export interface BuiltBatch {
  readonly seq: number;
  readonly bytes: number;
  readonly rows: number;
}

/** Collects rows as JSON texts and closes a batch when the next row would pass a bound. */
class BatchWriter {
  private sections = emptySections();
  private rows = 0;
  private bytes = 0;
  readonly built: BuiltBatch[] = [];

  constructor(
    private readonly inventory: Inventory,
    private readonly marks: { builtSeq: number },
    private readonly header: (seq: number) => string,
    private readonly maxRows: number,
    private readonly maxBytes: number,
  ) {}

  add(section: Section, row: unknown): void {
    const text = JSON.stringify(row);
    const size = Buffer.byteLength(text) + 1;
    // A single row over the bound still goes, alone: the server's limit is well above ours.
    if (this.rows > 0 && (this.rows + 1 > this.maxRows || this.envelope() + this.bytes + size > this.maxBytes)) this.flush();
    this.sections[section].push(text);
    this.rows += 1;
    this.bytes += size;
  }

  /** Writes the open batch into the outbox (nothing when it is empty). */
  flush(): void {
    if (this.rows === 0) return;
    const seq = this.marks.builtSeq + 1;
    const parts = SECTIONS.map((s) => `"${s}":[${this.sections[s].join(',')}]`);
    const body = Buffer.from(`${this.header(seq)},${parts.join(',')}}`);
    const sha256 = createHash('sha256').update(body).digest('hex');
    this.inventory.sync.addBatch(seq, body, sha256, this.rows, new Date().toISOString());
    this.marks.builtSeq = seq;
    this.built.push({ seq, bytes: body.length, rows: this.rows });
    this.sections = emptySections();
    this.rows = 0;
    this.bytes = 0;
  }

  /** Bytes of a batch besides its rows: header, section names, brackets (upper bound). */
  private envelope(): number {
    return 512 + 16 * SECTIONS.length;
  }
}

function emptySections(): Record<Section, string[]> {
  return Object.fromEntries(SECTIONS.map((s) => [s, []])) as unknown as Record<Section, string[]>;
}

/** Builds the batches of everything not yet batched; returns them (none when nothing changed). */
export function buildBatches(inventory: Inventory, options: BuildOptions): BuiltBatch[] {
  const now = options.now ?? (() => new Date());
  const sync = inventory.sync;
  return sync.transaction(() => {
    const state = sync.state();
    const marks: { -readonly [K in keyof SyncMarks]: number } = {
      builtSeq: state.builtSeq,
      scanMark: state.scanMark,
      verdictMark: state.verdictMark,
      eventMark: state.eventMark,
      triageMark: state.triageMark,
    };
    const createdAt = now().toISOString();
    const agent = JSON.stringify({ version: version.slice(0, 64), hostname: hostname().slice(0, 256) });
    const header = (seq: number) =>
      `{"protocol":${PROTOCOL_VERSION},"site":${JSON.stringify(options.site)},"seq":${seq},"createdAt":"${createdAt}","agent":${agent}`;
    const out = new BatchWriter(inventory, marks, header, Math.min(options.maxRows ?? BATCH_MAX_ROWS, BATCH_MAX_ROWS), Math.min(options.maxBytes ?? BATCH_MAX_BYTES, BATCH_MAX_BYTES));

    const complete: { id: number; at: string }[] = [];
    for (let page = sync.finishedScansAfter(marks.scanMark, PAGE); page.length > 0; page = sync.finishedScansAfter(marks.scanMark, PAGE)) {
      for (const stored of page) {
        const row = scanRow(stored);
        out.add('scans', row);
        if (row.status === 'complete' && row.finishedAt !== null) complete.push({ id: row.id, at: row.finishedAt });
        marks.scanMark = row.id;
      }
    }

    for (let page = sync.verdictsAfter(marks.verdictMark, PAGE); page.length > 0; page = sync.verdictsAfter(marks.verdictMark, PAGE)) {
      for (const stored of page) {
        out.add('verdicts', verdictRow(stored));
        marks.verdictMark = stored.id;
      }
    }

    let lastDevice = 0;
    for (let page = sync.devicesAfter(0, PAGE); page.length > 0; page = sync.devicesAfter(lastDevice, PAGE)) {
      const ids = page.map((d) => d.id);
      const facts = sync.labelFacts(ids);
      const hashes = sync.deviceHashes(ids);
      for (const stored of page) {
        const row = deviceRow(stored, facts.get(stored.id) ?? []);
        const hash = deviceHash(row);
        if (hashes.get(stored.id) === hash) continue;
        out.add('devices', row);
        for (const a of sync.addresses(stored.id)) out.add('addresses', addressRow(a));
        for (const m of sync.macs(stored.id)) out.add('macs', macRow(m));
        sync.setDeviceHash(stored.id, hash);
      }
      lastDevice = ids.at(-1) ?? lastDevice;
    }

    for (let page = sync.eventsAfter(marks.eventMark, PAGE); page.length > 0; page = sync.eventsAfter(marks.eventMark, PAGE)) {
      for (const stored of page) {
        out.add('events', eventRow(stored));
        marks.eventMark = stored.id;
      }
    }

    for (let page = sync.siteTriageAfter(marks.triageMark, PAGE); page.length > 0; page = sync.siteTriageAfter(marks.triageMark, PAGE)) {
      for (const stored of page) {
        out.add('triage', triageRow(stored));
        marks.triageMark = stored.id;
      }
    }
    // Central decisions received here are not sent back: the mark passes them too.
    marks.triageMark = Math.max(marks.triageMark, sync.maxTriageId());

    for (const scan of complete) {
      const ranges = idRanges(sync.scanDeviceIds(scan.id));
      for (let i = 0; i === 0 || i < ranges.length; i += RANGES_PER_SIGHTING) {
        out.add('seen', { scanId: scan.id, at: scan.at, devices: ranges.slice(i, i + RANGES_PER_SIGHTING) });
      }
    }

    out.flush();
    sync.setMarks(marks);
    return out.built;
  });
}
