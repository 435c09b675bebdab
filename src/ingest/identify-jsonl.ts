/**
 * `lanaudit identify`: observations as JSON Lines in, one verdict per device as JSON Lines out,
 * through exactly the `identify()` a scan uses.
 *
 * Memory: the input is expected grouped by device (all lines of a device together, as a sort by
 * device gives); each group is identified as soon as the next device starts, so memory is bounded
 * by one device's observations (MAX_OBSERVATIONS_PER_DEVICE), whatever the file size. A device
 * that shows up again after its group ended is reported and identified again from the new group;
 * `unsorted: true` instead holds every device until the end (memory grows with the input).
 */
import { identify, type IdentifyOptions } from '../identify/identify.js';
import type { Verdict } from '../identify/verdict.js';
import type { Observation } from '../observations/observation.js';
import { readLines } from './line-reader.js';
import { parseObservationLine } from './observation-line.js';

/** Far beyond what one device yields in a scan (tens to a few hundred facts). */
export const MAX_OBSERVATIONS_PER_DEVICE = 10_000;

/** Problems reported per run before the rest are only counted. */
const MAX_REPORTED = 1000;

export interface IdentifyJsonlOptions {
  readonly unsorted?: boolean;
  readonly identifyOptions?: IdentifyOptions;
  /** One problem, already prefixed with its line number. */
  readonly warn: (message: string) => void;
  /** Receives output text in chunks of many lines; may return a promise to apply backpressure. */
  readonly write: (text: string) => void | Promise<void>;
}

export interface IdentifyJsonlResult {
  readonly lines: number;
  readonly observations: number;
  readonly devices: number;
  readonly skipped: number;
}

/** The output record for one device: the fields, evidence as the engine states it. */
export function verdictLine(device: string, verdict: Verdict): string {
  return JSON.stringify({
    device,
    manufacturer: verdict.manufacturer,
    brand: verdict.brand,
    model: verdict.model,
    status: verdict.status,
    covered: verdict.covered,
    confidence: verdict.confidence,
    evidence: verdict.evidence,
  });
}

const FLUSH_CHARS = 64 * 1024;

export async function identifyJsonl(input: AsyncIterable<Buffer | string>, options: IdentifyJsonlOptions): Promise<IdentifyJsonlResult> {
  let reported = 0;
  let skipped = 0;
  let observations = 0;
  let devices = 0;
  let lines = 0;
  let out = '';
  const problem = (line: number, message: string): void => {
    reported += 1;
    if (reported <= MAX_REPORTED) options.warn(`line ${line}: ${message}`);
    else if (reported === MAX_REPORTED + 1) options.warn(`more than ${MAX_REPORTED} problems: the rest are only counted`);
  };
  const emit = async (device: string, group: readonly Observation[]): Promise<void> => {
    devices += 1;
    out += `${verdictLine(device, identify(group, options.identifyOptions))}\n`;
    if (out.length >= FLUSH_CHARS) {
      const chunk = out;
      out = '';
      await options.write(chunk);
    }
  };

  const groups = new Map<string, Observation[]>();
  const done = new Set<string>();
  let current: string | null = null;
  for await (const line of readLines(input)) {
    lines = line.line;
    if ('tooLong' in line) {
      skipped += 1;
      problem(line.line, `longer than the line bound (${line.tooLong} bytes): skipped`);
      continue;
    }
    if (line.text.trim() === '') continue;
    const parsed = parseObservationLine(line.text);
    if (!parsed.ok) {
      skipped += 1;
      problem(line.line, `${parsed.problem}: skipped`);
      continue;
    }
    for (const warning of parsed.warnings) problem(line.line, warning);
    const { device } = parsed;
    if (!options.unsorted && device !== current) {
      if (current !== null) {
        const group = groups.get(current) ?? [];
        groups.delete(current);
        done.add(current);
        await emit(current, group);
      }
      if (done.has(device)) problem(line.line, `device "${device}" appears again after its group ended (input not grouped by device): it gets a second verdict; sort the input or use --unsorted`);
      current = device;
    }
    let group = groups.get(device);
    if (group === undefined) {
      group = [];
      groups.set(device, group);
    }
    if (group.length >= MAX_OBSERVATIONS_PER_DEVICE) {
      skipped += 1;
      problem(line.line, `device "${device}" has more than ${MAX_OBSERVATIONS_PER_DEVICE} observations: skipped`);
      continue;
    }
    group.push(parsed.observation);
    observations += 1;
  }
  for (const [device, group] of groups) await emit(device, group);
  if (out !== '') await options.write(out);
  return { lines, observations, devices, skipped };
}
