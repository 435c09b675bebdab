/**
 * Issue 7, full disk and read-only inventories: a real scan whose database fills a tiny tmpfs
 * mid-scan, and inventories whose file, directory or whole file system is read-only. Each gives a
 * clear error naming the file (no stack trace), exit 1, and loses nothing already stored.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, lchownSync, mkdirSync, rmSync, statfsSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { runCli } from '../cli/run-cli.js';
import { BIN, ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { labAvailable, upLab, type ExecResult, type Lab } from '../lab/lab.js';
import { integrityCheck, labNamespacesLeft, query, tempDir } from './helpers.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the full-disk and read-only hardening tests: ${available.why}`);

const LAB_ID = 'hstorage';
const NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];

function nobodyIds(): { uid: number; gid: number } {
  const id = (flag: string, name: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u', 'nobody'), gid: Number(execFileSync('getent', ['group', 'nogroup'], { encoding: 'utf8' }).split(':')[2]) };
}

/** A failure a person can act on: exit 1, the file named, no stack trace and no "this is a bug". */
function expectClearError(r: ExecResult, file: string, cause: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(cause);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe.skipIf(!available.ok)('hardening: full disk and read-only inventory', () => {
  let lab: Lab | undefined;
  let tmp: ReturnType<typeof tempDir>;
  const mounts: string[] = [];
  let scanArgs: (db: string, ...more: string[]) => string[];

  const mountTmpfs = (dir: string, size: string) => {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
    mounts.push(dir);
  };

  beforeAll(async () => {
    ensureBuilt();
    tmp = tempDir('storage');
    chmodSync(tmp.dir, 0o755); // nobody must reach the directories below
    lab = await upLab('site-small', { id: LAB_ID });
    const subnet = lab.profile.segments[0]!.subnet;
    scanArgs = (db, ...more) => lanauditCommand('scan', subnet, '--exclude', lab!.scannerAddress, '--engine', 'native', '--db', db, ...more);
  }, 180_000);

  afterAll(async () => {
    for (const dir of mounts.reverse()) spawnSync('umount', ['-l', dir]);
    await lab?.down();
    tmp?.remove();
    expect(labNamespacesLeft(LAB_ID)).toEqual([]);
  });

  it('a disk that fills during a scan: clear error, exit 1, earlier scans intact, next scan fine once there is room', async () => {
    const dir = path.join(tmp.dir, 'tiny');
    mountTmpfs(dir, '2m');
    const db = path.join(dir, 'inventory.db');
    const first = await lab!.exec(scanArgs(db, '--no-probes'), { timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    const baseline = query<{ id: number }>(db, 'select max(id) as id from scans')[0]!.id;
    const snapshot = () => ({
      scans: query(db, 'select id, status, hosts, flagged, finished_at from scans where id <= ? order by id', baseline),
      devices: query(db, 'select id, mac, first_seen from devices order by id'),
      verdicts: query(db, 'select * from verdicts where scan_id <= ? order by id', baseline),
      sightings: query(db, 'select count(*) as n from device_scans where scan_id <= ?', baseline),
      facts: query(db, 'select count(*) as n from facts where first_scan <= ?', baseline),
    });
    const before = snapshot();
    expect(before.devices.length).toBe(lab!.devices.length);

    // Leave room to start a scan, not to store it: the full scan with probes writes far more than this.
    const fs = statfsSync(dir);
    const free = fs.bavail * fs.bsize;
    writeFileSync(path.join(dir, 'filler'), Buffer.alloc(Math.max(0, free - 64 * 1024)));
    const full = await lab!.exec(scanArgs(db), { timeoutMs: 120_000 });
    expectClearError(full, db, /disk is full/);
    // It had begun (the scan row exists) and did not complete.
    const failed = query<{ id: number; status: string }>(db, 'select id, status from scans where id > ?', baseline);
    expect(failed.length).toBeGreaterThan(0);
    for (const s of failed) expect(s.status).not.toBe('complete');
    expect(integrityCheck(db)).toBe('ok');
    expect(snapshot()).toEqual(before);

    rmSync(path.join(dir, 'filler'));
    const devices = await lab!.exec(lanauditCommand('devices', '--json', '--db', db));
    expect(devices.code, devices.stderr).toBe(0);
    expect((JSON.parse(devices.stdout) as unknown[]).length).toBe(lab!.devices.length);
    const next = await lab!.exec(scanArgs(db, '--json'), { timeoutMs: 120_000 });
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ status: 'complete' });
    for (const s of failed) expect(query<{ status: string }>(db, 'select status from scans where id = ?', s.id)[0]?.status).toBe('interrupted');
  }, 400_000);

  it('a read-only file, directory or file system: clear error naming the path, nothing lost', async () => {
    const source = path.join(tmp.dir, 'source.db');
    const made = await lab!.exec(scanArgs(source, '--no-probes'), { timeoutMs: 120_000 });
    expect(made.code, made.stderr).toBe(0);
    const devicesBefore = query(source, 'select id, mac, ip, verdict_id from devices order by id');
    const { uid, gid } = nobodyIds();

    // Read-only file, as an unprivileged user (root would write through the mode bits).
    const fileDir = path.join(tmp.dir, 'rofile');
    mkdirSync(fileDir);
    const roFile = path.join(fileDir, 'inventory.db');
    copyFileSync(source, roFile);
    chownSync(fileDir, uid, gid);
    chownSync(roFile, uid, gid);
    chmodSync(roFile, 0o444);
    expectClearError(await lab!.exec([...NOBODY, ...scanArgs(roFile, '--no-probes')], { timeoutMs: 120_000 }), roFile, /read-?only/);

    // Read-only directory holding a writable file: SQLite cannot create its WAL beside it.
    const roDir = path.join(tmp.dir, 'rodir');
    mkdirSync(roDir);
    const inRoDir = path.join(roDir, 'inventory.db');
    copyFileSync(source, inRoDir);
    chownSync(inRoDir, uid, gid);
    chownSync(roDir, uid, gid);
    chmodSync(roDir, 0o555);
    expectClearError(await lab!.exec([...NOBODY, ...scanArgs(inRoDir, '--no-probes')], { timeoutMs: 120_000 }), inRoDir, /read-?only|unable to open|permission/i);
    // A new inventory where the user may not create it.
    const nowhere = path.join(roDir, 'sub', 'new.db');
    expectClearError(await lab!.exec([...NOBODY, ...scanArgs(nowhere, '--no-probes')], { timeoutMs: 120_000 }), nowhere, /permission denied|EACCES/i);

    // A file system mounted read-only, as root.
    const roMount = path.join(tmp.dir, 'romount');
    mountTmpfs(roMount, '4m');
    const onRo = path.join(roMount, 'inventory.db');
    copyFileSync(source, onRo);
    execFileSync('mount', ['-o', 'remount,ro', roMount]);
    expectClearError(await lab!.exec(scanArgs(onRo, '--no-probes'), { timeoutMs: 120_000 }), onRo, /unable to open|read-?only/i);

    for (const db of [roFile, inRoDir]) {
      expect(integrityCheck(db)).toBe('ok');
      expect(query(db, 'select id, mac, ip, verdict_id from devices order by id'), db).toEqual(devicesBefore);
    }
  }, 400_000);

  it('a reader that closes the pipe early (lanaudit devices | true) ends the output without a crash', () => {
    const db = path.join(tmp.dir, 'source.db');
    for (let i = 0; i < 3; i++) {
      const r = spawnSync('bash', ['-c', `node '${BIN}' devices --db '${db}' | true; echo "exit=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
      expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
      expect(r.stderr).toContain('exit=0');
    }
  });
});

/**
 * Issue 16, finding 6: root's scans write the inventory, so it is never reached through a link
 * and never a file another user controls. No lab needed: the "attacker" is files owned by nobody.
 */
describe.skipIf(process.geteuid?.() !== 0)('hardening: the inventory file as root', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('dbfile');
  });
  afterAll(() => tmp.remove());

  const expectRefused = (r: { code: number | null; stderr: string }, file: string, why: RegExp) => {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`refusing the inventory file ${file}`);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  };

  it('a symbolic link as --db is refused, for reading and writing, and its target is untouched', async () => {
    const { uid, gid } = nobodyIds();
    const real = path.join(tmp.dir, 'real.db');
    Inventory.open(real).close();
    const link = path.join(tmp.dir, 'link.db');
    symlinkSync(real, link);
    lchownSync(link, uid, gid);
    expectRefused(await runCli(['devices', '--db', link]), link, /symbolic link/);
    // A dangling link: opening for writing would have made root create the file it names.
    const victim = path.join(tmp.dir, 'victim');
    const dangling = path.join(tmp.dir, 'dangling.db');
    symlinkSync(victim, dangling);
    expect(() => Inventory.open(dangling)).toThrow(/refusing the inventory file .*dangling\.db: it is a symbolic link/);
    expect(existsSync(victim)).toBe(false);
  });

  it('an inventory, or its -wal file, owned by another user is refused', async () => {
    const { uid, gid } = nobodyIds();
    const theirs = path.join(tmp.dir, 'theirs.db');
    Inventory.open(theirs).close();
    chownSync(theirs, uid, gid);
    expectRefused(await runCli(['devices', '--db', theirs]), theirs, /owned by uid \d+, not by you \(uid 0\)/);
    const ours = path.join(tmp.dir, 'ours.db');
    Inventory.open(ours).close();
    writeFileSync(`${ours}-wal`, '');
    chownSync(`${ours}-wal`, uid, gid);
    expect(() => Inventory.open(ours)).toThrow(`refusing the inventory file ${ours}-wal: it is owned by uid ${uid}`);
  });

  it('a new inventory and its WAL files are private (0600) whatever the umask', () => {
    const old = process.umask(0);
    try {
      const db = path.join(tmp.dir, 'new', 'inventory.db');
      const inv = Inventory.open(db);
      try {
        for (const file of [db, `${db}-wal`, `${db}-shm`]) expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
      } finally {
        inv.close();
      }
    } finally {
      process.umask(old);
    }
  });
});
