/**
 * Issue #11: a certificate subject's organization names its maker however the tool that printed it
 * spells the field: O= (RFC 4514 strings, openssl), organizationName= with '/' between fields (nmap's
 * ssl-cert script), or one "Org:" line per field (the layout of the capture the Dahua issuer rule cites,
 * https://github.com/D4-project/Plum-Island/issues/204). The mentions template `certificate` read only
 * O=, so the same Hikvision or Huawei subject flagged in one layout and reached review in another.
 * Another field naming the maker (an organizational unit) stays a bare mention.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';

const subject = (value: string) => identify([{ ip: '192.0.2.7', port: 443, kind: 'tls.subject', value, source: 'https', at: '2026-12-05T00:00:00Z' }]);

describe('the certificate organization in every layout', () => {
  it('flags the maker as the organization, whatever the field is called', () => {
    for (const [value, covered] of [
      ['Subject: commonName=192.168.1.64/organizationName=Hangzhou Hikvision Digital Technology Co., Ltd./countryName=CN', 'hikvision'],
      ['Subject\n    CN: 192.168.100.1\n    Org: Huawei Technologies Co., Ltd.\n    Country: CN', 'huawei'],
      ['C=CN, O=ZTE Corporation, CN=192.168.1.1', 'zte'],
    ] as const) {
      const verdict = subject(value);
      expect(verdict.status, value).toBe('covered');
      expect(verdict.covered, value).toBe(covered);
    }
  });

  it('leaves the maker in another field a bare mention', () => {
    for (const value of ['Subject\n    CN: shop.example\n    OrgUnit: Huawei Partner Program\n    Org: Example Ltd\n    Country: GB', 'organizationalUnitName=Hikvision Installers/organizationName=Example Ltd']) {
      expect(subject(value).status, value).not.toBe('covered');
    }
  });
});
