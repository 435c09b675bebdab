import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The test PostgreSQL cluster (test/helpers/pg-cluster.ts) goes away with the process that started
 * it, even when that process dies without its teardown: a test run killed by a timeout or a closed
 * pipe left clusters running for hours before.
 */
const script = `
  import { startCluster } from ${JSON.stringify(path.resolve(import.meta.dirname, '../helpers/pg-cluster.ts'))};
  const cluster = await startCluster();
  console.log(new URL(cluster.url).port);
  setInterval(() => undefined, 1000);
`;

function postgresOnPort(port: string): boolean {
  return spawnSyncOut('ps', ['-eo', 'args']).split('\n').some((line) => line.includes('postgres') && line.includes(`-p ${port} `));
}

function spawnSyncOut(cmd: string, args: string[]): string {
  return spawnSync(cmd, args, { encoding: 'utf8' }).stdout;
}

describe('test PostgreSQL cluster', () => {
  it('is stopped and removed when the process that started it is killed (no teardown)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before the cluster started`)));
    });
    expect(postgresOnPort(port)).toBe(true);
    const dataDir = spawnSyncOut('ps', ['-eo', 'args']).split('\n').find((l) => l.includes(`-p ${port} `))!.match(/-D (\S+)/)![1]!;
    try {
      child.kill('SIGKILL');
      for (let waited = 0; waited < 20_000 && (postgresOnPort(port) || existsSync(dataDir)); waited += 200) await new Promise((r) => setTimeout(r, 200));
      expect(postgresOnPort(port)).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      // Should the watchdog fail, this test still leaves nothing running.
      for (const line of spawnSyncOut('ps', ['-eo', 'pid,args']).split('\n')) {
        if (line.includes('postgres') && line.includes(`-p ${port} `)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGQUIT');
      }
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  }, 60_000);
});
