/**
 * Banner-corpus benchmark: recall on covered makers (on all rows and on rows that are no rule's
 * example), false-flag rate on everyone else, and how fast
 * the fingerprint rules match. Run: npx tsx test/bench/identify-corpus.ts [observations] [--heldout]
 * --heldout adds the held-out file's overall counts beside them; off by default, so that whoever
 * writes rules while running this bench does not watch the held-out figure move (heldout-score.ts
 * prints it in full).
 */
import { performance } from 'node:perf_hooks';
import { defaultRules, matchObservation } from '../../src/identify/rules/match.js';
import { identify } from '../../src/identify/identify.js';
import { observationOf, readCorpus, rowsBeyondRuleExamples, scoreCorpus, type CorpusRow } from './identify-corpus-score.js';
import { isSeen, readHeldout, ruleExampleKeys, scoreHeldout } from './heldout-score.js';

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const show = (row: CorpusRow): string => `  line ${row.line} ${row.kind} ${JSON.stringify(row.value.slice(0, 70))} (truth ${row.truth.covered ?? 'none'})`;

const { rows, problems } = readCorpus();
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const ruleSet = defaultRules();
const score = scoreCorpus(rows);
// Rows that are no example of any rule class (anchored rules, model families, maker mentions).
const classExamples = ruleExampleKeys();
const unseenRows = rowsBeyondRuleExamples(rows, ruleSet).filter((r) => !isSeen(classExamples, r.kind, r.value));
const beyond = unseenRows.length;
const unseen = scoreCorpus(unseenRows);
const fromRecog = rows.filter((r) => /recog/i.test(r.source)).length;
const fromFacts = rows.filter((r) => r.source.startsWith('fingerprints.md') && !/recog/i.test(r.source)).length;

console.log(`corpus: ${rows.length} rows (${score.covered} covered, ${score.weak} weak covered, ${score.others} others); ${beyond} (${pct(beyond / rows.length)}) are no example of a rule, family or mention`);
console.log(`sources: ${fromRecog} cite Recog, ${fromFacts} only the facts sheet (fingerprints.md), ${rows.length - fromRecog - fromFacts} other public captures and databases`);
console.log(`recall on covered makers, all rows: ${score.hits}/${score.covered} = ${pct(score.recall)} (${score.covered - unseen.covered} of them rule examples, flagged by construction)`);
for (const row of score.misses) console.log(show(row));
console.log(`recall on covered makers, rows that are no example: ${unseen.hits}/${unseen.covered} = ${pct(unseen.recall)}`);
console.log(`weak rows reaching review with the right entity: ${score.weakReviewed}/${score.weak}`);
for (const row of score.weakMisses) console.log(show(row));
console.log(`false flags on everyone else: ${score.falseFlags.length}/${score.others} = ${pct(score.falseFlagRate)} (${score.othersInReview} sent to review)`);
for (const row of score.falseFlags) console.log(show(row));
console.log(`false flags on rows that are no example: ${unseen.falseFlags.length}/${unseen.others} (${unseen.othersInReview} sent to review)`);
const args = process.argv.slice(2);
if (args.includes('--heldout')) {
  // The held-out file (never used to write or tune rules): its figures beside these, counts only.
  const heldout = scoreHeldout(readHeldout().rows).overall;
  console.log(
    `held-out (test/corpus/heldout.jsonl): flagged ${heldout.flagged}/${heldout.covered} = ${pct(heldout.flagged / heldout.covered)}, ` +
      `at least review ${heldout.flagged + heldout.review}/${heldout.covered}; false flags ${heldout.falseFlags}/${heldout.clean}, sent to review ${heldout.sentToReview}/${heldout.clean}`,
  );
}

const total = Number(args.find((a) => a !== '--heldout') ?? 1_000_000);
const observations = rows.map(observationOf);
const time = (label: string, run: (i: number) => void, n: number): void => {
  for (let i = 0; i < Math.min(n, 20_000); i += 1) run(i); // warm up
  const start = performance.now();
  for (let i = 0; i < n; i += 1) run(i);
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label}: ${n} observations in ${seconds.toFixed(2)} s = ${Math.round(n / seconds).toLocaleString('en')} obs/s`);
};
let sink = 0;
time('matchObservation', (i) => { sink += matchObservation(observations[i % observations.length]!).length; }, total);
time('identify (one observation per device)', (i) => { sink += identify([observations[i % observations.length]!]).evidence.length; }, Math.max(1, Math.floor(total / 5)));
if (sink < 0) console.log(sink);
