/** A device's ENTITY-MIB entPhysicalTable (RFC 6933) from the profile's rows: the columns lanaudit reads, and the description and name beside them. */
import type { TableValue } from './bridge-tables.js';

export interface EntityRow {
  index: number;
  class: number;
  descr: string;
  name: string;
  softwareRev: string;
  serial: string;
  mfg: string;
  model: string;
}

const ENTRY = '1.3.6.1.2.1.47.1.1.1.1';

export function entityTable(rows: readonly EntityRow[]): [string, TableValue][] {
  const text = (column: number, pick: (r: EntityRow) => string): [string, TableValue][] =>
    rows.map((r) => [`${ENTRY}.${column}.${r.index}`, { kind: 'string', text: pick(r) }]);
  return [
    ...text(2, (r) => r.descr),
    ...rows.map((r): [string, TableValue] => [`${ENTRY}.5.${r.index}`, { kind: 'int', n: r.class }]),
    ...text(7, (r) => r.name),
    ...text(10, (r) => r.softwareRev),
    ...text(11, (r) => r.serial),
    ...text(12, (r) => r.mfg),
    ...text(13, (r) => r.model),
  ];
}
