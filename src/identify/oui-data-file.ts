/** Reading one JSON knowledge file of oui/ and compiling its patterns, reporting problems by file and id. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../util/errors.js';

/** The parsed JSON of oui/<name>, or a RuntimeError naming the file. */
export function readOuiJson(ouiDir: string, name: string): unknown {
  const path = join(ouiDir, name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new RuntimeError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * `(?<=^)` asserts exactly what `^` does, but V8 cannot look past a lookbehind for the characters a
 * match may start with, so a pattern holding it tries every position of a text in full (13× slower
 * over a 1.5 KB SADP answer). Written as `^` outside character classes; escapes are left alone.
 */
function withPlainAnchors(source: string): string {
  if (!source.includes('(?<=^)')) return source;
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i]!;
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i += 1;
    } else if (!inClass && source.startsWith('(?<=^)', i)) {
      out += '^';
      i += 5;
    } else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      out += c;
    }
  }
  return out;
}

/** The compiled pattern, or undefined with a problem that says where it is. */
export function compilePattern(source: string, flags: string, where: string, problems: string[]): RegExp | undefined {
  try {
    return new RegExp(withPlainAnchors(source), flags);
  } catch (error) {
    problems.push(`${where}: pattern does not compile: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
