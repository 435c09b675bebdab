import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { alertTargets, targetSecrets } from '../../src/alerts/targets.js';
import { configSecrets, redactConfig, redactUrl, secretScrubber } from '../../src/config/redact.js';

const config = parseConfig(
  `probes:
  snmp:
    communities: [public, n0t-public]
    bySubnet:
      - { cidr: 10.20.0.0/16, communities: [site-S3CRET] }
alerts:
  webhooks:
    - url: https://user:pw-S3CRET@hooks.example.com/services/PATH-S3CRET?key=Q-S3CRET
      token: tok-S3CRET
      hmacSecret: hmac-S3CRET
    - url: http://10.0.0.5:8080/
`,
  'c.yaml',
);

describe('secrets', () => {
  it('are every community, token, HMAC secret and the credentials, path and query of webhook URLs', () => {
    expect(configSecrets(config).sort()).toEqual(['/services/PATH-S3CRET', 'hmac-S3CRET', 'key=Q-S3CRET', 'n0t-public', 'public', 'pw-S3CRET', 'site-S3CRET', 'tok-S3CRET', 'user'].sort());
  });

  it('are replaced by *** in the printable copy, which keeps everything else', () => {
    const redacted = redactConfig(config);
    expect(redacted.probes.snmp.communities).toEqual(['***', '***']);
    expect(redacted.probes.snmp.bySubnet).toEqual([{ cidr: '10.20.0.0/16', communities: ['***'] }]);
    expect(redacted.alerts.webhooks).toEqual([
      { url: 'https://hooks.example.com/***', token: '***', hmacSecret: '***' },
      { url: 'http://10.0.0.5:8080/' },
    ]);
    expect(redacted.discovery).toEqual(config.discovery);
    const text = JSON.stringify(redacted);
    for (const secret of configSecrets(config).filter((s) => s.length > 4)) expect(text).not.toContain(secret);
    expect(redactUrl('https://hooks.example.com')).toBe('https://hooks.example.com/');
  });

  it('are scrubbed from any text, longest first; short or well-known values are left alone', () => {
    const scrub = secretScrubber(configSecrets(config));
    expect(scrub('POST /services/PATH-S3CRET failed: 401 for tok-S3CRET (community n0t-public)')).toBe('POST *** failed: 401 for *** (community ***)');
    expect(scrub('public abc')).toBe('public abc');
    expect(secretScrubber([])('anything')).toBe('anything');
  });
});

describe('secrets in awkward places', () => {
  it('a webhook URL whose path is not valid percent-encoding does not break secret collection', async () => {
    const { configSchema } = await import('../../src/config/schema.js');
    const config = configSchema.parse({ alerts: { webhooks: [{ url: 'https://h.example/%E0%A4%A' }] } });
    expect(configSecrets(config)).toContain('/%E0%A4%A');
  });

  it('a secret with a quote or backslash is scrubbed from JSON log lines too', async () => {
    const scrub = secretScrubber(['s3"cr\\et']);
    expect(scrub(JSON.stringify({ msg: 'token s3"cr\\et leaked' }))).not.toMatch(/s3/);
  });
});

describe('one scrubber for logs and alert delivery errors', () => {
  it('a webhook target is scrubbed of the same secrets as the configuration it came from', () => {
    const [target] = alertTargets(config.alerts);
    expect(targetSecrets(target!).every((s) => configSecrets(config).includes(s))).toBe(true);
    const scrub = secretScrubber(targetSecrets(target!));
    expect(scrub('POST https://user:pw-S3CRET@hooks.example.com/services/PATH-S3CRET?key=Q-S3CRET: 401 (tok-S3CRET)')).not.toMatch(/S3CRET/);
  });
});

