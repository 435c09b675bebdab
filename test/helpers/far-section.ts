/** The FAR 52.204-25(d) report of an inventory, as `lanaudit report --format far` writes it, and the section that names one address. */
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main.js';

export async function farSection(db: string, ip: string): Promise<{ text: string; section: string | undefined }> {
  const file = path.join(path.dirname(db), 'far.md');
  const code = await main(['node', 'lanaudit', '--db', db, 'report', '--format', 'far', '--org', 'Lab Org', '--contract', 'LAB-1', '-o', file]);
  if (code !== 0) throw new Error(`lanaudit report --format far exited ${code}`);
  const text = fs.readFileSync(file, 'utf8');
  const named = new RegExp(`${ip.replace(/\./g, '\\.')}(?![\\d.])`);
  return { text, section: text.split(/\n(?=#+ )/).find((part) => named.test(part)) };
}
