/** The rule checker itself: a broken rule set must produce the compiler-style messages users rely on. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/observations/observation.js';
import { lintRuleSet } from '../../src/identify/rules/lint.js';
import { loadRuleSet, readRuleSet } from '../../src/identify/rules/load.js';
import { matchWith } from '../../src/identify/rules/match.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const vendors = {
  vendors: [
    { name: 'Acme', official: 'Acme Inc.', aliases: ['ACME'], entity: null },
    { name: 'Hikvision', official: 'Hangzhou Hikvision Digital Technology Co., Ltd.', aliases: [], entity: 'hikvision' },
  ],
};

function ouiWith(rules: unknown, kind = 'http.server'): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanaudit-rules-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'vendors.json'), JSON.stringify(vendors));
  writeFileSync(join(dir, 'rules', `${kind}.json`), JSON.stringify({ kind, rules }));
  return dir;
}

const base = {
  description: 'test rule',
  certainty: 0.9,
  voice: 'firmware',
};

function obs(kind: Observation['kind'], value: string): Observation {
  return { ip: '127.0.0.1', kind, value, source: 'test', at: '2026-01-01T00:00:00Z' };
}

describe('rule loading and linting', () => {
  it('names file and rule id for an unknown vendor and a regex that does not compile', () => {
    const dir = ouiWith([
      { ...base, id: 'http.server.nobody.x', pattern: '^x', vendor: 'Nobody', examples: [{ value: 'x', source: 's' }] },
      { ...base, id: 'http.server.acme.bad', pattern: '^(x', vendor: 'Acme', examples: [{ value: 'x', source: 's' }] },
    ]);
    const { problems } = readRuleSet(dir);
    expect(problems).toContainEqual(expect.stringMatching(/^oui\/rules\/http\.server\.json: http\.server\.nobody\.x: vendor "Nobody" is not in oui\/vendors\.json$/));
    expect(problems).toContainEqual(expect.stringMatching(/^oui\/rules\/http\.server\.json: http\.server\.acme\.bad: pattern does not compile/));
    expect(() => loadRuleSet(dir)).toThrow(/http\.server\.acme\.bad/);
  });

  it('rejects a capture index beyond the groups, a wrong id prefix and a duplicate id', () => {
    const rule = { ...base, pattern: '^(x)', vendor: 'Acme', captures: { model: 2 }, examples: [{ value: 'x', source: 's' }] };
    const dir = ouiWith([
      { ...rule, id: 'http.server.acme.one' },
      { ...rule, id: 'http.server.acme.one' },
      { ...rule, id: 'ssh.banner.acme.two', captures: {} },
    ]);
    const text = readRuleSet(dir).problems.join('\n');
    expect(text).toMatch(/http\.server\.acme\.one: captures\.model = 2 but the pattern has 1 group/);
    expect(text).toMatch(/http\.server\.acme\.one: id already used/);
    expect(text).toMatch(/ssh\.banner\.acme\.two: id must start with "http\.server\."/);
  });

  it('reports an example that does not match, a wrong extraction, an example another maker reads too and a matching counter-example', () => {
    const dir = ouiWith([
      // Generic and naming no entity: it only adds detail, so matching Hikvision's examples is no conflict.
      { ...base, id: 'http.server.generic.any', pattern: '^Web', vendor: null, examples: [{ value: 'Webs', source: 's' }] },
      {
        ...base,
        id: 'http.server.hikvision.app',
        pattern: '^(?:App-webs|Webserver)/(\\d*)',
        vendor: 'Hikvision',
        captures: { firmware: 1 },
        examples: [
          { value: 'App-webs/1', expect: { firmware: '2' }, source: 's' },
          { value: 'nope', source: 's' },
          { value: 'Webserver/', source: 's' },
        ],
        counterExamples: [{ value: 'App-webs/' }],
      },
      // Later in the file: fusion combines every match, so a later rule of another maker conflicts as much as an earlier one.
      { ...base, id: 'http.server.acme.server', pattern: '^Webserver/$', vendor: 'Acme', examples: [{ value: 'Webserver/', source: 's' }] },
      { ...base, id: 'http.server.generic.hik-soc', pattern: '^App-', vendor: null, entity: 'huawei', ceiling: 'review', examples: [{ value: 'App-x', source: 's' }] },
    ]);
    const { ruleSet, problems } = readRuleSet(dir);
    expect(problems).toEqual([]);
    const lint = lintRuleSet(ruleSet).join('\n');
    expect(lint).toMatch(/http\.server\.hikvision\.app: example "App-webs\/1": firmware is "1", example expects "2"/);
    expect(lint).toMatch(/http\.server\.hikvision\.app: example "nope" does not match/);
    expect(lint).toMatch(/http\.server\.hikvision\.app: example "Webserver\/" is also matched by http\.server\.acme\.server \(vendor Acme, entity none\)/);
    expect(lint).toMatch(/http\.server\.acme\.server: example "Webserver\/" is also matched by http\.server\.hikvision\.app \(vendor Hikvision, entity hikvision\)/);
    expect(lint).toMatch(/http\.server\.hikvision\.app: example "App-webs\/1" is also matched by http\.server\.generic\.hik-soc \(vendor generic, entity huawei\)/);
    expect(lint).not.toMatch(/by http\.server\.generic\.any/);
    expect(lint).toMatch(/http\.server\.hikvision\.app: counter-example "App-webs\/" matches/);
  });

  it('matches by kind, derives the entity from the vendor and reads the realm out of a full header', () => {
    const dir = ouiWith(
      [{ ...base, id: 'http.realm.hikvision.cam', pattern: '^IP Camera\\((\\w+)\\)$', vendor: 'Hikvision', captures: { serial: 1 }, deviceType: 'IP camera', examples: [{ value: 'IP Camera(C2183)', expect: { serial: 'C2183' }, source: 's' }] }],
      'http.realm',
    );
    const ruleSet = loadRuleSet(dir);
    const seen = obs('http.realm', 'Digest qop="auth", realm="IP Camera(C2183)", nonce="abc"');
    expect(matchWith(ruleSet, seen)).toEqual([
      {
        rule: 'http.realm.hikvision.cam',
        observation: seen,
        certainty: 0.9,
        voice: 'firmware',
        vendor: 'Hikvision',
        entity: 'hikvision',
        serial: 'C2183',
        deviceType: 'IP camera',
        says: 'test rule',
      },
    ]);
    expect(matchWith(ruleSet, obs('rtsp.realm', 'IP Camera(C2183)'))).toEqual([]);
  });
});
