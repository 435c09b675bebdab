/**
 * FAR 52.204-25(d) asks, for each covered device found, its brand, model number and a description
 * (issue #11): how many of the covered devices a scan flagged have each known, from their own answers.
 */
import type { Verdict } from '../../src/identify/verdict.js';

export interface FarCompleteness {
  readonly flagged: number;
  readonly brand: number;
  readonly model: number;
  readonly serial: number;
  /** Brand, model and serial all known. */
  readonly complete: number;
}

export function farCompleteness(verdicts: Iterable<Verdict | null>): FarCompleteness {
  let flagged = 0;
  let brand = 0;
  let model = 0;
  let serial = 0;
  let complete = 0;
  for (const v of verdicts) {
    if (v?.status !== 'covered') continue;
    flagged += 1;
    // As the FAR report's Brand field prints it (report/describe.ts brandOf): the label, else the maker.
    const hasBrand = (v.brand ?? v.manufacturerName ?? v.manufacturer) !== null;
    if (hasBrand) brand += 1;
    if (v.model !== null) model += 1;
    if (v.serial !== null) serial += 1;
    if (hasBrand && v.model !== null && v.serial !== null) complete += 1;
  }
  return { flagged, brand, model, serial, complete };
}
