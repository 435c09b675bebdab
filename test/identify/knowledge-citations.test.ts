/**
 * Issue #11: the maker-mention and model-family examples are real strings with a citable source,
 * held to the rules' standard (rules.test.ts): a repository path at a commit, a URL, an RFC or a
 * released file line; an example without one must be owned up to in its family's or template's note,
 * and the count of such may only shrink.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CITED = [/\b[\w.-]+\/[\w.-]+@[0-9a-f]{7,40} \S+/, /https?:\/\/\S+/, /\bRFC ?\d{3,5}\b/, /^[\w-]+ \d+(?:\.\d+)+ \S+ line \d+/];

interface Entry {
  readonly id: string;
  readonly note?: string;
  readonly examples: ReadonlyArray<{ readonly source: string }>;
  readonly counterExamples?: ReadonlyArray<{ readonly source: string }>;
}

const read = (name: string, key: 'families' | 'templates'): Entry[] =>
  (JSON.parse(readFileSync(new URL(`../../oui/${name}`, import.meta.url), 'utf8')) as Record<string, Entry[]>)[key]!;

describe.each([
  ['families.json', 'families', 47],
  ['mentions.json', 'templates', 22],
] as const)('%s citations', (name, key, ceiling) => {
  it('every example and counter-example cites a primary source, or its note says it does not', () => {
    const uncited = read(name, key).flatMap((entry) =>
      (['examples', 'counterExamples'] as const).flatMap((list) =>
        (entry[list] ?? []).flatMap((e, i) => (CITED.some((re) => re.test(e.source)) ? [] : [{ entry, label: `${list === 'examples' ? 'Example' : 'Counter-example'} ${i + 1}`, source: e.source }])),
      ),
    );
    const unowned = uncited.filter(({ entry, label }) => !new RegExp(`\\b${label}\\b`).test(entry.note ?? '')).map(({ entry, label, source }) => `${name}: ${entry.id}: ${label} cites "${source}" and the note does not say so`);
    expect(unowned.join('\n')).toBe('');
    console.info(`${name}: examples without a primary source at a commit (noted): ${uncited.length}`);
    expect(uncited.length).toBeLessThanOrEqual(ceiling);
  });
});
