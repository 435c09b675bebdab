/**
 * The registry's and the policy's dates in `lanaudit status`, and the warning once the registry is
 * older than identification.registryMaxAgeMonths, in status and in a scan's output (issue 11).
 * The shipped registry is from 2026-08-26: a limit of 1 month makes it old today, 600 keeps it fresh.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useConfigFiles } from '../config/helpers.js';
import { runCli } from './run-cli.js';

const file = useConfigFiles();
const dir = mkdtempSync(join(tmpdir(), 'lanaudit-registry-age-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** Never a registry loaded on this machine. */
const env = (config: string) => ({ LANAUDIT_CONFIG: config, LANAUDIT_DB: join(dir, 'inventory.db'), LANAUDIT_OUI_REGISTRY: join(dir, 'none.bin') });
const WARNING = /Warning: The IEEE OUI registry in use is from 2026-08-26 \(oui-data [\d.]+\), \d+ months old: older than identification\.registryMaxAgeMonths \(1\)/;

describe('registry age', () => {
  it('status names both dates, and warns only past the configured age', { timeout: 60_000 }, async () => {
    const fresh = await runCli(['status'], env(file('fresh.yaml', 'identification:\n  registryMaxAgeMonths: 600\n')));
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^OUI registry: 2026-08-26 \(oui-data [\d.]+; [\d,]+ assignments\)$/m);
    expect(fresh.stdout).toMatch(/^Covered-entity policy: as of 2026-11-27 \(/m);
    expect(fresh.stdout).not.toContain('Warning');
    const old = await runCli(['status'], env(file('old.yaml', 'identification:\n  registryMaxAgeMonths: 1\n')));
    expect(old.stdout).toMatch(WARNING);
  });

  it('a scan warns about an old registry on its output', { timeout: 60_000 }, async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const scan = await runCli(['scan', '127.0.0.1', '--engine', 'native', '--no-probes', '--ports', String(port), '--json'], env(file('old.yaml', 'identification:\n  registryMaxAgeMonths: 1\n')));
      expect(scan.code, scan.stderr).toBe(0);
      expect(scan.stderr).toMatch(/warning: The IEEE OUI registry in use is from 2026-08-26 .*older than identification\.registryMaxAgeMonths \(1\)/);
    } finally {
      server.close();
    }
  });
});
