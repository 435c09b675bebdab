/** The identify, reidentify and import commands as a user runs them: the built CLI, a temporary inventory. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from '../helpers/cli.js';
import { runCli } from './run-cli.js';

let dir: string;
const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, timeout: 60_000 });

const NMAP_XML = `<?xml version="1.0"?>
<!DOCTYPE nmaprun [ <!ENTITY boom "BOOMBOOMBOOM"> ]>
<nmaprun scanner="nmap" args="nmap -sV -oX - 10.0.0.0/24">
<host starttime="1700000000" endtime="1700000100"><status state="up" reason="arp-response"/>
<address addr="10.0.0.21" addrtype="ipv4"/><address addr="58:50:ED:1F:E3:85" addrtype="mac" vendor="Hikvision"/>
<ports><port protocol="tcp" portid="80"><state state="open"/><service name="http" product="Hikvision IP camera httpd" method="probed"/></port></ports></host>
<host starttime="1700000000" endtime="1700000100"><status state="up" reason="arp-response"/>
<address addr="10.0.0.30" addrtype="ipv4"/><address addr="A4:83:E7:25:C1:6A" addrtype="mac"/>
<hostnames><hostname name="&boom;"/></hostnames></host>
<host><status state="down" reason="no-response"/><address addr="10.0.0.99" addrtype="ipv4"/></host>
</nmaprun>`;

beforeAll(() => {
  ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanaudit-identify-cli-'));
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('lanaudit identify / import / reidentify', () => {
  it('identify reads standard input, writes one verdict per device, reports bad lines on stderr and exits 0', () => {
    const r = run(['identify', '-'], '{"device":"cam","kind":"mac","value":"58:50:ed:1f:e3:85"}\n{oops\n');
    expect(r.status).toBe(0);
    const verdicts = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ device: 'cam', status: 'covered', covered: 'hikvision' });
    expect(Object.keys(verdicts[0]).sort()).toEqual(['brand', 'confidence', 'covered', 'device', 'evidence', 'firmware', 'manufacturer', 'model', 'serial', 'status']);
    expect(r.stderr).toMatch(/line 2: not JSON: skipped/);
  });

  it('identify writes control and bidi characters a device sent as \\u escapes, as devices --json does', async () => {
    const file = path.join(dir, 'hostile.jsonl');
    const device = 'cam\u202egnp.exe\u001b[2J\u009b';
    fs.writeFileSync(file, `${JSON.stringify({ device, kind: 'mac', value: '58:50:ed:1f:e3:85' })}\n${JSON.stringify({ device, kind: 'http.server', value: 'Hikvision\u202e\u0085' })}\n`);
    const r = await runCli(['identify', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(r.stdout).toContain('cam\\u202egnp.exe\\u001b[2J\\u009b');
    expect(JSON.parse(r.stdout.trim()).device).toBe(device);
  });

  it('identify exits 1 when nothing could be read, and names a missing file', () => {
    expect(run(['identify', '-'], 'garbage\n').status).toBe(1);
    const missing = run(['identify', path.join(dir, 'nope.jsonl')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.jsonl/);
  });

  it('import loads nmap XML (entities left unexpanded, hosts down skipped) as a scan and identifies it; reidentify counts changes', () => {
    const xml = path.join(dir, 'scan.xml');
    fs.writeFileSync(xml, NMAP_XML);
    const db = path.join(dir, 'inv.db');
    const imported = run(['import', xml, '--json', '--db', db]);
    expect(imported.status, imported.stderr).toBe(0);
    const summary = JSON.parse(imported.stdout);
    expect(summary).toMatchObject({ devices: 2 });
    expect(summary.flagged.map((d: { ip: string }) => d.ip)).toEqual(['10.0.0.21']);
    const shown = JSON.parse(run(['show', '10.0.0.30', '--json', '--db', db]).stdout);
    expect(JSON.stringify(shown.observations)).not.toContain('BOOM');
    const again = run(['reidentify', '--json', '--db', db]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ devices: 2, changed: 0 });
  });
});
