import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Writes files into a fresh temp directory per test (removed afterwards); mode 600 unless told. */
export function useConfigFiles(): (name: string, text: string, mode?: number) => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (name, text, mode = 0o600) => {
    const dir = mkdtempSync(join(tmpdir(), 'lanaudit-config-'));
    dirs.push(dir);
    const path = join(dir, name);
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  };
}
