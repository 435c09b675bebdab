/**
 * `sudo npm run demo`: brings up the site-small lab, scans it with the real lanaudit from inside
 * the lab's scanner namespace, prints the flagged devices, writes the reports, and tears the lab down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt, lanauditCommand, ROOT } from '../helpers/cli.js';
import { labAvailable, upLab } from './lab.js';

const available = labAvailable();
if (!available.ok) {
  console.error(`The demo builds network namespaces and needs root: ${available.why}`);
  process.exit(2);
}

const outDir = path.join(ROOT, 'demo-output');
fs.mkdirSync(outDir, { recursive: true });
const db = path.join(outDir, 'inventory.db');
fs.rmSync(db, { force: true });

ensureBuilt();
console.log('Bringing up the site-small lab (41 simulated devices in network namespaces)…');
const lab = await upLab(process.argv[2] ?? 'site-small', { id: 'demo' });
try {
  const subnet = lab.profile.segments[0]!.subnet;
  const run = async (...args: string[]) => {
    const r = await lab.exec(lanauditCommand(...args, '--db', db), { timeoutMs: 300_000 });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  };
  console.log(`\n$ lanaudit scan ${subnet} --exclude ${lab.scannerAddress}   (inside the lab's scanner namespace)\n`);
  await run('scan', subnet, '--exclude', lab.scannerAddress);
  console.log('\n$ lanaudit devices --flagged\n');
  await run('devices', '--flagged');
  // The HTML report first: it is the one a person opens.
  for (const format of ['html', 'json', 'csv'] as const) {
    await run('report', '--format', format, '-o', path.join(outDir, `report.${format}`));
  }
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  console.log(`\nOpen the report: ${rel(path.join(outDir, 'report.html'))}`);
  console.log(`Inventory and the JSON and CSV reports are in ${rel(outDir)}/ (lanaudit show <ip> --db ${rel(db)} explains any flag).`);
} finally {
  await lab.down();
  console.log('Lab torn down.');
}
