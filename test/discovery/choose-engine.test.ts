import { describe, expect, it } from 'vitest';
import { chooseEngine, parseCapEff, type EngineFacts } from '../../src/discovery/choose-engine.js';
import { RuntimeError } from '../../src/util/errors.js';

const ALL_CAPS = 0x000001fffeffffffn; // root's CapEff on this kernel
const NO_NET_RAW = ALL_CAPS & ~(1n << 13n);

const facts = (over: Partial<EngineFacts>): EngineFacts => ({ nmapPath: '/usr/bin/nmap', uid: 0, capEff: ALL_CAPS, ...over });

describe('chooseEngine', () => {
  it('auto: nmap when installed and raw sockets are allowed (root)', () => {
    const choice = chooseEngine('auto', facts({}));
    expect(choice.engine.name).toBe('nmap');
    expect(choice.reason).toContain('/usr/bin/nmap');
    expect(choice.reason).toContain('raw sockets');
  });

  it('auto: nmap for a non-root process granted CAP_NET_RAW', () => {
    expect(chooseEngine('auto', facts({ uid: 1000, capEff: 1n << 13n })).engine.name).toBe('nmap');
  });

  it('auto: native when nmap is missing, saying how to install it', () => {
    const choice = chooseEngine('auto', facts({ nmapPath: null }));
    expect(choice.engine.name).toBe('native');
    expect(choice.reason).toContain('apt-get install nmap');
  });

  it('auto: native without raw sockets, including root in a container that dropped CAP_NET_RAW', () => {
    const user = chooseEngine('auto', facts({ uid: 1000, capEff: 0n }));
    expect(user.engine.name).toBe('native');
    expect(user.reason).toContain('CAP_NET_RAW');
    expect(chooseEngine('auto', facts({ uid: 0, capEff: NO_NET_RAW })).engine.name).toBe('native');
  });

  it('auto: with capabilities unknown, the uid decides', () => {
    expect(chooseEngine('auto', facts({ uid: 0, capEff: null })).engine.name).toBe('nmap');
    expect(chooseEngine('auto', facts({ uid: 1000, capEff: null })).engine.name).toBe('native');
  });

  it('nmap asked for but missing is a RuntimeError with an install hint', () => {
    expect(() => chooseEngine('nmap', facts({ nmapPath: null }))).toThrow(RuntimeError);
    expect(() => chooseEngine('nmap', facts({ nmapPath: null }))).toThrow(/apt-get install nmap/);
  });

  it('nmap asked for without raw sockets: nmap, with the caveat', () => {
    const choice = chooseEngine('nmap', facts({ uid: 1000, capEff: 0n }));
    expect(choice.engine.name).toBe('nmap');
    expect(choice.reason).toContain('TCP connects only');
  });

  it('native asked for: native, whatever is installed', () => {
    expect(chooseEngine('native', facts({})).engine.name).toBe('native');
  });
});

describe('parseCapEff', () => {
  it('reads the effective set from /proc/self/status text', () => {
    const status = 'Name:\tnode\nCapInh:\t0000000000000000\nCapPrm:\t000001fffeffffff\nCapEff:\t000001fffeffffff\n';
    expect(parseCapEff(status)).toBe(ALL_CAPS);
    expect(parseCapEff('Name:\tnode\n')).toBeNull();
  });
});
