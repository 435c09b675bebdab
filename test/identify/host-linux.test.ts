// Software is not equipment (#11), on Linux too: a covered maker's platform on a general-purpose
// Linux server (a HikCentral or iVMS server, a Huawei NMS) presents the maker's certificate and
// names it in its pages, but the server is not the maker's device. What marks a general-purpose
// host is the distribution's own packaging (mentions.json generalPurposeHosts): OpenSSH built by
// Ubuntu, Debian, Raspbian or FreeBSD (rapid7/recog@14fa1a72 xml/ssh_banners.xml), an Apache or
// nginx Server header tagged with the distribution (rapid7/recog@e99493566a47 xml/apache_os.xml,
// os.device General), an Ubuntu kernel in a Net-SNMP sysDescr. Linux alone is no such mark:
// Huawei ONTs and Hikvision cameras run embedded Linux with Dropbear or an untagged OpenSSH, and
// nmap's OS guess says "Linux" for them too; those still flag.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { noMac, obs } from './observations.js';

const ubuntuSsh = obs('ssh.banner', 'SSH-2.0-OpenSSH_5.3p1 Debian-3ubuntu7.1', { port: 22 });
const raspbianSsh = obs('ssh.banner', 'SSH-2.0-OpenSSH_7.4p1 Raspbian-10+deb9u1', { port: 22 });
const centosApache = obs('http.server', 'Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips', { port: 443 });
const ubuntuNginx = obs('http.server', 'nginx/1.18.0 (Ubuntu)', { port: 80 });
const ubuntuSnmp = obs('snmp.sysdescr', 'Linux nms01 5.15.0-100-generic #110-Ubuntu SMP Tue Jan 1 10:00:00 UTC 2024 x86_64', { port: 161 });

// A platform's own certificate: the camera rule's O=HIKVISION, and Huawei's legal name (the certificate mention).
const hikCert = obs('tls.subject', 'CN=192.168.1.64, O=HIKVISION, C=CN', { port: 443 });
const huaweiCert = obs('tls.subject', 'CN=nms01, OU=NMS, O=Huawei Technologies Co., Ltd., C=CN', { port: 443 });
const hikModelTitle = obs('http.title', 'DS-7608NI-K2 live view', { port: 80 });

describe("a covered maker's certificate or model on a general-purpose Linux host", () => {
  const hosts = [
    ['an Ubuntu OpenSSH banner', ubuntuSsh],
    ['a Raspbian OpenSSH banner', raspbianSsh],
    ['a CentOS Apache Server header', centosApache],
    ['an Ubuntu nginx Server header', ubuntuNginx],
    ['an Ubuntu kernel in the sysDescr', ubuntuSnmp],
  ] as const;
  for (const [name, host] of hosts) {
    it(`${name}: review, never covered`, () => {
      for (const reading of [hikCert, huaweiCert, hikModelTitle]) {
        expect(identify([reading], noMac).status, reading.value).toBe('covered');
        expect(identify([host, reading], noMac).status, `${host.value} + ${reading.value}`).toBe('review');
      }
    });
  }

  it('says why', () => {
    const v = identify([ubuntuSsh, huaweiCert], noMac);
    expect(v.evidence.find((e) => e.rule === 'fusion.ceiling')?.says).toMatch(/software/);
  });

  it("a certificate rule is capped on a Windows host too (a HikCentral server's O=HIKVISION certificate)", () => {
    const windows = obs('snmp.sysdescr', 'Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)');
    expect(identify([windows, hikCert], noMac).status).toBe('review');
  });

  it('a covered MAC registrant is no text reading: a Huawei server running Ubuntu keeps its MAC evidence', () => {
    const v = identify([obs('mac', '00:e0:fc:11:22:33', { source: 'neigh' }), ubuntuSsh, huaweiCert]);
    expect(v).toMatchObject({ status: 'covered', covered: 'huawei' });
  });

  it('the same set in any order gives the same verdict', () => {
    const set = [ubuntuSsh, hikCert, hikModelTitle, centosApache];
    expect(JSON.stringify(identify([...set].reverse(), noMac))).toBe(JSON.stringify(identify(set, noMac)));
  });
});

describe('embedded Linux inside a covered device is no general-purpose host', () => {
  const embedded = [
    obs('ssh.banner', 'SSH-2.0-dropbear_2019.78', { port: 22 }),
    obs('ssh.banner', 'SSH-2.0-OpenSSH_7.4', { port: 22 }),
    obs('nmap.os', 'Linux 3.2 - 4.9'),
    obs('http.server', 'lighttpd/1.4.35'),
    obs('snmp.sysdescr', 'Linux ont 2.6.34 #1 SMP Wed Jan 1 00:00:00 CST 2020 armv7l', { port: 161 }),
  ];
  for (const host of embedded) {
    it(`${host.kind} ${host.value}: the device's certificate still flags`, () => {
      expect(identify([host, hikCert], noMac)).toMatchObject({ status: 'covered', covered: 'hikvision' });
      expect(identify([host, huaweiCert], noMac)).toMatchObject({ status: 'covered', covered: 'huawei' });
    });
  }
});
