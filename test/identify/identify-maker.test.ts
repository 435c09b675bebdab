/**
 * The manufacturer follows the surest evidence and agrees with the covered entity, unless a surer
 * voice names another maker: then that is a contradiction, said so, and the device goes to review.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { macObs, matcherFrom, obs, type MatchSpec } from './observations.js';

const zteMac = '6c:77:42:a7:a1:65';
const emptySsh = obs('ssh.banner', 'SSH-2.0--', { port: 22 });

describe('the manufacturer of a flagged device', () => {
  it('a ZTE MAC (0.85) with a weak Huawei SSH banner (0.4) is made by ZTE (golden device v-60)', () => {
    const v = identify([macObs(zteMac), emptySsh]);
    expect(v).toMatchObject({ status: 'covered', covered: 'zte', manufacturerName: 'ZTE' });
    expect(v.manufacturer).toMatch(/zte/i);
    // The weaker Huawei voice stays in the evidence, explained.
    expect(v.evidence.find((e) => e.rule === 'fusion.contradiction')?.says).toMatch(/also points to Huawei \(0\.40\), against ZTE \(0\.85\)/);
  });

  it('a surer firmware voice naming another maker wins the maker, and the covered entity goes to review with a note', () => {
    const cisco: MatchSpec = { rule: 'ssh.banner.cisco', certainty: 0.95, voice: 'firmware', vendor: 'Cisco', entity: null };
    const hua: MatchSpec = { rule: 'ssh.banner.huawei-weak', certainty: 0.4, voice: 'firmware', vendor: 'Huawei', entity: 'huawei' };
    const ciscoBanner = obs('ssh.banner', 'SSH-2.0-Cisco-1.25', { port: 22 });
    const matcher = matcherFrom([
      ['ssh.banner', ciscoBanner.value, cisco],
      ['ssh.banner', emptySsh.value, hua],
    ]);
    // Huawei: 0.85 (MAC, Huawei's own block) and 0.4 (banner) = 0.91 < 0.95 (Cisco's firmware).
    const v = identify([macObs('00:18:82:00:00:01'), ciscoBanner, { ...emptySsh, port: 2222 }], { matcher });
    expect(v).toMatchObject({ status: 'review', covered: 'huawei', manufacturerName: 'Cisco' });
    const notes = v.evidence.filter((e) => e.rule === 'fusion.contradiction' && e.value === ciscoBanner.value);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.says).toMatch(/Cisco/);
  });

  it('in a covered verdict the manufacturer is always the covered entity', () => {
    const hik: MatchSpec = { rule: 'http.server.hik', certainty: 0.5, voice: 'firmware', vendor: 'Hikvision', entity: 'hikvision' };
    const banner = obs('http.server', 'App-webs/', { port: 80 });
    const v = identify([macObs('08:ed:ed:87:42:7a'), banner], { matcher: matcherFrom([['http.server', banner.value, hik]]) });
    expect(v).toMatchObject({ status: 'covered', covered: 'dahua', manufacturerName: 'Dahua' });
  });

  it('the model comes from a fact that agrees with the maker, not from an equally sure other maker', () => {
    const zte: MatchSpec = { rule: 'telnet.banner.zte', certainty: 0.85, voice: 'firmware', vendor: 'ZTE', entity: 'zte', model: 'ZXHN H298A' };
    const tplink: MatchSpec = { rule: 'http.realm.tp-link', certainty: 0.85, voice: 'firmware', vendor: 'TP-Link', entity: null, model: 'TD-W8951ND' };
    const banner = obs('telnet.banner', 'ZXHN H298A V1.1', { port: 23 });
    const realm = obs('http.realm', 'Basic realm="TD-W8951ND"', { port: 80 });
    const matcher = matcherFrom([
      ['telnet.banner', banner.value, zte],
      ['http.realm', realm.value, tplink],
    ]);
    for (const order of [[realm, banner], [banner, realm]]) {
      expect(identify(order, { matcher })).toMatchObject({ covered: 'zte', manufacturerName: 'ZTE', model: 'ZXHN H298A' });
    }
  });
});
