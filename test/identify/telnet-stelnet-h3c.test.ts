/**
 * Huawei VRP's telnet warning ("… it is recommended to use Stelnet.") flags Huawei; H3C Comware,
 * Huawei's former joint venture and not covered, prints its own copyright header and no such
 * warning, and must stay clear (issue #11: guard Huawei's voices with H3C's look-alikes).
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { readRuleSet } from '../../src/identify/rules/load.js';
import { obs } from './observations.js';

const noMac = { lookup: () => null };
const rule = readRuleSet().ruleSet.rules.find((r) => r.id === 'telnet.banner.huawei.stelnet-warning')!;

describe('the Stelnet warning is Huawei wording, not H3C', () => {
  it('the warning flags Huawei', () => {
    const verdict = identify([obs('telnet.banner', rule.spec.examples[0]!.value)], noMac);
    expect(verdict).toMatchObject({ status: 'covered', covered: 'huawei' });
  });

  it('has H3C login headers as counter-examples, and none of them is flagged or sent to review', () => {
    const h3c = rule.spec.counterExamples.filter((c) => /H3C/.test(c.value));
    expect(h3c.length).toBeGreaterThanOrEqual(2);
    for (const { value } of h3c) {
      const verdict = identify([obs('telnet.banner', value)], noMac);
      expect(verdict.status, value).toBe('clear');
    }
  });
});
