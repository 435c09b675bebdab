// Review of #11 (5 Dec): a general-purpose Linux host is marked by its distribution's packaging,
// and a server's kernel in its Net-SNMP sysDescr is such a mark beyond Ubuntu's: Red Hat's family
// (<version>-<release>.el<N>.<arch>: CentOS, Rocky, AlmaLinux) and Debian's (<abi>-amd64 … #1 SMP
// Debian <package version>). Huawei's eSight and other makers' platforms run on such servers, whose
// OpenSSH banner is untagged on Red Hat's family, so without the kernel mark the platform's own
// certificate flagged the server. An embedded kernel is still no mark.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { noMac, obs } from './observations.js';

const huaweiCert = obs('tls.subject', 'CN=esight01, OU=NMS, O=Huawei Technologies Co., Ltd., C=CN', { port: 443 });
const hikCert = obs('tls.subject', 'CN=192.168.1.64, O=HIKVISION, C=CN', { port: 443 });
const centos = obs('snmp.sysdescr', 'Linux nms01 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64', { port: 161 });
const rocky = obs('snmp.sysdescr', 'Linux vms 4.18.0-477.10.1.el8_8.x86_64 #1 SMP Tue May 16 11:38:37 UTC 2023 x86_64', { port: 161 });
const debian = obs('snmp.sysdescr', 'Linux vms 5.10.0-21-amd64 #1 SMP Debian 5.10.162-1 (2023-01-21) x86_64', { port: 161 });
const embedded = obs('snmp.sysdescr', 'Linux ipcam 3.18.20 #1 SMP PREEMPT Wed Jan 1 00:00:00 CST 2020 armv7l', { port: 161 });

describe("a covered maker's certificate on a Red Hat or Debian server", () => {
  for (const host of [centos, rocky, debian]) {
    it(`${host.value.slice(0, 40)}…: review, never covered`, () => {
      for (const cert of [huaweiCert, hikCert]) {
        expect(identify([cert], noMac).status, cert.value).toBe('covered');
        expect(identify([host, cert], noMac).status, `${host.value} + ${cert.value}`).toBe('review');
      }
    });
  }

  it('an embedded kernel is no mark: the certificate still flags', () => {
    expect(identify([embedded, hikCert], noMac).status).toBe('covered');
  });

  it('the same set in any order gives the same verdict bytes', () => {
    const set = [centos, huaweiCert, hikCert, obs('hostname', 'nms01')];
    const bytes = [set, [...set].reverse(), [set[2]!, set[0]!, set[3]!, set[1]!]].map((s) => JSON.stringify(identify(s, noMac)));
    expect(new Set(bytes).size).toBe(1);
  });
});
