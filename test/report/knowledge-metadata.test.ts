/**
 * Every report says which registry and policy its verdicts rest on, and repeats their warnings (issue 11);
 * CSV, which has no metadata row, stays as it was: its consumers read a header row and devices only.
 */
import { describe, expect, it } from 'vitest';
import type { KnowledgeDates } from '../../src/identify/knowledge-dates.js';
import { REPORT_FORMATS } from '../../src/report/formats.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { INPUT } from './fixtures.js';
import { render } from './render.js';

const KNOWLEDGE: KnowledgeDates = {
  registry: { date: '2024-01-10', origin: 'oui-data 2.0.0', loaded: false, counts: { 'MA-L': 38_000, 'MA-M': 6_000, 'MA-S': 7_000 } },
  policy: { date: '2026-11-27', sources: ['FCC Covered List, 47 CFR 1.50002'] },
  warnings: ['The IEEE OUI registry in use is from 2024-01-10 (oui-data 2.0.0), 34 months old: older than identification.registryMaxAgeMonths (12); run lanaudit oui update.'],
};
const WITH: ReportInput = { ...INPUT, meta: { ...INPUT.meta, knowledge: KNOWLEDGE } };

describe('report metadata: registry and policy dates', () => {
  for (const format of REPORT_FORMATS.filter((f) => f !== 'csv' && f !== 'json' && f !== 'cyclonedx')) {
    it(`${format} states both dates and the registry warning`, async () => {
      // As a reader sees it: Markdown's backslash escapes (of parentheses, for one) rendered.
      const text = (await render(format, WITH)).text.replace(/\\(.)/g, '$1');
      expect(text).toContain('OUI registry: 2024-01-10 (oui-data 2.0.0; 51,000 assignments)');
      expect(text).toContain('Covered-entity policy: as of 2026-11-27 (FCC Covered List)');
      expect(text).toContain('34 months old: older than identification.registryMaxAgeMonths (12)');
    });
  }

  it('json carries them as a knowledge object', async () => {
    const report = JSON.parse((await render('json', WITH)).text) as { knowledge: KnowledgeDates };
    expect(report.knowledge).toEqual(KNOWLEDGE);
  });

  it('cyclonedx carries them as metadata properties', async () => {
    const bom = JSON.parse((await render('cyclonedx', WITH)).text) as { metadata: { properties: { name: string; value: string }[] } };
    expect(bom.metadata.properties).toEqual(
      expect.arrayContaining([
        { name: 'lanaudit:ouiRegistryDate', value: '2024-01-10' },
        { name: 'lanaudit:ouiRegistry', value: 'oui-data 2.0.0' },
        { name: 'lanaudit:policyDate', value: '2026-11-27' },
        { name: 'lanaudit:warning', value: KNOWLEDGE.warnings[0] },
      ]),
    );
  });

  it('csv is unchanged: no metadata row for its consumers to trip on', async () => {
    expect((await render('csv', WITH)).text).toBe((await render('csv', INPUT)).text);
  });
});
