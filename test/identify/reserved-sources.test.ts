/**
 * No knowledge file (oui/: rules, families, mentions, versions, catalogue, probes), no row of the
 * example corpus and no lab profile cites a source reserved for independent evaluation. The held-out
 * corpus is held to the same in test/corpus/heldout.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RESERVED_SOURCES } from '../helpers/reserved-sources.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : /\.(json|jsonl|md)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

describe('sources reserved for independent evaluation', () => {
  it('are cited by no knowledge file, example-corpus row or lab profile', () => {
    const files = [...filesUnder(join(ROOT, 'oui')), join(ROOT, 'test/corpus/banners.jsonl'), ...filesUnder(join(ROOT, 'test/lab/profiles'))];
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (RESERVED_SOURCES.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 160)}`] : [])),
    );
    expect(files.length).toBeGreaterThan(30);
    expect(hits).toEqual([]);
  });
});
