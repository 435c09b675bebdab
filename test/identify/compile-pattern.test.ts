import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../src/identify/oui-data-file.js';

const compiled = (source: string): RegExp => {
  const problems: string[] = [];
  const regex = compilePattern(source, 'u', 'test', problems);
  expect(problems).toEqual([]);
  return regex!;
};

describe('compilePattern', () => {
  it('writes (?<=^) as ^, which matches the same texts', () => {
    const source = String.raw`(?<![A-Za-z0-9-])(LN\d{4}|(?<=^)E[89]\d{2}(?=$))`;
    const regex = compiled(source);
    expect(regex.source).toBe(String.raw`(?<![A-Za-z0-9-])(LN\d{4}|^E[89]\d{2}(?=$))`);
    const literal = new RegExp(source, 'u');
    for (const text of ['E850', 'a E850', 'E850 ', 'LN1234', 'x LN1234 y', 'E8501', '']) {
      expect(regex.exec(text)?.[0], text).toBe(literal.exec(text)?.[0]);
    }
  });

  it('reads an escape as one character and leaves a character class alone', () => {
    expect(compiled(String.raw`x\\(?<=^)`).source).toBe(String.raw`x\\^`);
    expect(compiled(String.raw`\(?<=^\)`).source).toBe(String.raw`\(?<=^\)`);
    expect(compiled(String.raw`[(?<=^)]x`).source).toBe(String.raw`[(?<=^)]x`);
    expect(compiled(String.raw`[\]](?<=^)`).source).toBe(String.raw`[\]]^`);
  });
});
