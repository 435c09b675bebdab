import { namedBy } from '../../probes/names/device-name.js';
import { locationLine } from '../../report/describe.js';
import { toReportDevice } from '../../report/report-device.js';
import { triageLabel } from '../../triage/triage.js';
import { RuntimeError } from '../../util/errors.js';
import { plainText } from '../../util/safe-text.js';
import { type GlobalOptions, withExistingInventory } from '../context.js';
import { paint, print, printJson, table } from '../terminal.js';

const NAME_SOURCE_TEXT = {
  ptr: 'reverse DNS',
  netbios: 'NetBIOS',
  mdns: 'mDNS',
  snmp: 'SNMP sysName',
  upnp: 'UPnP friendlyName',
} as const;

interface ShowOptions {
  readonly json: boolean;
}

export async function showCommand(key: string, opts: ShowOptions, globals: GlobalOptions): Promise<void> {
  const found = await withExistingInventory(globals, (inv) => {
    const device = inv.devices.find(key);
    return device && { device, triage: inv.triage.history(device.id), macs: inv.changes.macHistory(device.id) };
  });
  if (!found) throw new RuntimeError(`no device with MAC or IP "${plainText(key, 60)}" in the inventory`);
  const { device: detail, triage, macs } = found;
  const d = toReportDevice(detail);
  if (opts.json) {
    return printJson({ ...d, ipHistory: detail.ipHistory, macHistory: macs, triage, scans: detail.scans, observations: detail.observations });
  }
  const style = d.status === 'covered' ? 'red' : d.status === 'review' ? 'yellow' : 'green';
  // A virtual router MAC (VRRP, CARP, HSRP, GLBP) names a protocol: its block's registrant made nothing here.
  const virtualMac = d.evidence.some((e) => e.rule === 'oui.virtual');
  const macMark = d.randomizedMac ? '  [randomized MAC]' : virtualMac ? '  [virtual router MAC: not the maker\'s]' : '';
  print(`${paint(d.ip, 'bold')}  ${d.mac ?? '(no MAC: seen by IP only)'}${macMark}`);
  const named = namedBy(detail.observations);
  if (named) print(`name        ${plainText(named.name)}  (${NAME_SOURCE_TEXT[named.source]})`);
  print(`status      ${paint(d.status, style)}${d.covered ? ` — covered entity: ${d.covered}` : ''}  (confidence ${d.confidence.toFixed(2)})`);
  print(`maker       ${plainText(d.manufacturer ?? 'unknown')}${d.manufacturerName ? ` (${plainText(d.manufacturerName)})` : ''}`);
  if (d.brand) print(`sold as     ${plainText(d.brand)}`);
  if (d.model) print(`model       ${plainText(d.model)}`);
  const location = locationLine(d);
  if (location) print(`location    ${plainText(location)}`);
  print(`first seen  ${d.firstSeen}`);
  print(`last seen   ${d.lastSeen}`);
  print('\nEvidence');
  print(
    d.evidence.length
      ? table(
          ['RULE', 'CERT', 'ENTITY', 'OBSERVED', 'MEANING'],
          d.evidence.map((e) => [e.rule, e.certainty.toFixed(2), e.entity ?? '-', `${e.kind}${e.port ? `/${e.port}` : ''}: ${e.value}`, e.says]),
          { maxCell: 80 },
        )
      : '  (none)',
  );
  print('\nAddresses');
  print(table(['IP', 'FIRST SEEN', 'LAST SEEN'], detail.ipHistory.map((h) => [h.ip, h.firstSeen, h.lastSeen])));
  if (macs.length > 1) {
    print('\nMACs (randomized addresses linked to this device)');
    print(table(['MAC', 'FIRST SEEN', 'LAST SEEN'], macs.map((m) => [m.mac, m.firstSeen, m.lastSeen])));
  }
  if (d.status === 'covered' || triage.length) {
    print(`\nTriage: ${triageLabel(triage.at(-1), new Date())}`);
    if (triage.length) print(table(['AT', 'DECISION', 'BY', 'UNTIL', 'NOTE'], triage.map((t) => [t.at, t.status, t.by, t.until ?? '', t.note ?? '']), { maxCell: 100 }));
  }
  print(`\nSeen in ${detail.scans.length} scan${detail.scans.length === 1 ? '' : 's'}: ${detail.scans.slice(0, 20).join(', ')}${detail.scans.length > 20 ? ', …' : ''}`);
  print('\nObservations (latest first)');
  const latest = [...detail.observations].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 50);
  print(table(['SEEN', 'SOURCE', 'KIND', 'PORT', 'VALUE'], latest.map((o) => [o.at, o.source, o.kind, o.port ? String(o.port) : '', o.value]), { maxCell: 100 }));
}
