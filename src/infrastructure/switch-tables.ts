/**
 * One switch's forwarding view, assembled from its decoded columns: bridge ports with their
 * interface names, the MACs learned on each, and the LLDP neighbours heard on each.
 */
import type { Cell, Column } from './mib.js';
import {
  decodeDot1dFdb, decodeDot1qFdb, decodeIntegerColumn, decodeLldpRemote, decodeTextColumn, macOf, textOf, type FdbEntry,
} from './decode-tables.js';

export interface PortInfo {
  /** dot1dBasePort. */
  readonly port: number;
  /** ifName, else ifDescr, else "port N". */
  readonly name: string;
  /** ifAlias: what the admin wrote on the port (often the room or the desk); empty when none. */
  readonly alias: string;
}

export interface SwitchNeighbour {
  /** dot1dBasePort the neighbour was heard on. */
  readonly port: number;
  readonly name: string;
  readonly chassis: string;
  readonly infrastructure: boolean;
}

export interface SwitchTables {
  readonly address: string;
  readonly name: string;
  readonly ports: ReadonlyMap<number, PortInfo>;
  readonly fdb: readonly FdbEntry[];
  readonly neighbours: readonly SwitchNeighbour[];
  /** dot1dBaseBridgeAddress: where this switch's MAC is learned on another switch, that port leads here. */
  readonly ownMac: string | null;
  /** Cells that did not have the MIB's shape. */
  readonly rejected: number;
}

export type Columns = Partial<Record<Column, readonly Cell[]>>;

export function switchTables(address: string, sysName: string, columns: Columns): SwitchTables | null {
  const col = (c: Column) => columns[c] ?? [];
  const q = decodeDot1qFdb(col('dot1qTpFdbPort'), col('dot1qTpFdbStatus'), col('dot1qVlanFdbId'));
  // Q-BRIDGE where the switch has it (it says the VLAN); BRIDGE-MIB otherwise.
  const fdb = q.rows.length ? q : decodeDot1dFdb(col('dot1dTpFdbPort'), col('dot1dTpFdbStatus'));
  const basePorts = decodeIntegerColumn(col('dot1dBasePortIfIndex'));
  if (fdb.rows.length === 0 && basePorts.rows.length === 0) return null;

  const names = decodeTextColumn(col('ifName'));
  const descrs = decodeTextColumn(col('ifDescr'));
  const aliases = decodeTextColumn(col('ifAlias'));
  const nameOf = new Map(descrs.rows);
  for (const [i, name] of names.rows) if (name) nameOf.set(i, name);
  const aliasOf = new Map(aliases.rows);
  const ports = new Map<number, PortInfo>();
  const portOfIf = new Map<number, number>();
  for (const [port, ifIndex] of basePorts.rows) {
    ports.set(port, { port, name: nameOf.get(ifIndex) || `port ${port}`, alias: aliasOf.get(ifIndex) ?? '' });
    portOfIf.set(ifIndex, port);
  }

  // lldpRemLocalPortNum indexes lldpLocPortTable; its port id (or description) names the interface.
  // Where it names none, the number is taken as the bridge port, as LLDP-MIB recommends.
  const portOfName = new Map<string, number>();
  for (const [ifIndex, port] of portOfIf) {
    const name = nameOf.get(ifIndex);
    if (name) portOfName.set(name, port);
  }
  const localPort = new Map<number, number>();
  for (const [num, text] of [...decodeTextColumn(col('lldpLocPortDesc')).rows, ...decodeTextColumn(col('lldpLocPortId')).rows]) {
    const port = portOfName.get(text);
    if (port !== undefined) localPort.set(num, port);
  }
  const lldp = decodeLldpRemote(col('lldpRemSysName'), col('lldpRemChassisId'), col('lldpRemSysCapEnabled'));
  const neighbours = lldp.rows.map((n) => ({ port: localPort.get(n.localPort) ?? n.localPort, name: n.name, chassis: n.chassis, infrastructure: n.infrastructure }));

  const own = col('dot1dBaseBridgeAddress')[0];
  return {
    address,
    name: sysName,
    ports,
    fdb: fdb.rows,
    neighbours,
    ownMac: own ? macOf(own.value) : null,
    rejected: fdb.rejected + basePorts.rejected + names.rejected + aliases.rejected + lldp.rejected,
  };
}

/** sysName.0 as text, or the empty string. */
export function sysNameOf(cells: readonly Cell[]): string {
  const cell = cells.find((c) => c.index.length === 1 && c.index[0] === 0);
  return (cell && textOf(cell)) ?? '';
}
