import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPolicy, writeCheckedPolicy } from '../../src/identify/policy-check.js';
import { DEFAULT_POLICY_PATH, checkedCopyOf, defaultPolicy, entityForRegistrant, indexPolicy } from '../../src/identify/policy.js';

const dir = mkdtempSync(join(tmpdir(), 'lanaudit-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the build's checked copy of oui/covered-entities.json", () => {
  const copy = join(dir, 'covered-entities.json');
  const source = readFileSync(DEFAULT_POLICY_PATH, 'utf8');
  beforeAll(() => writeCheckedPolicy(DEFAULT_POLICY_PATH, copy));

  it('indexes to the same policy as checking the file itself', () => {
    const file = checkedCopyOf(source, copy);
    expect(file).toBeDefined();
    const fromCopy = indexPolicy(file!);
    expect(fromCopy).toEqual(buildPolicy(JSON.parse(source)));
    expect(fromCopy).toEqual(defaultPolicy());
    expect(entityForRegistrant('Hangzhou Hikvision Digital Technology Co.,Ltd.', fromCopy)?.entity).toBe('hikvision');
  });

  it('is not used once the source file differs from what the build checked', () => {
    const edited = source.replace('"certain"', '"probable"');
    expect(edited).not.toBe(source);
    expect(checkedCopyOf(edited, copy)).toBeUndefined();
  });

  it('is not used when missing or damaged', () => {
    expect(checkedCopyOf(source, join(dir, 'absent.json'))).toBeUndefined();
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, '{"source":');
    expect(checkedCopyOf(source, damaged)).toBeUndefined();
  });

  it('is refused by the build for an invalid file, naming file and key', () => {
    const bad = join(dir, 'bad.json');
    const json = JSON.parse(source) as { entities: Array<{ registrants: Array<Record<string, unknown>> }> };
    json.entities[0]!.registrants[0]!['certainty'] = 'maybe';
    writeFileSync(bad, JSON.stringify(json));
    expect(() => writeCheckedPolicy(bad, join(dir, 'out.json'))).toThrow(/bad\.json: entities\.0\.registrants\.0\.certainty/);
  });
});

describe('a policy file the build cannot read', () => {
  it('is named when it is missing or not JSON', () => {
    const other = join(dir, 'other.json');
    expect(() => writeCheckedPolicy(join(dir, 'nowhere.json'), join(dir, 'out.json'))).toThrow(/cannot read covered-entity policy .*nowhere\.json/);
    writeFileSync(other, '{');
    expect(() => writeCheckedPolicy(other, join(dir, 'out.json'))).toThrow(/cannot read covered-entity policy .*other\.json/);
  });
});
