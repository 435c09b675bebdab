/**
 * identify() as scans, `reidentify` and `lanaudit identify` call it (no matcher given) reads all
 * three rule classes: the anchored rules, maker mentions and model families (issue #11). And
 * software is not equipment: a covered maker's SNMP agent on a Windows or SuSE host stays clear.
 */
import { describe, expect, it } from 'vitest';
import { countEachTextOnce } from '../../src/identify/default-matcher.js';
import { identify } from '../../src/identify/identify.js';
import type { RuleMatch } from '../../src/identify/rule-match.js';
import { readRuleSet } from '../../src/identify/rules/load.js';
import type { ObservationKind } from '../../src/observations/observation.js';
import { obs } from './observations.js';

const noMac = { lookup: () => null };

describe('the default matcher', () => {
  it('reads model families: a recorder model number in a web title, which no anchored rule reads, flags Hikvision with the model', () => {
    const verdict = identify([obs('http.title', 'DS-7608NI-K2')], noMac);
    expect(verdict).toMatchObject({ status: 'covered', covered: 'hikvision', model: 'DS-7608NI-K2' });
    expect(verdict.evidence.some((e) => e.rule.startsWith('family.'))).toBe(true);
  });

  it('reads maker mentions: a title naming the maker and a model no anchored rule knows flags Huawei with the model', () => {
    const verdict = identify([obs('http.title', 'HUAWEI HG8245H')], noMac);
    expect(verdict).toMatchObject({ status: 'covered', covered: 'huawei', model: 'HG8245H' });
    expect(verdict.evidence.some((e) => e.rule.startsWith('mention.'))).toBe(true);
  });

  // rapid7/recog@00145cdfd327 xml/snmp_sysdescr.xml, "Huawei device on Windows 2000" / "on SuSE Linux":
  // Recog itself reads the OS as Windows/SuSE; the Huawei text is the MAS agent's copyright.
  it.each([
    'MAS 1.0 (Intel X86) Copyright (c) 1998-2006 Huawei Technologies Co., Ltd on Windows NT 5.0',
    'MAS 1.0 (Intel X86) Copyright (c) 1998-2006 Huawei Technologies Co., Ltd on SUSE LINUX 9.0',
    'MAS 1.0 Huawei Technologies Co., Ltd on Windows NT 5.0',
  ])('a Huawei MAS SNMP agent on a general-purpose host stays clear: %s', (value) => {
    const verdict = identify([obs('snmp.sysdescr', value)], noMac);
    expect(verdict.status).toBe('clear');
    expect(verdict.covered).toBeNull();
  });

  // The serial and firmware a device's own discovery answer states (issue #11: not only UPnP).
  it.each([
    ['sadp.reply', 'sadp.reply.hikvision.probe-match'],
    ['dhip.reply', 'dhip.reply.dahua.notify-dev-info'],
    ['upnp.serial', 'upnp.serial.generic.serial-number'],
  ] as const)('a %s answer fills the verdict serial (and firmware) its rule captures', (kind: ObservationKind, id) => {
    const rule = readRuleSet().ruleSet.rules.find((r) => r.id === id)!;
    const example = rule.spec.examples.find((e) => e.expect.serial !== undefined)!;
    const verdict = identify([obs(kind, example.value)], noMac);
    expect(verdict.serial).toBe(example.expect.serial);
    expect(verdict.firmware).toBe(example.expect.firmware ?? null);
  });
});

describe('one text is one fact', () => {
  // A bare "F660" title is review (the ZTE title rule, 0.6); the ZTE model grammar reading the same
  // title must not lift it to a flag (issue #11: noisy-or over two readings of one string).
  it('a title read by a rule and by a model family counts once: review, not covered', () => {
    const verdict = identify([obs('http.title', 'F660')], noMac);
    expect(verdict.status).toBe('review');
    expect(verdict.covered).toBe('zte');
    expect(verdict.model).toBe('F660');
    expect(verdict.evidence.filter((e) => e.entity === 'zte' && e.certainty > 0)).toHaveLength(1);
  });

  it('a certificate O=HIKVISION read by its rule and by the certificate mention is one fact', () => {
    const value = 'CN=www.hikvision.com, OU=DVRNVR, O=HIKVISION, L=HangZhou, ST=ZheJiang, C=CN';
    const counted = identify([obs('tls.subject', value)], noMac).evidence.filter((e) => e.entity === 'hikvision' && e.certainty > 0);
    expect(counted).toHaveLength(1);
  });

  // The Dahua scope layout of cogini/onvif@45cac62027ef test/discovery_test.exs, with the user-editable
  // name scope renamed: the layout rule (0.75) and the DH- grammar (0.85) read the same scope list.
  // Before, the rule's reading stood and the device was only review, though the hardware scope alone flags.
  it('keeps the surer reading of one text: a DH- hardware scope beside the weaker Dahua layout rule flags, with its model', () => {
    const scopes = [
      'location/country/china',
      'name/Lobby',
      'hardware/DH-IPC-HDW1230T2',
      'Profile/Streaming',
      'type/Network_Video_Transmitter',
      'extension/unique_identifier',
    ].map((s) => `onvif://www.onvif.org/${s}`);
    const list = identify([obs('onvif.scope', scopes.join(' '))], noMac);
    const alone = identify([obs('onvif.scope', scopes[2]!)], noMac);
    expect(alone).toMatchObject({ status: 'covered', covered: 'dahua', model: 'DH-IPC-HDW1230T2' });
    expect(list).toMatchObject({ status: 'covered', covered: 'dahua', model: 'DH-IPC-HDW1230T2' });
    expect(list.confidence).toBeGreaterThanOrEqual(alone.confidence);
    // Still one fact for Dahua from this one text.
    expect(list.evidence.filter((e) => e.entity === 'dahua' && e.certainty > 0)).toHaveLength(1);
  });
});

describe('countEachTextOnce: one observation, one reading per vendor', () => {
  const text = obs('http.title', 'Dahua DH-XVR5108HS');
  const match = (rule: string, certainty: number, extra: Partial<RuleMatch> = {}): RuleMatch => ({
    rule,
    observation: text,
    certainty,
    voice: 'firmware',
    vendor: 'Dahua',
    entity: 'dahua',
    says: rule,
    ...extra,
  });
  const counting = (out: readonly RuleMatch[]): string[] => out.filter((m) => m.certainty > 0).map((m) => `${m.rule}@${m.certainty}`);

  it('a generic reading surer than the rule counts instead of it; the rule stays at 0 for the firmware it captured', () => {
    const rule = match('http.title.dahua.x', 0.6, { firmware: 'V4.0' });
    const family = match('family.dahua.xvr', 0.85, { model: 'DH-XVR5108HS' });
    const out = countEachTextOnce([rule], [family]);
    expect(counting(out)).toEqual(['family.dahua.xvr@0.85']);
    expect(out.find((m) => m.rule === rule.rule)).toMatchObject({ certainty: 0, firmware: 'V4.0' });
  });

  it('the rules together, not only their surest, are what a generic reading must beat; a tie keeps the rules', () => {
    const a = match('onvif.scope.dahua.name', 0.6, { voice: 'label' });
    const b = match('onvif.scope.dahua.layout', 0.6);
    expect(counting(countEachTextOnce([a, b], [match('family.dahua.dh', 0.8)]))).toEqual(['onvif.scope.dahua.name@0.6', 'onvif.scope.dahua.layout@0.6']);
    expect(counting(countEachTextOnce([a], [match('mention.bare.dahua.http.title', 0.6)]))).toEqual(['onvif.scope.dahua.name@0.6']);
  });

  it("a replaced rule's ceiling and label voice carry over to the reading that counts", () => {
    const out = countEachTextOnce([match('onvif.scope.dahua.name', 0.5, { voice: 'label', ceiling: 'review' })], [match('family.dahua.dh', 0.85)]);
    expect(out).toEqual([expect.objectContaining({ rule: 'family.dahua.dh', certainty: 0.85, voice: 'label', ceiling: 'review' })]);
  });

  it('a generic reading capped at review (a page body may list other devices) never displaces rules that may flag', () => {
    const rule = match('http.body.dahua.video-wrap-login', 0.8);
    const family = match('family.dahua.dh', 0.85, { model: 'DH-XVR5108HS', ceiling: 'review' });
    const out = countEachTextOnce([rule], [family]);
    expect(counting(out)).toEqual(['http.body.dahua.video-wrap-login@0.8']);
    // It still gives the model it read, at certainty 0.
    expect(out.find((m) => m.rule === 'family.dahua.dh')).toMatchObject({ certainty: 0, model: 'DH-XVR5108HS' });
    // Rules that are capped too are displaced as before.
    expect(counting(countEachTextOnce([{ ...rule, ceiling: 'review' }], [family]))).toEqual(['family.dahua.dh@0.85']);
  });

  it('the counted reading does not depend on the order the generic readings come in, nor on other vendors', () => {
    const rule = match('http.title.dahua.x', 0.6);
    const mention = match('mention.product.dahua.http.title', 0.85, { model: 'DH-XVR5108HS' });
    const family = match('family.dahua.xvr', 0.7, { model: 'XVR5108HS' });
    const other = match('family.huawei.x', 0.4, { vendor: 'Huawei', entity: 'huawei' });
    const sorted = (out: readonly RuleMatch[]): string => JSON.stringify([...out].sort((x, y) => (x.rule < y.rule ? -1 : 1)));
    const forward = countEachTextOnce([rule], [mention, family, other]);
    expect(sorted(countEachTextOnce([rule], [other, family, mention]))).toBe(sorted(forward));
    expect(counting(forward).sort()).toEqual(['family.huawei.x@0.4', 'mention.product.dahua.http.title@0.85']);
  });
});

