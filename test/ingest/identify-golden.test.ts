/**
 * Golden verdicts: `lanaudit identify` output and full identify() verdicts, recorded from the engine
 * before its throughput work, must not change by a byte when the engine gets faster. Regenerate
 * only on purpose (a rule or policy change), and review the diff:
 *   LANAUDIT_UPDATE_GOLDEN=1 npx vitest run test/ingest/identify-golden.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { identifyJsonl } from '../../src/ingest/identify-jsonl.js';
import { parseObservationLine } from '../../src/ingest/observation-line.js';
import type { Observation } from '../../src/observations/observation.js';
import { benchLines } from './bench-observations.js';
import { variedLines } from './varied-observations.js';

const GOLDEN = new URL('./fixtures/golden/', import.meta.url);
const update = process.env['LANAUDIT_UPDATE_GOLDEN'] === '1';

function golden(name: string, actual: string): void {
  const url = new URL(name, GOLDEN);
  const zipped = name.endsWith('.gz');
  if (update) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(url, zipped ? gzipSync(actual, { level: 9 }) : actual);
    return;
  }
  expect(existsSync(url), `${name} is missing: record it with LANAUDIT_UPDATE_GOLDEN=1`).toBe(true);
  const raw = readFileSync(url);
  const expected = (zipped ? gunzipSync(raw) : raw).toString('utf8');
  if (actual === expected) return;
  // Show the first line that differs rather than megabytes of text.
  const a = actual.split('\n');
  const e = expected.split('\n');
  const at = a.findIndex((line, i) => line !== e[i]);
  const index = at === -1 ? Math.min(a.length, e.length) : at;
  expect({ line: index + 1, text: a[index] }, `${name}: first difference`).toEqual({ line: index + 1, text: e[index] });
  expect(a.length, `${name}: line count`).toBe(e.length);
}

async function* chunked(text: string, size = 8192): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function runJsonl(text: string): Promise<{ out: string; warnings: string[]; devices: number; observations: number }> {
  const warnings: string[] = [];
  let out = '';
  const result = await identifyJsonl(chunked(text), { warn: (m) => warnings.push(m), write: (t) => void (out += t) });
  return { out, warnings, devices: result.devices, observations: result.observations };
}

/** The same permutation on every run for a seed (fast-check's seeded sampling). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const n = items.length;
  return fc.sample(fc.shuffledSubarray([...items], { minLength: n, maxLength: n }), { seed, numRuns: 1 })[0]!;
}

const SHUFFLE_SEEDS = [1, 2, 3, 4];

/**
 * identify() itself, whole verdicts (manufacturerName and randomizedMac too), device by device in
 * input order. Order must not matter: every device's facts reversed and shuffled with several seeds
 * give the very same bytes, or the test fails naming the device.
 */
function fullVerdicts(text: string): string {
  const groups = new Map<string, Observation[]>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = parseObservationLine(line);
    if (!parsed.ok) throw new Error(`generated a bad line: ${line}`);
    let group = groups.get(parsed.device);
    if (group === undefined) groups.set(parsed.device, (group = []));
    group.push(parsed.observation);
  }
  let out = '';
  const differing: string[] = [];
  for (const [device, group] of groups) {
    const forward = JSON.stringify(identify(group));
    const others = [[...group].reverse(), ...SHUFFLE_SEEDS.map((seed) => shuffled(group, seed))];
    if (others.some((order) => JSON.stringify(identify(order)) !== forward)) differing.push(device);
    out += `{"device":${JSON.stringify(device)},"verdict":${forward}}\n`;
  }
  expect(differing, 'devices whose verdict depends on the order of their facts').toEqual([]);
  return out;
}

const siteSmall = readFileSync(new URL('../identify/fixtures/site-small.jsonl', import.meta.url), 'utf8');
const bench = [...benchLines(10_000)].join('');
const varied = [...variedLines(3_000)].join('');

describe('golden verdicts', () => {
  it('site-small fixture: identify output and full verdicts', async () => {
    const run = await runJsonl(siteSmall);
    expect(run.warnings).toEqual([]);
    golden('site-small.identify.jsonl', run.out);
    golden('site-small.verdicts.jsonl', fullVerdicts(siteSmall));
  });

  it('the benchmark mix (first 10,000 observations): identify output', async () => {
    const run = await runJsonl(bench);
    expect(run.warnings).toEqual([]);
    expect({ devices: run.devices, observations: run.observations }).toEqual({ devices: 1_000, observations: 10_000 });
    golden('bench-10000.identify.jsonl.gz', run.out);
  });

  it('3,000 devices with MACs from all over the registry and facts from every rule file: identify output and full verdicts', async () => {
    const run = await runJsonl(varied);
    expect(run.warnings).toEqual([]);
    expect(run.devices).toBe(3_000);
    golden('varied-3000.identify.jsonl.gz', run.out);
    golden('varied-3000.verdicts.jsonl.gz', fullVerdicts(varied));
  });
});
