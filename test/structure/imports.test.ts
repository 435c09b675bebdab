/**
 * Imports flow one way, down the pipeline. A folder of src/ may import its own modules and those of
 * any folder LEFT of it in ORDER, never one to its right, nor one beside it in the same slot:
 *
 *   util, observations    shared edges: helpers, and the facts every stage passes on
 *   scope → config        the targets grammar; the settings, checked at load with that grammar
 *   discovery | probes | infrastructure   the fact gatherers, side by side: the scan runs them in turn
 *   → identify → ingest → inventory → changes → triage → alerts | report | sync (the fleet protocol, agent side)
 *   pipeline → agent | server → cli  composition roots: they load what the stages need and pass it down
 *
 * What an earlier stage needs from a later one, a composition root passes it as a parameter (the
 * agent hands the vendor paths the fingerprint matcher, `LooksLike`), rather than it importing that.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ORDER: readonly (readonly string[])[] = [
  ['util'],
  ['observations'],
  ['scope'],
  ['config'],
  ['discovery', 'probes', 'infrastructure'],
  ['identify'],
  ['ingest'],
  ['inventory'],
  ['changes'],
  ['triage'],
  ['alerts', 'report', 'sync'],
  ['pipeline'],
  ['agent', 'server'],
  ['cli'],
];

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const rank = new Map(ORDER.flatMap((slot, i) => slot.map((folder) => [folder, i] as const)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Relative specifiers of every static import, re-export and dynamic import (type-only ones too: a type cycle is a cycle). */
export function relativeImports(text: string): string[] {
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.[^'"]+)['"]/gms),
    ...text.matchAll(/^\s*import\s+['"](\.[^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ];
  return specs.map((m) => m[1]!);
}

/** The top folder of src/ a path is in ("identify" for src/identify/rules/match.ts). */
const folderOf = (path: string) => relative(SRC, path).split(sep)[0]!;

function againstTheDirection(): string[] {
  const wrong: string[] = [];
  for (const file of sources(SRC)) {
    const from = folderOf(file);
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const to = folderOf(resolve(dirname(file), spec));
      if (to === from) continue;
      const a = rank.get(from);
      const b = rank.get(to);
      if (a === undefined || b === undefined || b >= a) wrong.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to})`);
    }
  }
  return wrong;
}

describe('import direction', () => {
  it('places every folder of src/ in the order', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !rank.has(f))).toEqual([]);
  });

  it('has no import against the pipeline', () => {
    expect(againstTheDirection()).toEqual([]);
  });

  it('reads every form of import, over several lines too', () => {
    const text = [
      "import { a,\n  b } from '../identify/x.js';",
      "import type { T } from './y.js';",
      "export { c } from '../report/z.js';",
      "import '../probes/side-effect.js';",
      "const m = await import('../cli/lazy.js');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(relativeImports(text).sort()).toEqual(['../cli/lazy.js', '../identify/x.js', '../probes/side-effect.js', '../report/z.js', './y.js']);
  });
});
