// A realm of twelve bare hex digits is as often a hash or a random token (a digest realm some
// firmware and many web apps derive from a key or the time) as a MAC: read as a MAC it may land in
// a covered maker's block (about one chance in ten thousand) and flag a device that says nothing of
// the kind. Only a maker documented to name itself by its MAC there, in its own layout
// (oui/mac-realms.json: Hikvision, lower case, bluenviron/gortsplib@dbfc058f0c68
// pkg/headers/authenticate_test.go realm="4419b63f5e51"), still flags by it; any other bare-hex
// realm that falls in a covered block may send the device to review, never flag it. A MAC written
// with separators is no hash and reads as before (issue #11).
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { macObs, noRules, obs } from './observations.js';

const RANDOMIZED = '3a:11:22:33:44:55';
const verdict = (realm: string) => identify([macObs(RANDOMIZED), obs('rtsp.realm', `Digest realm="${realm}", nonce="8b84a3b789283a8bea8da7fa7d41f08b"`, { port: 554 })], { matcher: noRules });

describe('a bare twelve-hex realm outside a documented MAC-realm layout', () => {
  for (const [realm, entity] of [
    ['00e0fc3a9b21', 'huawei'], // 00:E0:FC, a Huawei block
    ['3cef8c9a1b2c', 'dahua'], // 3C:EF:8C, a Dahua block
    ['4419B63F5E51', 'hikvision'], // a Hikvision block, but not Hikvision's lower-case layout
  ] as const) {
    it(`${realm} may send the device to review (${entity}), never flag it`, () => {
      const v = verdict(realm);
      expect(v).toMatchObject({ status: 'review', covered: entity });
      expect(v.evidence.find((e) => e.rule === 'oui.stated')?.says).toMatch(/hash/);
    });
  }
});

describe('the documented layouts still flag', () => {
  it("Hikvision's own realm, its MAC in lower case", () => {
    expect(verdict('4419b63f5e51')).toMatchObject({ status: 'covered', covered: 'hikvision' });
  });

  it('a MAC written with separators is no hash', () => {
    expect(verdict('00:E0:FC:3A:9B:21')).toMatchObject({ status: 'covered', covered: 'huawei' });
  });
});
