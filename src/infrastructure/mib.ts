/**
 * The columns lanaudit reads from routers and switches, with the MIB each comes from. Only
 * columns: a table is read one column at a time, each a bounded walk (see table-walk.ts).
 */
export const COLUMNS = {
  sysName: '1.3.6.1.2.1.1.5',
  /** IP-MIB (RFC 4293) ipNetToPhysicalPhysAddress; index ifIndex.addrType.length.address. IPv4 and IPv6. */
  ipNetToPhysicalPhysAddress: '1.3.6.1.2.1.4.35.1.4',
  /** ipNetToPhysicalType: 2 invalid (a deleted entry some agents still list). */
  ipNetToPhysicalType: '1.3.6.1.2.1.4.35.1.6',
  /** RFC 1213 ipNetToMediaPhysAddress, the IPv4-only table older agents keep; index ifIndex.a.b.c.d. */
  ipNetToMediaPhysAddress: '1.3.6.1.2.1.4.22.1.2',
  ipNetToMediaType: '1.3.6.1.2.1.4.22.1.4',
  /** BRIDGE-MIB (RFC 4188). */
  dot1dBaseBridgeAddress: '1.3.6.1.2.1.17.1.1',
  dot1dBasePortIfIndex: '1.3.6.1.2.1.17.1.4.1.2',
  /** dot1dTpFdbPort / Status; index the MAC's six octets. */
  dot1dTpFdbPort: '1.3.6.1.2.1.17.4.3.1.2',
  dot1dTpFdbStatus: '1.3.6.1.2.1.17.4.3.1.3',
  /** Q-BRIDGE-MIB (RFC 4363) dot1qTpFdbPort / Status; index fdbId.MAC. */
  dot1qTpFdbPort: '1.3.6.1.2.1.17.7.1.2.2.1.2',
  dot1qTpFdbStatus: '1.3.6.1.2.1.17.7.1.2.2.1.3',
  /** dot1qVlanFdbId: which filtering database a VLAN learns into; index timeMark.vlan. */
  dot1qVlanFdbId: '1.3.6.1.2.1.17.7.1.4.2.1.3',
  /** IF-MIB (RFC 2863); index ifIndex. */
  ifDescr: '1.3.6.1.2.1.2.2.1.2',
  ifPhysAddress: '1.3.6.1.2.1.2.2.1.6',
  ifName: '1.3.6.1.2.1.31.1.1.1.1',
  ifAlias: '1.3.6.1.2.1.31.1.1.1.18',
  /** LLDP-MIB (IEEE 802.1AB); lldpRemTable index timeMark.localPortNum.remIndex. */
  lldpRemChassisId: '1.0.8802.1.1.2.1.4.1.1.5',
  lldpRemSysName: '1.0.8802.1.1.2.1.4.1.1.9',
  lldpRemSysCapEnabled: '1.0.8802.1.1.2.1.4.1.1.12',
  /** lldpLocPortTable: the local port map (localPortNum → port id and description). */
  lldpLocPortId: '1.0.8802.1.1.2.1.3.7.1.3',
  lldpLocPortDesc: '1.0.8802.1.1.2.1.3.7.1.4',
} as const;

export type Column = keyof typeof COLUMNS;

/** BER tags as net-snmp reports a varbind's type (RFC 2578 / RFC 3416). */
export const TYPE = { integer: 2, octetString: 4, oid: 6, counter: 65, gauge: 66, timeTicks: 67 } as const;

/** One row of one column as it came off the wire: the index is the OID's part after the column. */
export interface Cell {
  readonly index: readonly number[];
  readonly type: number;
  readonly value: unknown;
}
