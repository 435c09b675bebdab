/**
 * Debian's snmpd (net-snmp) in a routed segment's router namespace, for the infrastructure reads:
 * the router's ARP table is then the kernel's own, read through a real agent. Read-only: a v2c
 * community and an SNMPv3 authPriv user (SHA/AES) from the profile. Its files live in the lab's
 * state directory (persistent state too, so labs never share an engine's boot counter); teardown
 * stops it with every other process in the lab's namespaces.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressPlan } from './address-plan.js';
import { labNames } from './naming.js';
import { runChecked } from './run.js';
import { stateDir } from './state.js';

export async function startRouterAgents(id: string, plan: AddressPlan): Promise<void> {
  await Promise.all(
    plan.segments.map(async (seg) => {
      const router = seg.segment.router;
      if (!router?.snmp) return;
      const dir = join(stateDir(id), `snmpd-${seg.index}`);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { community, v3 } = router.snmp;
      const conf = [
        `agentAddress udp:${router.upstream}:161,udp:${router.here}:161`,
        `rocommunity ${community} default`,
        ...(v3 ? [`createUser ${v3.username} SHA "${v3.authKey}" AES "${v3.privKey}"`, `rouser ${v3.username} priv`] : []),
        `sysName ${labNames(id).router(seg.index)}`,
        '',
      ].join('\n');
      writeFileSync(join(dir, 'snmpd.conf'), conf, { mode: 0o600 });
      // -C: no system config files; snmpd forks once listening, so this returns when it is up.
      await runChecked(
        'ip',
        ['netns', 'exec', labNames(id).router(seg.index), 'snmpd', '-C', '-c', join(dir, 'snmpd.conf'), '-Lf', join(dir, 'snmpd.log'), '-p', join(dir, 'snmpd.pid')],
        { env: { ...process.env, SNMP_PERSISTENT_DIR: dir, MIBS: '', MIBDIRS: '/nonexistent' }, timeoutMs: 15_000 },
      );
    }),
  );
}
