/**
 * identify() as scans, `reidentify` and `lanaudit identify` call it (no matcher given) reads all
 * three rule classes: the anchored rules, maker mentions and model families (issue #11). And
 * software is not equipment: a covered maker's SNMP agent on a Windows or SuSE host stays clear.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
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
});
