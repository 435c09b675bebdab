/**
 * Two scans started together on one inventory: the one refused must say that another scan is
 * running (scans.begin), so opening an up-to-date inventory must not wait for the write lock that
 * the other process's scan holds. Once a CI run refused with "cannot open inventory: database is locked".
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { tempDbPath, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

/** Another connection holding the write lock (BEGIN IMMEDIATE) until told to commit. */
function writerHolding(path: string): Promise<{ release(): Promise<void> }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.path);
    db.exec('BEGIN IMMEDIATE');
    db.exec('CREATE TABLE held (x)');
    parentPort.postMessage('holding');
    parentPort.on('message', () => { db.exec('ROLLBACK'); db.close(); parentPort.postMessage('released'); });`;
  const worker = new Worker(code, { eval: true, workerData: { path, module: createRequire(import.meta.url).resolve('better-sqlite3') } });
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.once('message', () =>
      resolve({
        release: () =>
          new Promise<void>((done) => {
            worker.once('message', () => void worker.terminate().then(() => done()));
            worker.postMessage('release');
          }),
      }),
    );
  });
}

describe('opening an inventory while another process writes', () => {
  it('an up-to-date inventory opens without the write lock (it waited for it once per migration and failed with "database is locked")', async () => {
    const path = tempDbPath(tempDir);
    Inventory.open(path).close();
    const writer = await writerHolding(path);
    try {
      const inv = Inventory.open(path);
      expect(inv.scans.get(1)).toBeNull();
      inv.close();
    } finally {
      await writer.release();
    }
  }, 20_000);
});
