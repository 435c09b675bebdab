/** Compares what a scan stored with a lab profile's ground truth, as the integration tests and the demo report it. */
import type { Inventory } from '../../src/inventory/inventory.js';
import type { ResolvedDevice } from '../lab/lab.js';

export interface DeviceOutcome {
  readonly id: string;
  readonly ip: string;
  readonly found: boolean;
  readonly macMatches: boolean;
  readonly want: string | null;
  readonly status: string;
  readonly covered: string | null;
}

export interface Score {
  readonly devices: number;
  readonly found: number;
  readonly foundWithMac: number;
  readonly covered: number;
  readonly flaggedRight: number;
  readonly missed: readonly DeviceOutcome[];
  readonly falselyFlagged: readonly DeviceOutcome[];
  readonly wrongEntity: readonly DeviceOutcome[];
  readonly outcomes: readonly DeviceOutcome[];
}

export function score(inventory: Inventory, truth: readonly ResolvedDevice[]): Score {
  const byIp = new Map(inventory.devices.list({}).map((d) => [d.ip, d]));
  const outcomes = truth.map((t): DeviceOutcome => {
    const d = byIp.get(t.ip);
    return {
      id: t.id,
      ip: t.ip,
      found: Boolean(d),
      macMatches: d?.mac === t.mac,
      want: t.truth.covered,
      status: d?.verdict?.status ?? 'missing',
      covered: d?.verdict?.covered ?? null,
    };
  });
  const flagged = (o: DeviceOutcome) => o.status === 'covered';
  return {
    devices: truth.length,
    found: outcomes.filter((o) => o.found).length,
    foundWithMac: outcomes.filter((o) => o.macMatches).length,
    covered: outcomes.filter((o) => o.want).length,
    flaggedRight: outcomes.filter((o) => o.want && flagged(o) && o.covered === o.want).length,
    missed: outcomes.filter((o) => o.want && !flagged(o)),
    falselyFlagged: outcomes.filter((o) => !o.want && flagged(o)),
    wrongEntity: outcomes.filter((o) => o.want && flagged(o) && o.covered !== o.want),
    outcomes,
  };
}

export function describeScore(name: string, s: Score): string {
  const list = (xs: readonly DeviceOutcome[]) => (xs.length ? xs.map((o) => `${o.id} (${o.ip}: ${o.status} ${o.covered ?? ''})`).join(', ') : 'none');
  return [
    `${name}: ${s.found}/${s.devices} found (${s.foundWithMac} with the right MAC), ${s.flaggedRight}/${s.covered} covered flagged with the right entity`,
    `  missed: ${list(s.missed)}`,
    `  falsely flagged: ${list(s.falselyFlagged)}`,
    `  wrong entity: ${list(s.wrongEntity)}`,
  ].join('\n');
}
