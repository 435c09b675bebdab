import { locationCell } from '../report/describe.js';
import type { ReportDevice } from '../report/report-device.js';
import { paint, table } from './terminal.js';

/** The strongest evidence that points at the verdict's entity: the one-line "why" of a flag. */
export function reasonOf(d: ReportDevice): string {
  const relevant = d.evidence.filter((e) => (d.covered ? e.entity === d.covered : true));
  const best = [...relevant].sort((a, b) => b.certainty - a.certainty)[0];
  return best?.says ?? '';
}

function maker(d: ReportDevice): string {
  const name = d.manufacturerName ?? d.manufacturer ?? '';
  return d.brand && d.brand !== name ? `${name} (sold as ${d.brand})` : name;
}

const STATUS_STYLE = { covered: 'red', review: 'yellow', clear: 'dim', unidentified: 'dim' } as const;
const STATUS_COLUMN = 3;

/** `triage`: a TRIAGE column with each device's label (devices absent from the map show "-"). */
export function deviceTable(devices: readonly ReportDevice[], triage?: ReadonlyMap<number, string>): string {
  return table(
    ['IP', 'MAC', 'NAME', 'STATUS', 'ENTITY', 'MAKER', 'MODEL', 'LOCATION', 'CONF', ...(triage ? ['TRIAGE'] : []), 'WHY'],
    devices.map((d) => [
      d.ip,
      d.mac ?? '-',
      d.name ?? '-',
      d.status,
      d.covered ?? '-',
      maker(d) || '-',
      d.model ?? '-',
      locationCell(d) ?? '-',
      d.confidence.toFixed(2),
      ...(triage ? [triage.get(d.id) ?? '-'] : []),
      reasonOf(d),
    ]),
    {
      styleCell: (row, col, padded) => {
        const d = devices[row];
        return col === STATUS_COLUMN && d ? paint(padded, STATUS_STYLE[d.status]) : padded;
      },
    },
  );
}
