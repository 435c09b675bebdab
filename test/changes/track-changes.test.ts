import { describe, expect, it } from 'vitest';
import { encodeLocation } from '../../src/infrastructure/location.js';
import type { Placement } from '../../src/infrastructure/place-devices.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Observation } from '../../src/observations/observation.js';
import { afterScan } from '../../src/pipeline/after-scan.js';
import { buildScope } from '../../src/scope/index.js';
import { silentLogger } from '../../src/util/log.js';
import { oldInventory } from '../inventory/helpers.js';
import { device, eventLines, fact, port, scanAndTrack, storeScan, tempDbPath, testClock, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const LAN = ['10.0.0.0/24'];
const PRINTER = '00:1b:a9:00:00:02';
const NAS = '00:11:32:00:00:03';
const SWITCH = '00:1e:58:00:00:04';
const LAPTOP = '3c:22:fb:00:00:05';

function open(clock = testClock()) {
  return { inv: Inventory.open(tempDbPath(tempDir), { now: clock.now }), clock };
}

describe('change tracking: new and gone', () => {
  it('the first scan reports every device new; the second exactly the device added and the one removed', async () => {
    const { inv, clock } = open();
    const first = await scanAndTrack(inv, LAN, [...device('10.0.0.2', PRINTER, clock.iso()), ...device('10.0.0.3', NAS, clock.iso()), ...device('10.0.0.4', SWITCH, clock.iso())], { now: clock.now });
    expect(eventLines(inv, first.scanId)).toEqual(['new 10.0.0.2', 'new 10.0.0.3', 'new 10.0.0.4']);
    expect(first.result.events).toEqual({ new: 3, gone: 0, changed: 0, reappeared: 0 });

    clock.advance();
    const second = await scanAndTrack(inv, LAN, [...device('10.0.0.2', PRINTER, clock.iso()), ...device('10.0.0.4', SWITCH, clock.iso()), ...device('10.0.0.5', LAPTOP, clock.iso())], { now: clock.now });
    expect(eventLines(inv, second.scanId)).toEqual(['new 10.0.0.5', 'gone 10.0.0.3']);

    // Nothing more to say after a third identical scan: gone stays gone, once.
    clock.advance();
    const third = await scanAndTrack(inv, LAN, [...device('10.0.0.2', PRINTER, clock.iso()), ...device('10.0.0.4', SWITCH, clock.iso()), ...device('10.0.0.5', LAPTOP, clock.iso())], { now: clock.now });
    expect(eventLines(inv, third.scanId)).toEqual([]);
    inv.close();
  });

  it('gone needs N completed scans that covered the address; other subnets, exclusions and interrupted scans do not count', async () => {
    const { inv, clock } = open();
    const everything = ['10.0.0.0/24', '10.0.1.0/24'];
    await scanAndTrack(inv, everything, [...device('10.0.0.2', PRINTER, clock.iso()), ...device('10.0.1.3', NAS, clock.iso())], { goneAfterScans: 2, now: clock.now });
    const seenOnly = (ip: string, mac: string) => device(ip, mac, clock.iso());

    clock.advance(); // covers the NAS, misses it: 1 of 2
    const a = await scanAndTrack(inv, everything, seenOnly('10.0.0.2', PRINTER), { goneAfterScans: 2, now: clock.now });
    clock.advance(); // another subnet only
    const b = await scanAndTrack(inv, ['10.0.0.0/24'], seenOnly('10.0.0.2', PRINTER), { goneAfterScans: 2, now: clock.now });
    clock.advance(); // the NAS's subnet, but its address excluded
    const excluding = buildScope({ targets: everything, exclude: ['10.0.1.3'] }).scope;
    const c = await scanAndTrack(inv, excluding, seenOnly('10.0.0.2', PRINTER), { goneAfterScans: 2, now: clock.now });
    clock.advance(); // interrupted: not compared at all
    const d = storeScan(inv, everything, seenOnly('10.0.0.2', PRINTER), 'interrupted');
    const interrupted = await afterScan(inv, d, { goneAfterScans: 2, log: silentLogger, now: clock.now });
    expect(interrupted.tracked).toBe(false);
    for (const scan of [a.scanId, b.scanId, c.scanId, d]) expect(eventLines(inv, scan)).toEqual([]);

    clock.advance(); // the second covering scan that misses it
    const e = await scanAndTrack(inv, ['10.0.1.0/24'], [], { goneAfterScans: 2, now: clock.now });
    expect(eventLines(inv, e.scanId)).toEqual(['gone 10.0.1.3']);
    inv.close();
  });

  it('a gone device seen again is reappeared, not new', async () => {
    const { inv, clock } = open();
    await scanAndTrack(inv, LAN, [...device('10.0.0.2', PRINTER, clock.iso()), ...device('10.0.0.3', NAS, clock.iso())], { now: clock.now });
    clock.advance();
    await scanAndTrack(inv, LAN, device('10.0.0.2', PRINTER, clock.iso()), { now: clock.now });
    clock.advance();
    const back = await scanAndTrack(inv, LAN, [...device('10.0.0.2', PRINTER, clock.iso()), ...device('10.0.0.3', NAS, clock.iso())], { now: clock.now });
    expect(eventLines(inv, back.scanId)).toEqual(['reappeared 10.0.0.3']);
    inv.close();
  });

  it('a scan is compared once', async () => {
    const { inv, clock } = open();
    const { scanId } = await scanAndTrack(inv, LAN, device('10.0.0.2', PRINTER, clock.iso()), { now: clock.now });
    const again = await afterScan(inv, scanId, { goneAfterScans: 1, log: silentLogger, now: clock.now });
    expect(again.tracked).toBe(false);
    expect(inv.changes.events()).toHaveLength(1);
    inv.close();
  });
});

describe('change tracking: changed', () => {
  it('reports a new IP, open ports, host name, firmware and a verdict that became covered', async () => {
    const { inv, clock } = open();
    const camera = '00:0c:29:00:00:09';
    await scanAndTrack(inv, LAN, device('10.0.0.9', camera, clock.iso(), [port(80), fact('hostname', 'cam-lobby')]), { now: clock.now });
    clock.advance();
    const sadp =
      '<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>x</Uuid><Types>inquiry</Types><DeviceDescription>DS-2CD2385G1-I</DeviceDescription>' +
      '<DeviceSN>DS-2CD2385G1-I20200414AAWRE33842150</DeviceSN><SoftwareVersion>V5.6.2build 190701</SoftwareVersion></ProbeMatch>';
    const { scanId, result } = await scanAndTrack(
      inv,
      LAN,
      device('10.0.0.19', camera, clock.iso(), [port(80), port(554), fact('hostname', 'cam-entrance'), { kind: 'sadp.reply', value: sadp, source: 'sadp' }]),
      { now: clock.now },
    );
    // Model and firmware were not known before: learning them is not a change.
    expect(eventLines(inv, scanId)).toEqual([
      'changed 10.0.0.19 ip 10.0.0.9→10.0.0.19',
      'changed 10.0.0.19 hostname cam-lobby→cam-entrance',
      'changed 10.0.0.19 ports 80→80,554',
      'changed 10.0.0.19 status clear→covered',
      'changed 10.0.0.19 covered ∅→hikvision',
    ]);
    expect(result.alerts).toHaveLength(1);
    inv.close();
  });

  it('an unknown fact learned later is not a change; a firmware upgrade is', async () => {
    const { inv, clock } = open();
    const sadp = (fw: string) =>
      `<ProbeMatch><Uuid>x</Uuid><Types>inquiry</Types><DeviceDescription>DS-7608NI</DeviceDescription><DeviceSN>SN1</DeviceSN><SoftwareVersion>${fw}</SoftwareVersion></ProbeMatch>`;
    const nvr = '58:50:ed:00:00:07';
    await scanAndTrack(inv, LAN, device('10.0.0.7', nvr, clock.iso()), { now: clock.now });
    clock.advance();
    const learned = await scanAndTrack(inv, LAN, device('10.0.0.7', nvr, clock.iso(), [{ kind: 'sadp.reply', value: sadp('V4.0.1'), source: 'sadp' }]), { now: clock.now });
    expect(eventLines(inv, learned.scanId).filter((l) => / (firmware|hostname) /.test(l))).toEqual([]);
    clock.advance();
    const upgraded = await scanAndTrack(inv, LAN, device('10.0.0.7', nvr, clock.iso(), [{ kind: 'sadp.reply', value: sadp('V4.1.0'), source: 'sadp' }]), { now: clock.now });
    expect(eventLines(inv, upgraded.scanId)).toEqual(['changed 10.0.0.7 firmware V4.0.1→V4.1.0']);
    inv.close();
  });
});

describe('change tracking: one firmware stated twice', () => {
  // librenms/librenms@19d6d1489fdadc4e539c8b95046c34ebd3ddae93 tests/snmpsim/vrp_5720.snmprec: a Huawei
  // S5720's sysDescr and its ENTITY-MIB chassis row's entPhysicalSoftwareRev, one release in two spellings.
  const SYS_DESCR = 'S5720-56C-PWR-EI-AC\nHuawei Versatile Routing Platform Software \r\n VRP (R) software,Version 5.170 (S5720 V200R010C00SPC600) \r\n Copyright (C) 2007 Huawei Technologies Co., Ltd.';
  const system = [fact('snmp.sysdescr', SYS_DESCR)];
  const chassis = [...system, fact('snmp.entity.firmware', 'Version 5.170 V200R010C00SPC600'), fact('snmp.entity.serial', '2102359576DMHC000120')];
  const SW = '00:e0:fc:00:00:0a';

  it('a switch whose chassis row is read from one scan on, or missed in one scan, has not changed firmware', async () => {
    const { inv, clock } = open();
    const scans: (readonly ReturnType<typeof fact>[])[] = [system, chassis, system, chassis];
    const lines: string[] = [];
    for (const facts of scans) {
      const { scanId } = await scanAndTrack(inv, LAN, device('10.0.0.10', SW, clock.iso(), [...facts]), { now: clock.now });
      lines.push(...eventLines(inv, scanId));
      expect(inv.devices.list()[0]!.verdict?.firmware).toBe('V200R010C00SPC600');
      clock.advance();
    }
    expect(lines).toEqual(['new 10.0.0.10']);
    inv.close();
  });
});

describe('change tracking: location (issue #12)', () => {
  const placed = (port: string, vlan: number | null, confidence: Placement['confidence'] = 'high', alias = 'Lobby camera', switchName = 'core-sw') =>
    ({ kind: 'location', value: encodeLocation({ switchName, switchAddress: '10.0.0.250', port, portAlias: alias, vlan, confidence }), source: 'snmp-fdb:10.0.0.250' }) as const;
  /** Scans of one camera with these extra facts, each an hour later; each returns its events. */
  const scansOf = (inv: Inventory, clock: ReturnType<typeof testClock>, ip: string, mac: string) => async (...extra: Omit<Observation, 'ip' | 'at'>[]) => {
    clock.advance();
    return eventLines(inv, (await scanAndTrack(inv, LAN, device(ip, mac, clock.iso(), extra), { now: clock.now })).scanId);
  };

  it('a device moved to another port or VLAN is a changed location, also when it moves back; a renamed switch or port alias, a less sure placement or an unread switch is not', async () => {
    const { inv, clock } = open();
    const scan = scansOf(inv, clock, '10.0.0.9', '00:0c:29:00:00:19');
    expect(await scan(placed('Gi1/0/5', 20))).toEqual(['new 10.0.0.9']);
    expect(await scan(placed('Gi1/0/5', 20))).toEqual([]);
    expect(await scan(placed('Gi1/0/7', 20))).toEqual(['changed 10.0.0.9 location 10.0.0.250 Gi1/0/5 VLAN 20→10.0.0.250 Gi1/0/7 VLAN 20']);
    // Back where it was: the fact of Gi1/0/5 is stored once, from the first scan; the move back is still a move.
    expect(await scan(placed('Gi1/0/5', 20))).toEqual(['changed 10.0.0.9 location 10.0.0.250 Gi1/0/7 VLAN 20→10.0.0.250 Gi1/0/5 VLAN 20']);
    expect(await scan(placed('Gi1/0/5', 20, 'medium', 'Lobby cam (moved desk)', 'core-sw-2'))).toEqual([]);
    expect(await scan()).toEqual([]);
    expect(await scan(placed('Gi1/0/5', 30))).toEqual(['changed 10.0.0.9 location 10.0.0.250 Gi1/0/5 VLAN 20→10.0.0.250 Gi1/0/5 VLAN 30']);
    // One scan placing it twice (its access port, and an uplink of a switch whose neighbour was not read): the surer placement counts.
    expect(await scan(placed('Gi1/0/48', 1, 'low'), placed('Gi1/0/5', 30))).toEqual([]);
    inv.close();
  });

  it('a scan that placed it only on an uplink (its access switch unread) is not a move, nor is the next scan placing it back on its port', async () => {
    const { inv, clock } = open();
    const scan = scansOf(inv, clock, '10.0.0.9', '00:0c:29:00:00:29');
    expect(await scan(placed('Gi1/0/5', 20))).toEqual(['new 10.0.0.9']);
    // The access switch timed out: the core switch's uplink is all that saw the camera.
    expect(await scan(placed('Gi1/0/48', 1, 'low'))).toEqual([]);
    expect(await scan(placed('Gi1/0/5', 20))).toEqual([]);
    // First placed only behind an uplink, then on its port: a surer placement, not a move.
    inv.close();
    const fresh = open();
    const other = scansOf(fresh.inv, fresh.clock, '10.0.0.10', '00:0c:29:00:00:39');
    expect(await other(placed('Gi1/0/48', 1, 'low'))).toEqual(['new 10.0.0.10']);
    expect(await other(placed('Gi1/0/6', 20))).toEqual([]);
    fresh.inv.close();
  });
});

describe('change tracking: randomized MACs', () => {
  const PHONE_A = '02:5e:11:aa:00:01';
  const PHONE_B = '06:5e:11:bb:00:02';
  const PHONE_C = 'da:aa:01:cc:00:03';

  it('a rotated randomized MAC with the same host name is the same device: one mac change, no new or gone, MAC history kept', async () => {
    const { inv, clock } = open();
    const first = await scanAndTrack(inv, LAN, [...device('10.0.0.50', PHONE_A, clock.iso(), [fact('hostname', 'Johns-iPhone.local')]), ...device('10.0.0.2', PRINTER, clock.iso())], { now: clock.now });
    const phoneId = inv.devices.find(PHONE_A)!.id;
    clock.advance();
    const second = await scanAndTrack(inv, LAN, [...device('10.0.0.51', PHONE_B, clock.iso(), [fact('hostname', 'johns-iphone')]), ...device('10.0.0.2', PRINTER, clock.iso())], { now: clock.now });
    expect(second.result.rotations).toEqual([{ deviceId: phoneId, from: PHONE_A, to: PHONE_B }]);
    expect(eventLines(inv, second.scanId)).toEqual([`changed 10.0.0.51 mac ${PHONE_A}→${PHONE_B}`, 'changed 10.0.0.51 ip 10.0.0.50→10.0.0.51']);

    clock.advance();
    const third = await scanAndTrack(inv, LAN, [...device('10.0.0.51', PHONE_C, clock.iso(), [fact('mdns.instance', 'John’s iPhone'), fact('hostname', 'Johns-iPhone.local')]), ...device('10.0.0.2', PRINTER, clock.iso())], { now: clock.now });
    expect(eventLines(inv, third.scanId)).toEqual([`changed 10.0.0.51 mac ${PHONE_B}→${PHONE_C}`]);

    expect(inv.devices.ids()).toHaveLength(2);
    expect(inv.devices.find(PHONE_C)!.id).toBe(phoneId);
    expect(inv.devices.find(PHONE_A)!.id).toBe(phoneId); // an earlier MAC still finds it
    expect(inv.devices.find(PHONE_C)!.scans).toEqual([third.scanId, second.scanId, first.scanId]);
    expect(inv.changes.macHistory(phoneId).map((m) => m.mac).sort()).toEqual([PHONE_A, PHONE_B, PHONE_C].sort());
    expect(inv.changes.events().filter((e) => e.type === 'new' || e.type === 'gone')).toHaveLength(2); // the first scan's two
    inv.close();
  });

  it('links on a serial number from the discovery replies even when names differ', async () => {
    const { inv, clock } = open();
    const withSerial = (sn: string) => ({ kind: 'upnp.serial' as const, value: sn, source: 'ssdp' });
    await scanAndTrack(inv, LAN, device('10.0.0.60', PHONE_A, clock.iso(), [withSerial('ABC123'), fact('hostname', 'tv-1')]), { now: clock.now });
    clock.advance();
    const { scanId } = await scanAndTrack(inv, LAN, device('10.0.0.60', PHONE_B, clock.iso(), [withSerial('abc123'), fact('hostname', 'tv-2')]), { now: clock.now });
    expect(eventLines(inv, scanId)).toEqual([`changed 10.0.0.60 mac ${PHONE_A}→${PHONE_B}`, 'changed 10.0.0.60 hostname tv-1→tv-2']);
    inv.close();
  });

  it('a MAC seen only by an interrupted scan is not the device tracking knows: the next rotation links to the known device, no new, no gone', async () => {
    const { inv, clock } = open();
    const phone = (mac: string) => device('10.0.0.50', mac, clock.iso(), [fact('hostname', 'Johns-iPhone')]);
    await scanAndTrack(inv, LAN, phone(PHONE_A), { now: clock.now });
    const phoneId = inv.devices.find(PHONE_A)!.id;
    clock.advance();
    storeScan(inv, LAN, phone(PHONE_B), 'interrupted');
    clock.advance();
    const { scanId, result } = await scanAndTrack(inv, LAN, phone(PHONE_C), { now: clock.now });
    expect(eventLines(inv, scanId)).toEqual([`changed 10.0.0.50 mac ${PHONE_A}→${PHONE_C}`]);
    expect(result.rotations).toEqual([{ deviceId: phoneId, from: PHONE_A, to: PHONE_C }]);
    inv.close();
  });

  it('never merges two devices seen in the same scan, nor a randomized MAC with nothing in common', async () => {
    const { inv, clock } = open();
    await scanAndTrack(inv, LAN, device('10.0.0.50', PHONE_A, clock.iso(), [fact('hostname', 'iPad')]), { now: clock.now });
    clock.advance();
    const both = await scanAndTrack(
      inv,
      LAN,
      [...device('10.0.0.50', PHONE_A, clock.iso(), [fact('hostname', 'iPad')]), ...device('10.0.0.51', PHONE_B, clock.iso(), [fact('hostname', 'iPad')]), ...device('10.0.0.52', PHONE_C, clock.iso(), [fact('hostname', 'pixel')])],
      { now: clock.now },
    );
    expect(eventLines(inv, both.scanId)).toEqual(['new 10.0.0.51', 'new 10.0.0.52']);
    expect(inv.devices.ids()).toHaveLength(3);
    inv.close();
  });
});

describe('change tracking on an inventory that predates it', () => {
  it('devices already known are a silent baseline: no new events, changes reported from the next scan on', async () => {
    const clock = testClock();
    const path = tempDbPath(tempDir);
    const t = clock.iso();
    // A scan of lanaudit 1 (before change tracking) saw the printer with port 80 open, and the NAS.
    oldInventory(
      path,
      1,
      `INSERT INTO scans (id, started_at, finished_at, scope, engine, status, heartbeat_at, hosts)
         VALUES (1, '${t}', '${t}', '10.0.0.0/24', 'native', 'complete', '${t}', 2);
       INSERT INTO devices (id, mac, ip, first_seen, last_seen) VALUES (1, '${PRINTER}', '10.0.0.2', '${t}', '${t}'), (2, '${NAS}', '10.0.0.3', '${t}', '${t}');
       INSERT INTO device_ips (device_id, ip, first_seen, last_seen) VALUES (1, '10.0.0.2', '${t}', '${t}'), (2, '10.0.0.3', '${t}', '${t}');
       INSERT INTO observations (scan_id, device_id, ip, mac, kind, value, port, source, at) VALUES
         (1, 1, '10.0.0.2', '${PRINTER}', 'mac', '${PRINTER}', NULL, 'neigh', '${t}'),
         (1, 1, '10.0.0.2', NULL, 'tcp.open', '80', 80, 'tcp', '${t}'),
         (1, 2, '10.0.0.3', '${NAS}', 'mac', '${NAS}', NULL, 'neigh', '${t}');`,
    );

    const inv = Inventory.open(path, { now: clock.now });
    clock.advance();
    const first = await scanAndTrack(inv, LAN, device('10.0.0.2', PRINTER, clock.iso(), [port(80), port(443)]), { now: clock.now, goneAfterScans: 1 });
    expect(eventLines(inv, first.scanId)).toEqual(['gone 10.0.0.3']);
    clock.advance();
    const second = await scanAndTrack(inv, LAN, [...device('10.0.0.2', PRINTER, clock.iso(), [port(80)]), ...device('10.0.0.3', NAS, clock.iso())], { now: clock.now });
    expect(eventLines(inv, second.scanId)).toEqual(['changed 10.0.0.2 ports 80,443→80', 'reappeared 10.0.0.3']);
    inv.close();
  });
});
