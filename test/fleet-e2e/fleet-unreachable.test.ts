/** `lanaudit fleet …` against a server that does not answer: a runtime error naming the server (exit 1), not an internal error. */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from '../helpers/cli.js';
import { freeLoopbackPort } from '../helpers/fleet-server.js';

function fleet(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, 'fleet', ...args], { env: { ...process.env, LANAUDIT_FLEET_TOKEN: 'lra_test' } }, (err, _out, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
    child.stdin?.end();
  });
}

describe('lanaudit fleet with the server down', () => {
  it('devices and report say the server did not answer, with exit code 1', async () => {
    ensureBuilt();
    const server = `https://127.0.0.1:${await freeLoopbackPort()}`;
    for (const args of [['devices', '--json'], ['report', '--format', 'csv']]) {
      const r = await fleet(...args, '--server', server);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(/internal error|this is a bug/);
      expect(r.stderr).toContain(server.replace('https://', ''));
      expect(r.stderr).toMatch(/ECONNREFUSED/);
    }
  }, 60_000);
});
