/**
 * Puts everything the server has not been given into batches, in bounded pieces, and writes each
 * batch's exact bytes into the outbox in the same transaction that advances the marks of what has
 * been batched: a crash before the push leaves the same bytes to send, a crash during the build
 * leaves every batch written whole and the rest for the next build. One short transaction per
 * batch, not one for the whole build: a first build of a large inventory never holds the write
 * lock long enough to stall a scan writing beside it.
 *
 * Order: device merges (the server applies them before the rest: the rows after them name the
 * device merged into); finished scans; verdict rows (a device names its current verdict, whose row comes in the
 * same or an earlier batch); devices whose row changed, each with its address and MAC history;
 * change events; triage decisions made here; then which devices each newly batched complete scan
 * saw, as id ranges. The first build of an existing inventory carries its whole history.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { createRequire } from 'node:module';
import type { Inventory } from '../inventory/inventory.js';
import type { SyncMarks } from '../inventory/sync-store.js';
import { BATCH_MAX_BYTES, BATCH_MAX_ROWS, PROTOCOL_VERSION, type DeviceRow } from './protocol.js';
import { addressRow, deviceHash, deviceRow, eventRow, idRanges, isoTime, macRow, mergeRow, scanRow, triageRow, verdictRow } from './rows.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Rows read per statement. */
const PAGE = 500;
/** Device id pairs per sightings entry (the protocol allows 100,000). */
const RANGES_PER_SIGHTING = 50_000;

const SECTIONS = ['merged', 'scans', 'devices', 'addresses', 'macs', 'verdicts', 'events', 'triage', 'seen'] as const;
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
  /** Hashes of the devices in the open batch, recorded with it. */
  private hashes: [deviceId: number, hash: string][] = [];
  /** Bytes of a batch besides its rows: header, section names, brackets. */
  private readonly envelope: number;
  /** The merge mark of the last batch written: the open batch carries the merges after it. */
  private flushedMerge: number;
  readonly built: BuiltBatch[] = [];

  constructor(
    private readonly inventory: Inventory,
    /** Where the build has got to; what is flushed is stored with its batch. */
    private readonly marks: Marks,
    private readonly header: (seq: number) => string,
    /** The latest device merge when the build began. */
    private readonly lastMerge: number,
    private readonly maxRows: number,
    private readonly maxBytes: number,
  ) {
    this.envelope = Buffer.byteLength(header(Number.MAX_SAFE_INTEGER)) + SECTIONS.reduce((n, s) => n + s.length + 6, 1);
    this.flushedMerge = marks.mergeMark;
  }

  /** Puts a changed device's row in the batch, its hash recorded when the batch is written. */
  addDevice(row: DeviceRow, hash: string): void {
    this.add('devices', row);
    this.hashes.push([row.id, hash]);
  }

  add(section: Section, row: unknown): void {
    const text = JSON.stringify(row);
    const size = Buffer.byteLength(text) + 1;
    // A single row over the bound still goes, alone: the server's limit is well above ours.
    if (this.rows > 0 && (this.rows + 1 > this.maxRows || this.envelope + this.bytes + size > this.maxBytes)) this.flush();
    this.sections[section].push(text);
    this.rows += 1;
    this.bytes += size;
  }

  /**
   * Writes the open batch into the outbox with the marks it advances, in one transaction (marks
   * move only with rows: nothing to write when it is empty). Throws AnotherBuild when another
   * process built meanwhile, or merged devices: rows read since may name a device that took a merged
   * device's id, and must come after the merge.
   */
  flush(): void {
    if (this.rows === 0) return;
    const sync = this.inventory.sync;
    sync.transaction(() => {
      if (sync.state().builtSeq !== this.marks.builtSeq || sync.lastMergeId() !== this.lastMerge) throw new AnotherBuild();
      const seq = this.marks.builtSeq + 1;
      // `merged` is optional: a batch without merges has no such section.
      const parts = SECTIONS.filter((s) => s !== 'merged' || this.sections.merged.length > 0).map((s) => `"${s}":[${this.sections[s].join(',')}]`);
      const body = Buffer.from(`${this.header(seq)},${parts.join(',')}}`);
      sync.addBatch(seq, body, createHash('sha256').update(body).digest('hex'), this.rows, new Date().toISOString());
      for (const [deviceId, hash] of this.hashes) sync.setDeviceHash(deviceId, hash);
      sync.mergesBatched(this.flushedMerge, this.marks.mergeMark, seq);
      sync.setMarks({ ...this.marks, builtSeq: seq });
      this.marks.builtSeq = seq;
      this.flushedMerge = this.marks.mergeMark;
      this.built.push({ seq, bytes: body.length, rows: this.rows });
    });
    this.sections = emptySections();
    this.hashes = [];
    this.rows = 0;
    this.bytes = 0;
  }
}

function emptySections(): Record<Section, string[]> {
  return Object.fromEntries(SECTIONS.map((s) => [s, []])) as unknown as Record<Section, string[]>;
}

/** Another process wrote a batch or merged devices while this one was building: the next build carries the rest. */
class AnotherBuild extends Error {}

type Marks = { -readonly [K in keyof SyncMarks]: number };

/** Builds the batches of everything not yet batched; returns them (none when nothing changed). */
export function buildBatches(inventory: Inventory, options: BuildOptions): BuiltBatch[] {
  const now = options.now ?? (() => new Date());
  const sync = inventory.sync;
  const { builtSeq, scanMark, verdictMark, eventMark, triageMark, seenMark, mergeMark } = sync.state();
  const marks: Marks = { builtSeq, scanMark, verdictMark, eventMark, triageMark, seenMark, mergeMark };
  const createdAt = now().toISOString();
  const agent = JSON.stringify({ version: version.slice(0, 64), hostname: hostname().slice(0, 256) });
  const header = (seq: number) => `{"protocol":${PROTOCOL_VERSION},"site":${JSON.stringify(options.site)},"seq":${seq},"createdAt":"${createdAt}","agent":${agent}`;
  const out = new BatchWriter(inventory, marks, header, sync.lastMergeId(), Math.min(options.maxRows ?? BATCH_MAX_ROWS, BATCH_MAX_ROWS), Math.min(options.maxBytes ?? BATCH_MAX_BYTES, BATCH_MAX_BYTES));
  try {
    // Each mark moves only as its rows go into the open batch, so a flush stores exactly what it holds.
    for (let page = sync.mergesAfter(marks.mergeMark, PAGE); page.length > 0; page = sync.mergesAfter(marks.mergeMark, PAGE)) {
      for (const stored of page) {
        out.add('merged', mergeRow(stored));
        marks.mergeMark = stored.id;
      }
    }

    for (let page = sync.finishedScansAfter(marks.scanMark, PAGE); page.length > 0; page = sync.finishedScansAfter(marks.scanMark, PAGE)) {
      for (const stored of page) {
        out.add('scans', scanRow(stored));
        marks.scanMark = stored.id;
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
        // A verdict saved since the verdicts above were read: the device goes with it, next build.
        if (stored.verdict_id !== null && stored.verdict_id > marks.verdictMark) continue;
        const row = deviceRow(stored, facts.get(stored.id) ?? []);
        const hash = deviceHash(row);
        if (hashes.get(stored.id) === hash) continue;
        out.addDevice(row, hash);
        for (const a of sync.addresses(stored.id)) out.add('addresses', addressRow(a));
        for (const m of sync.macs(stored.id)) out.add('macs', macRow(m));
      }
      lastDevice = ids.at(-1) ?? lastDevice;
    }

    for (let page = sync.eventsAfter(marks.eventMark, PAGE); page.length > 0; page = sync.eventsAfter(marks.eventMark, PAGE)) {
      for (const stored of page) {
        out.add('events', eventRow(stored));
        marks.eventMark = stored.id;
      }
    }

    // Decisions made here only: those received from the server are not sent back.
    for (let page = sync.siteTriageAfter(marks.triageMark, PAGE); page.length > 0; page = sync.siteTriageAfter(marks.triageMark, PAGE)) {
      for (const stored of page) {
        out.add('triage', triageRow(stored));
        marks.triageMark = stored.id;
      }
    }

    for (const scan of sync.completeScans(marks.seenMark, marks.scanMark)) {
      const ranges = idRanges(sync.scanDeviceIds(scan.id));
      const at = isoTime(scan.finished_at, `scan ${scan.id}`);
      for (let i = 0; i === 0 || i < ranges.length; i += RANGES_PER_SIGHTING) {
        out.add('seen', { scanId: scan.id, at, devices: ranges.slice(i, i + RANGES_PER_SIGHTING) });
      }
      marks.seenMark = scan.id;
    }

    out.flush();
  } catch (err) {
    if (!(err instanceof AnotherBuild)) throw err;
  }
  return out.built;
}
