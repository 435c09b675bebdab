/**
 * `lanaudit identify`: observations as JSON Lines in, one verdict per device as JSON Lines out,
 * through exactly the `identify()` a scan uses.
 *
 * Memory: the input is expected grouped by device (all lines of a device together, as a sort by
 * device gives); each group is identified as soon as the next device starts, so memory is bounded
 * by one device's observations (MAX_OBSERVATIONS_PER_DEVICE), whatever the file size. A device
 * that shows up again after its group ended is reported and identified again from the new group;
 * `unsorted: true` instead holds every device until the end (memory grows with the input).
 * Besides the group, a run keeps the ids of the devices it has finished (to report a device seen
 * again) and at most about 64 KB of output before handing it to `write`.
 */
import { identify, type IdentifyOptions } from '../identify/identify.js';
import type { Verdict } from '../identify/verdict.js';
import type { Observation } from '../observations/observation.js';
import { LineSplitter } from './line-reader.js';
import { Utf8Chunks } from './utf8-chunks.js';
import { parseObservationLine } from './observation-line.js';
import { safeJson } from '../util/safe-text.js';

/** Far beyond what one device yields in a scan (tens to a few hundred facts). */
export const MAX_OBSERVATIONS_PER_DEVICE = 10_000;

/** Problems reported per run before the rest are only counted. */
const MAX_REPORTED = 1000;

export interface IdentifyJsonlOptions {
  readonly unsorted?: boolean;
  readonly identifyOptions?: IdentifyOptions;
  /** One problem, already prefixed with its line number. */
  readonly warn: (message: string) => void;
  /** Receives output as UTF-8 in chunks of many lines; may return a promise to apply backpressure. The chunk is the receiver's to keep. */
  readonly write: (chunk: Buffer) => void | Promise<void>;
}

export interface IdentifyJsonlResult {
  readonly lines: number;
  readonly observations: number;
  readonly devices: number;
  readonly skipped: number;
}

/** The output record for one device: the fields, evidence as the engine states it. */
export function verdictLine(device: string, verdict: Verdict): string {
  return safeJson({
    device,
    manufacturer: verdict.manufacturer,
    brand: verdict.brand,
    model: verdict.model,
    serial: verdict.serial,
    firmware: verdict.firmware,
    status: verdict.status,
    covered: verdict.covered,
    confidence: verdict.confidence,
    evidence: verdict.evidence,
  });
}

const FLUSH_BYTES = 64 * 1024;

/** Whether a line holds only white space (most lines start with "{" and are never trimmed). */
const blank = (text: string): boolean => text.length === 0 || (text.charCodeAt(0) !== 0x7b && text.trim() === '');

export async function identifyJsonl(input: AsyncIterable<Buffer | string>, options: IdentifyJsonlOptions): Promise<IdentifyJsonlResult> {
  let reported = 0;
  let skipped = 0;
  let observations = 0;
  let devices = 0;
  let lines = 0;
  const out = new Utf8Chunks();
  const problem = (line: number, message: string): void => {
    reported += 1;
    if (reported <= MAX_REPORTED) options.warn(`line ${line}: ${message}`);
    else if (reported === MAX_REPORTED + 1) options.warn(`more than ${MAX_REPORTED} problems: the rest are only counted`);
  };
  // Verdicts gather in `out` and leave in chunks of many lines; the caller's backpressure is awaited only then.
  const emit = (device: string, group: readonly Observation[]): void => {
    devices += 1;
    out.addLine(verdictLine(device, identify(group, options.identifyOptions)));
  };

  // Sorted input holds only the current device's group; --unsorted holds every group until the end.
  const groups = new Map<string, Observation[]>();
  const done = new Set<string>();
  let current: string | null = null;
  let group: Observation[] = [];

  const take = (lineNumber: number, text: string): void => {
    if (blank(text)) return;
    const parsed = parseObservationLine(text);
    if (!parsed.ok) {
      skipped += 1;
      problem(lineNumber, `${parsed.problem}: skipped`);
      return;
    }
    for (const warning of parsed.warnings) problem(lineNumber, warning);
    const { device } = parsed;
    if (options.unsorted) {
      let held = groups.get(device);
      if (held === undefined) groups.set(device, (held = []));
      group = held;
    } else if (device !== current) {
      if (current !== null) {
        done.add(current);
        emit(current, group);
      }
      if (done.has(device)) problem(lineNumber, `device "${device}" appears again after its group ended (input not grouped by device): it gets a second verdict; sort the input or use --unsorted`);
      current = device;
      group = [];
    }
    if (group.length >= MAX_OBSERVATIONS_PER_DEVICE) {
      skipped += 1;
      problem(lineNumber, `device "${device}" has more than ${MAX_OBSERVATIONS_PER_DEVICE} observations: skipped`);
      return;
    }
    group.push(parsed.observation);
    observations += 1;
  };

  const flush = async (): Promise<void> => {
    await options.write(out.take());
  };
  const splitter = new LineSplitter();
  const takeBatch = async (): Promise<void> => {
    const batch = splitter.lines;
    for (let i = 0; i < batch.length; i += 1) {
      const entry = batch[i]!;
      lines = splitter.firstLine + i;
      if (typeof entry === 'number') {
        skipped += 1;
        problem(lines, `longer than the line bound (${entry} bytes): skipped`);
      } else {
        take(lines, entry);
      }
      if (out.size >= FLUSH_BYTES) await flush();
    }
  };
  for await (const chunk of input) {
    splitter.push(chunk);
    await takeBatch();
  }
  splitter.end();
  await takeBatch();
  if (current !== null) emit(current, group);
  for (const [device, held] of groups) {
    emit(device, held);
    if (out.size >= FLUSH_BYTES) await flush();
  }
  if (out.size > 0) await flush();
  return { lines, observations, devices, skipped };
}
