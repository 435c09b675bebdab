import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importNmapXml } from '../../src/cli/commands/import.js';
import { parseNmapXml } from '../../src/discovery/nmap/nmap-xml.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { useTempDirs } from '../inventory/helpers.js';

const tempDir = useTempDirs();

/** One host with `ports` open ports, each with a service and a product: three facts per port, compact enough to stay under the host size cap. */
function oneHugeHost(ports: number): string {
  const rows: string[] = [];
  for (let p = 1; p <= ports; p++) rows.push(`<port protocol="tcp" portid="${p}"><state state="open"/><service name="h" product="p"/></port>`);
  return `<?xml version="1.0"?><nmaprun><host><status state="up"/><address addr="10.0.0.5" addrtype="ipv4"/><ports>${rows.join('')}</ports></host></nmaprun>`;
}

// 132,001 facts: past the ~125k arguments a spread can take, inside the 4 MiB cap on one <host>.
const PORTS = 44_000;
const FACTS = PORTS * 3 + 1; // and the host's 'alive'

describe('one nmap host with tens of thousands of ports (a spread of its facts overflowed the call stack)', () => {
  it('parseNmapXml returns all its facts', () => {
    expect(parseNmapXml(oneHugeHost(PORTS))).toHaveLength(FACTS);
  });

  it('lanaudit import stores all its facts in one complete scan', async () => {
    const dir = tempDir();
    const file = join(dir, 'huge.xml');
    writeFileSync(file, oneHugeHost(PORTS));
    const inventory = Inventory.open(join(dir, 'inventory.db'));
    try {
      const result = await importNmapXml(inventory, file, (m) => {
        throw new Error(`unexpected warning: ${m}`);
      });
      expect(result).toMatchObject({ hosts: 1, observations: FACTS });
      expect(inventory.scans.get(result.scanId)?.status).toBe('complete');
    } finally {
      inventory.close();
    }
  }, 60_000);
});
