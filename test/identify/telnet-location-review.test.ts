/**
 * Issue #11, voices that send a device to review, never flag it alone: ZTE's CLI greeting, Huawei
 * VRP's bare "Login authentication" prompt (H3C and HP Comware print it too, after their header
 * unless it is disabled), and the UPnP description URL of Huawei's ATP home gateways (port 37215,
 * /upnpdev.xml). Beside a voice that names the same maker they add up to a flag. Judged as a scan
 * judges them: identify() on the device's facts. The values are the rules' cited examples.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { readRuleSet } from '../../src/identify/rules/load.js';
import { macObs, obs, noMac } from './observations.js';

const rules = readRuleSet().ruleSet.rules;
const spec = (id: string) => rules.find((r) => r.id === id)!.spec;
const DELL = '00:14:22:01:23:45';

const ZTE_CLI = spec('telnet.banner.zte.cli-greeting');
const VRP_LOGIN = spec('telnet.banner.huawei.vrp-login-authentication');
const ATP_LOCATION = spec('upnp.location.huawei.atp-tr064');

/** Each value, beside a Dell MAC, leaves the device clear. */
function expectClear(kind: 'telnet.banner' | 'upnp.location', values: readonly { readonly value: string }[]): void {
  for (const { value } of values) expect(identify([macObs(DELL), obs(kind, value)]).status, value).toBe('clear');
}

describe("ZTE's CLI greeting", () => {
  it('sends the device to review for ZTE alone', () => {
    const v = identify([obs('telnet.banner', ZTE_CLI.examples[0]!.value)], noMac);
    expect([v.status, v.covered]).toEqual(['review', 'zte']);
  });

  it("flags beside ZTE's own UPnP manufacturer", () => {
    const v = identify([obs('telnet.banner', ZTE_CLI.examples[0]!.value), obs('upnp.manufacturer', 'ZTE Corporation')], noMac);
    expect([v.status, v.covered]).toEqual(['covered', 'zte']);
  });

  it('leaves the words without the frame, and other greetings, alone', () => {
    expectClear('telnet.banner', ZTE_CLI.counterExamples);
  });
});

describe("Huawei VRP's bare login prompt", () => {
  it('sends the device to review for Huawei, never a flag', () => {
    const v = identify([obs('telnet.banner', VRP_LOGIN.examples[0]!.value)], noMac);
    expect([v.status, v.covered]).toEqual(['review', 'huawei']);
  });

  it("leaves H3C's and HP's Comware prompts with their headers clear", () => {
    const comware = VRP_LOGIN.counterExamples.filter((c) => /H3C|Hewlett-Packard/.test(c.value));
    expect(comware.length).toBe(2);
    expectClear('telnet.banner', comware);
  });

  it('does not read the prompt again behind the Stelnet warning, which flags Huawei on its own', () => {
    const warned = 'Warning: Telnet is not a secure protocol, and it is recommended to use Stelnet.\r\n\r\nLogin authentication\r\n\r\n\r\nUsername:';
    const v = identify([obs('telnet.banner', warned)], noMac);
    expect([v.status, v.covered]).toEqual(['covered', 'huawei']);
    expect(v.evidence.map((e) => e.rule)).not.toContain('telnet.banner.huawei.vrp-login-authentication');
  });

  it('leaves a failure message and Cisco\'s prompt clear', () => {
    for (const value of ['Login authentication failed\r\nUsername:', 'User Access Verification\r\n\r\nUsername:']) {
      expect(identify([macObs(DELL), obs('telnet.banner', value)]).covered, value).not.toBe('huawei');
    }
  });
});

describe("Huawei ATP gateways' UPnP description URL", () => {
  it('sends the device to review for Huawei, with or without the UUID in the path', () => {
    for (const { value } of ATP_LOCATION.examples) {
      const v = identify([obs('upnp.location', value)], noMac);
      expect([v.status, v.covered], value).toEqual(['review', 'huawei']);
    }
  });

  it('flags beside the description that names Huawei', () => {
    const v = identify([obs('upnp.location', ATP_LOCATION.examples[0]!.value), obs('upnp.manufacturer', 'Huawei Technologies Co., Ltd.')], noMac);
    expect([v.status, v.covered]).toEqual(['covered', 'huawei']);
  });

  it('leaves other description URLs, another port or a file elsewhere in the URL clear', () => {
    expectClear('upnp.location', ATP_LOCATION.counterExamples);
  });
});

describe('Huawei home gateway prompts "<MODEL> login:"', () => {
  // Read by the model families (oui/families.json), not by a telnet rule: no second reading of one text.
  it('are read by the model grammars, with the model', () => {
    const v = identify([obs('telnet.banner', 'HG8245H login:')], noMac);
    expect([v.status, v.covered, v.model]).toEqual(['covered', 'huawei', 'HG8245H']);
  });
});
