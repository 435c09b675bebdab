/**
 * Issue 7, privileges: the agent run as `nobody` inside the lab's scanner namespace, its inventory
 * in a directory nobody owns. The native engine works unprivileged; asked for nmap, it says what
 * it cannot do without raw sockets; and it writes nothing outside its data directory and the
 * output file it was given (every file nobody touched anywhere on the machine is checked).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.js';
import { ensureBuilt, lanauditCommand } from '../helpers/cli.js';
import { score } from '../integration/ground-truth.js';
import { labAvailable, upLab, type Lab } from '../lab/lab.js';
import { labNamespacesLeft, tempDir } from './helpers.js';

const available = labAvailable();
if (!available.ok) console.warn(`skipping the privilege hardening tests: ${available.why}`);

const LAB_ID = 'hpriv';
const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
/** Where an unprivileged process could write besides its home: each checked on its own file system. */
const WRITABLE_ROOTS = ['/', '/tmp', '/var/tmp', '/dev/shm', '/run'];

/** Every file or directory owned by nobody and changed after `marker`, anywhere a process could write. */
function touchedByNobody(marker: string): string[] {
  const found = new Set<string>();
  for (const root of WRITABLE_ROOTS.filter((r) => existsSync(r))) {
    let out = '';
    try {
      out = execFileSync('find', [root, '-xdev', '(', '-path', '/proc', '-o', '-path', '/sys', ')', '-prune', '-o', '-user', 'nobody', '-newer', marker, '-print'], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (err) {
      // find exits 1 when some directory is unreadable (vanishing temp files of other processes); its output still counts.
      out = (err as { stdout?: string }).stdout ?? '';
    }
    for (const line of out.split('\n')) if (line) found.add(line);
  }
  return [...found].sort();
}

describe.skipIf(!available.ok)('hardening: an unprivileged scan', () => {
  let lab: Lab | undefined;
  let tmp: ReturnType<typeof tempDir>;
  let home: string;
  let dataDir: string;
  let db: string;
  let marker: string;
  let subnet: string;
  const asNobody = (args: string[]) =>
    lab!.exec([...AS_NOBODY, 'env', `HOME=${home}`, `LANAUDIT_DB=${db}`, 'NO_COLOR=1', ...lanauditCommand(...args)], { timeoutMs: 180_000, cwd: home });

  beforeAll(async () => {
    ensureBuilt();
    tmp = tempDir('priv');
    chmodSync(tmp.dir, 0o755);
    home = path.join(tmp.dir, 'home');
    mkdirSync(home);
    const { uid, gid } = { uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })) };
    chownSync(home, uid, gid);
    dataDir = path.join(home, 'data');
    db = path.join(dataDir, 'inventory.db');
    marker = path.join(tmp.dir, 'marker');
    writeFileSync(marker, '');
    // A second in the past: files changed in the same clock tick as the marker still count as newer.
    const past = new Date(Date.now() - 1000);
    utimesSync(marker, past, past);
    lab = await upLab('site-small', { id: LAB_ID });
    subnet = lab.profile.segments[0]!.subnet;
  }, 180_000);

  afterAll(async () => {
    await lab?.down();
    tmp?.remove();
    expect(labNamespacesLeft(LAB_ID)).toEqual([]);
  });

  it('the native engine finds every device with its MAC, as nobody', async () => {
    const r = await asNobody(['scan', subnet, '--exclude', lab!.scannerAddress, '--engine', 'native', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'complete', devices: lab!.devices.length });
    // Root reads a copy: lanaudit refuses an inventory file another user owns (nobody, here).
    const copy = path.join(tmp.dir, 'as-root.db');
    for (const suffix of ['', '-wal']) if (existsSync(`${db}${suffix}`)) copyFileSync(`${db}${suffix}`, `${copy}${suffix}`);
    const inv = Inventory.open(copy, { readonly: true });
    try {
      const s = score(inv, lab!.devices);
      expect(s.foundWithMac).toBe(s.devices);
      expect(s.flaggedRight).toBe(s.covered);
    } finally {
      inv.close();
    }
  }, 200_000);

  it('auto picks native and says why; nmap asked for says it cannot use raw sockets', async () => {
    const auto = await asNobody(['scan', subnet, '--exclude', lab!.scannerAddress, '--no-probes']);
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toMatch(/Engine: native \(.*(raw sockets|CAP_NET_RAW)/);
    const nmap = await asNobody(['scan', subnet, '--exclude', lab!.scannerAddress, '--engine', 'nmap', '--no-probes']);
    expect(nmap.stderr).toMatch(/Engine: nmap/);
    expect(nmap.stderr).toMatch(/without CAP_NET_RAW|raw sockets/);
    expect(nmap.stderr).toMatch(/cannot send ARP or ICMP/);
    expect(nmap.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(nmap.code, nmap.stderr).toBe(0);
  }, 400_000);

  it('writes nothing outside its data directory and the chosen output file', async () => {
    const out = path.join(home, 'reports', 'flagged.csv');
    mkdirSync(path.dirname(out));
    chownSync(path.dirname(out), Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })));
    for (const args of [['devices'], ['show', lab!.devices[0]!.ip], ['report', '--format', 'csv', '-o', out, '--flagged']]) {
      const r = await asNobody(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(existsSync(out)).toBe(true);
    const allowed = (file: string) => file === home || file === dataDir || file.startsWith(`${dataDir}/`) || file === out || file === path.dirname(out);
    const touched = touchedByNobody(marker);
    expect(touched).toContain(db);
    expect(touched.filter((f) => !allowed(f)), 'written by the unprivileged agent outside its data directory and output').toEqual([]);
  }, 400_000);
});
