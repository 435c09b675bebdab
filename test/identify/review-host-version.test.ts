// Review of #11 (5 Dec): a firmware version in a covered maker's numbering is a text reading of that
// maker, as a mention or a model number is. On a general-purpose host (Windows, or a Linux
// distribution's packaging) it is the maker's software there: Dahua's DSS and SmartPSS clients and
// servers number their releases in Dahua's firmware layout (V8.001.0000000.0.R with a build date),
// so a server page that prints it is no Dahua device. In someone else's words ("compatible with
// Dahua … firmware") it is theirs. Either may send the device to review, never flag it.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { noMac, obs } from './observations.js';

const windows = obs('snmp.sysdescr', 'Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)');
const ubuntuSsh = obs('ssh.banner', 'SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5', { port: 22 });
const dahuaBuild = obs('http.title', 'V8.001.0000000.0.R, Build Date: 2022-03-15', { port: 443 });

describe("a covered maker's firmware numbering on a general-purpose host or in someone else's text", () => {
  it('alone, the Dahua build flags (the grammar is unchanged)', () => {
    expect(identify([dahuaBuild], noMac).status).toBe('covered');
  });

  it('on a Windows host: review, never covered', () => {
    expect(identify([windows, dahuaBuild], noMac).status).toBe('review');
  });

  it('on an Ubuntu host: review, never covered', () => {
    expect(identify([ubuntuSsh, dahuaBuild], noMac).status).toBe('review');
  });

  it("in a compatibility note's own text: review, never covered", () => {
    const v = identify([obs('http.title', 'Compatible with Dahua firmware 2.800.0000016.0.R,build:2020-06-05')], noMac);
    expect(v.status).not.toBe('covered');
  });

  it('the same set in any order gives the same verdict bytes', () => {
    const set = [windows, dahuaBuild, ubuntuSsh, obs('hostname', 'dss-server')];
    const bytes = [set, [...set].reverse(), [set[2]!, set[0]!, set[3]!, set[1]!]].map((s) => JSON.stringify(identify(s, noMac)));
    expect(new Set(bytes).size).toBe(1);
  });
});
