/**
 * How current identification's knowledge is (issue 11): the registry's and the policy's dates, and
 * a warning once the registry is older than identification.registryMaxAgeMonths.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { knowledgeDates, knowledgeLines, monthsSince } from '../../src/identify/knowledge-dates.js';
import { ouiDataPath } from '../../src/identify/oui-registry.js';

afterEach(() => vi.unstubAllEnvs());
// Lookups of this file never see a registry loaded on this machine.
const none = () => vi.stubEnv('LANAUDIT_OUI_REGISTRY', '/nonexistent/oui-registry.bin');

describe('registry and policy dates', () => {
  it('records the date of the oui-data version installed (upgrading it without recording the new date fails here)', () => {
    const installed = (JSON.parse(readFileSync(new URL('package.json', `file://${ouiDataPath()}`), 'utf8')) as { version: string }).version;
    const recorded = JSON.parse(readFileSync(new URL('../../oui/registry.json', import.meta.url), 'utf8')) as { version: string; date: string; source: string };
    expect(recorded.version).toBe(installed);
    expect(recorded.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(recorded.source).toMatch(/npm/);
  });

  it('counts whole calendar months', () => {
    expect(monthsSince('2026-08-26', new Date('2026-12-05T00:00:00Z'))).toBe(3);
    expect(monthsSince('2026-01-31', new Date('2026-02-28T00:00:00Z'))).toBe(0);
    expect(monthsSince('2025-12-05', new Date('2026-12-05T00:00:00Z'))).toBe(12);
    expect(monthsSince('2025-12-06', new Date('2026-12-05T00:00:00Z'))).toBe(11);
  });

  it('names the shipped registry and the policy with their dates, and warns only once the registry is too old', () => {
    none();
    const fresh = knowledgeDates(new Date('2026-12-05T00:00:00Z'), 12);
    expect(fresh.registry).toMatchObject({ date: '2026-08-26', origin: expect.stringMatching(/^oui-data \d/), loaded: false });
    expect(fresh.registry.counts['MA-L']).toBeGreaterThan(30_000);
    expect(fresh.policy.date).toBe('2026-11-27');
    expect(fresh.policy.sources).toContain('FCC Covered List, 47 CFR 1.50002');
    expect(fresh.warnings).toEqual([]);
    const [registry, policy] = knowledgeLines(fresh);
    expect(registry).toMatch(/^OUI registry: 2026-08-26 \(oui-data [\d.]+; [\d,]+ assignments\)$/);
    expect(policy).toContain('Covered-entity policy: as of 2026-11-27 (');

    const stale = knowledgeDates(new Date('2027-09-01T00:00:00Z'), 12);
    expect(stale.warnings).toHaveLength(1);
    expect(stale.warnings[0]).toContain('is from 2026-08-26');
    expect(stale.warnings[0]).toContain('12 months old: older than identification.registryMaxAgeMonths (12)');
    expect(stale.warnings[0]).toContain('lanaudit oui update --from DIR');
    expect(knowledgeDates(new Date('2027-09-01T00:00:00Z'), 13).warnings).toEqual([]);
  });

  it('says when a loaded registry file is there but cannot be used', () => {
    vi.stubEnv('LANAUDIT_OUI_REGISTRY', new URL('../../package.json', import.meta.url).pathname);
    const k = knowledgeDates(new Date('2026-12-05T00:00:00Z'), 12);
    expect(k.registry.loaded).toBe(false);
    expect(k.warnings).toEqual([expect.stringMatching(/^A loaded OUI registry is not used: .*package\.json is not a registry this version reads/)]);
  });
});
