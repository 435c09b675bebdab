import { describe, expect, it } from 'vitest';
import { table } from '../../src/cli/terminal.js';

describe('table', () => {
  it('lays out 150,000 rows (a spread of a column overflowed the call stack), each column as wide as its widest cell', () => {
    const rows = Array.from({ length: 150_000 }, (_, i) => [`10.0.${i >> 8}.${i & 255}`, i === 77_777 ? 'the widest cell' : 'x']);
    const lines = table(['IP', 'NAME'], rows).split('\n');
    expect(lines).toHaveLength(150_002);
    expect(lines[0]).toBe(`${'IP'.padEnd('10.0.100.100'.length)}  NAME`);
    expect(lines[1]).toBe(`${'-'.repeat('10.0.100.100'.length)}  ${'-'.repeat('the widest cell'.length)}`);
  });
});
