/**
 * Cross-validation of the model-number shape classifier (src/identify/model-shape.ts) on its own
 * training data: oui/model-catalogue.json and the model grammars' examples, in deterministic folds
 * (test/helpers/model-shape-cv.ts) two ways: by model (an unseen model of a known series) and by
 * series (the first five characters: a series never seen). Prints, per threshold, the share of
 * covered makers' held-out models that reach review with the right entity and the share of other
 * makers' held-out models sent to review, the threshold at which the latter is at most 0.5% under
 * both schemes, what the shape adds where no rule or grammar reads a covered model, and the load
 * time. Run: npx tsx test/bench/model-shape-cv.ts
 */
import { performance } from 'node:perf_hooks';
import { defaultFamilies } from '../../src/identify/families.js';
import { matchModelShape, SHAPE_THRESHOLD } from '../../src/identify/model-shape.js';
import { ENTITY_IDS } from '../../src/identify/verdict.js';
import { byModel, bySeries, crossValidate, cvSamples, K, rates, thresholdFor, unreadByRules } from '../helpers/model-shape-cv.js';

const MAX_OTHER_REVIEW = 0.005;
const at = '2026-12-05T00:00:00.000Z';

// Load as a scan meets it: the grammars are loaded already, the first model name reads the catalogue and trains.
defaultFamilies();
const started = performance.now();
matchModelShape({ ip: '192.0.2.1', kind: 'upnp.model', value: 'DS-2CD2T47G2-L', source: 'bench', at });
console.log(`load (read the catalogue and train, on the first model name): ${(performance.now() - started).toFixed(1)} ms`);

const samples = cvSamples();
const covered = samples.filter((s) => s.entity !== null).length;
console.log(`samples: ${samples.length} model tokens (${covered} covered makers', ${samples.length - covered} others', ${new Set(samples.map((s) => s.maker)).size} makers)`);

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const schemes = [
  { name: 'folds by model', outcomes: crossValidate(samples, byModel) },
  { name: 'folds by series (first 5 characters)', outcomes: crossValidate(samples, bySeries) },
];
const threshold = Math.max(...schemes.map((s) => thresholdFor(s.outcomes, MAX_OTHER_REVIEW)));
console.log(`threshold where other makers' review share <= ${pct(MAX_OTHER_REVIEW)} under both schemes: ${threshold} (shipped: ${SHAPE_THRESHOLD})`);

for (const { name, outcomes } of schemes) {
  console.log(`\n${name}, ${K} folds`);
  for (const t of [1, 2, 2.5, 3, 3.5, 4, threshold, SHAPE_THRESHOLD].filter((x, i, a) => a.indexOf(x) === i).sort((a, b) => a - b)) {
    const r = rates(outcomes, t);
    console.log(`  threshold ${t.toFixed(2)}: covered reach review with the right entity ${r.hits}/${r.covered} = ${pct(r.hits / r.covered)}; others sent to review ${r.reviewed.length}/${r.others} = ${pct(r.reviewed.length / r.others)}`);
  }
  for (const entity of ENTITY_IDS) {
    const own = outcomes.filter((o) => o.sample.entity === entity);
    const hits = own.filter((o) => o.score >= SHAPE_THRESHOLD && o.entity === entity).length;
    // Per maker or brand of the entity, relabelers (Lorex, Amcrest) included.
    const makers = [...new Set(own.map((o) => o.sample.maker))].sort();
    const byMaker = makers.map((m) => {
      const mine = own.filter((o) => o.sample.maker === m);
      return `${m} ${mine.filter((o) => o.score >= SHAPE_THRESHOLD && o.entity === entity).length}/${mine.length}`;
    });
    console.log(`  at the shipped threshold, ${entity}: ${hits}/${own.length} (${byMaker.join(', ')})`);
  }
  for (const o of rates(outcomes, SHAPE_THRESHOLD).reviewed) console.log(`  other sent to review: ${o.sample.token} (${o.sample.maker}) -> ${o.entity} ${o.score.toFixed(2)}`);
  const gaps = outcomes.filter((o) => o.sample.entity !== null && unreadByRules(o.sample.model));
  const reached = gaps.filter((o) => o.score >= SHAPE_THRESHOLD && o.entity === o.sample.entity);
  console.log(`  covered models no rule or grammar reads: ${gaps.length}; held out, the shape sends ${reached.length} of them to review with the right entity`);
  for (const o of gaps) console.log(`    ${o.sample.model} (${o.sample.maker}) -> ${o.score >= SHAPE_THRESHOLD ? o.entity : 'clear'} ${o.score.toFixed(2)}`);
}

const t1 = performance.now();
for (const s of samples) matchModelShape({ ip: '192.0.2.1', kind: 'upnp.model', value: s.model, source: 'bench', at });
console.log(`\nreading: ${(((performance.now() - t1) / samples.length) * 1000).toFixed(1)} µs per model name`);
