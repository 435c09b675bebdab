import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pidAlive } from '../../src/inventory/recovery.js';

describe('pidAlive', () => {
  it('takes a killed but not yet reaped process (a zombie) as dead, so its scan is not held as running', async () => {
    // sh starts a short child, prints its pid and becomes `sleep 5`, which never reaps it: the child stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (b: Buffer) => resolve(b.toString().trim()))));
      await new Promise((r) => setTimeout(r, 500));
      expect(() => process.kill(pid, 0)).not.toThrow(); // the kernel still has the entry…
      expect(pidAlive(pid)).toBe(false); // …but it will never finish a scan
      expect(pidAlive(parent.pid!)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
