import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { configSecrets, redactConfig } from '../../src/config/redact.js';

const YAML = `infrastructure:
  devices:
    - targets: [10.78.0.1]
      community: rtr-C0MMUNITY
    - targets: [10.78.1.0/24]
      v3: { username: lanaudit, authKey: auth-K3Y-secret, privKey: priv-K3Y-secret }
`;

describe('infrastructure configuration', () => {
  it('takes routers and switches with a v2c community or an SNMPv3 authPriv user (SHA/AES by default)', () => {
    const config = parseConfig(YAML, 'c.yaml');
    expect(config.infrastructure.devices[1]?.v3).toEqual({ username: 'lanaudit', authProtocol: 'sha', authKey: 'auth-K3Y-secret', privProtocol: 'aes', privKey: 'priv-K3Y-secret' });
    expect(config.infrastructure).toMatchObject({ maxRepetitions: 25, maxRows: 20_000, deviceTimeoutMs: 30_000 });
  });

  it('refuses an entry with both or neither credential, and short v3 keys', () => {
    expect(() => parseConfig('infrastructure:\n  devices:\n    - { targets: [10.0.0.1] }\n', 'c.yaml')).toThrow(/either community .* or v3/);
    expect(() => parseConfig('infrastructure:\n  devices:\n    - { targets: [10.0.0.1], community: a, v3: { username: u, authKey: 12345678, privKey: 12345678 } }\n', 'c.yaml')).toThrow();
    expect(() => parseConfig('infrastructure:\n  devices:\n    - { targets: [10.0.0.1], v3: { username: u, authKey: short, privKey: 12345678 } }\n', 'c.yaml')).toThrow(/8 characters/);
  });

  it('counts the community and both v3 keys as secrets, and prints none of them', () => {
    const config = parseConfig(YAML, 'c.yaml');
    expect(configSecrets(config)).toEqual(expect.arrayContaining(['rtr-C0MMUNITY', 'auth-K3Y-secret', 'priv-K3Y-secret']));
    const text = JSON.stringify(redactConfig(config));
    for (const secret of ['rtr-C0MMUNITY', 'auth-K3Y-secret', 'priv-K3Y-secret']) expect(text).not.toContain(secret);
    expect(text).toContain('lanaudit');
  });
});
