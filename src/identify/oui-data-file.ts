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

/** The compiled pattern, or undefined with a problem that says where it is. */
export function compilePattern(source: string, flags: string, where: string, problems: string[]): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    problems.push(`${where}: pattern does not compile: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
