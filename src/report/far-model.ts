import { deadlineText, dueAfter } from './deadline.js';
import { brandOf, entityName, farReportable, itemDescription, locationLine, makerLabel, sitesLine, TRIAGE_LABEL } from './describe.js';
import type { ReportDevice } from './report-device.js';
import { DEFAULT_FAR, effectiveTriage, type FarSettings, type ReportInput } from './report-input.js';

/** What FAR 52.204-25(d) asks for, as plain (unescaped) text; the Markdown and HTML renderers escape it. */
export interface FarReport {
  readonly settings: FarSettings;
  readonly initialText: string;
  readonly followUpText: string | null;
  readonly generatedAt: string;
  readonly contractor: readonly FarField[];
  /** The reportable items, generated on each call (a report walks them once per section). */
  readonly items: () => AsyncIterable<FarItem>;
  readonly itemCount: number;
  /** Covered devices left out because triage records an unexpired waiver or a false positive. */
  readonly excluded: number;
  readonly triageRecorded: boolean;
  /** A fleet report's items per site (every site of the report, by name); absent in a site's report. */
  readonly itemsBySite?: readonly (readonly [site: string, items: number])[];
}

export interface FarField {
  readonly label: string;
  /** null: not provided; the renderer says how to provide it. */
  readonly value: string | null;
  readonly hint: string;
}

export interface FarItem {
  readonly n: number;
  readonly device: ReportDevice;
  readonly fields: readonly FarField[];
  readonly initialDue: string;
  readonly followUpDue: string | null;
  /** Evidence lines behind the flag (plain-language readings). */
  readonly evidence: readonly string[];
}

export async function buildFarReport(input: ReportInput): Promise<FarReport> {
  const settings = input.meta.far ?? DEFAULT_FAR;
  const { meta } = input;
  let covered = 0;
  let itemCount = 0;
  const bySite = new Map<string, number>(meta.sites?.map((s) => [s, 0]));
  for await (const d of input.devices.briefs()) {
    if (d.status === 'covered') covered++;
    if (farReportable(d, input)) {
      itemCount++;
      if (d.site !== undefined) bySite.set(d.site, (bySite.get(d.site) ?? 0) + 1);
    }
  }
  const contractor: FarField[] = [
    { label: 'Contract number', value: meta.contract ?? null, hint: '--contract' },
    { label: 'Order number(s)', value: meta.orders?.length ? meta.orders.join(', ') : null, hint: '--order (if applicable)' },
    { label: 'Supplier name', value: meta.supplier ?? meta.organization ?? null, hint: '--supplier or --org' },
    { label: 'Supplier unique entity identifier (UEI)', value: meta.uei ?? null, hint: '--uei (if known)' },
    { label: 'Supplier CAGE code', value: meta.cage ?? null, hint: '--cage (if known)' },
    { label: 'Point of contact', value: meta.contact ?? null, hint: '--contact' },
    { label: 'Site', value: meta.site ?? (meta.sites ? sitesLine(meta.sites) : null), hint: '--site' },
  ];
  return {
    settings,
    initialText: deadlineText(settings.initial),
    followUpText: settings.followUp ? deadlineText(settings.followUp) : null,
    generatedAt: meta.generatedAt,
    contractor,
    itemCount,
    excluded: covered - itemCount,
    triageRecorded: input.triage !== undefined,
    ...(meta.sites ? { itemsBySite: [...bySite].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) } : {}),
    items: () => farItems(input, settings),
  };
}

async function* farItems(input: ReportInput, settings: FarSettings): AsyncGenerator<FarItem> {
  let n = 0;
  for await (const d of input.devices.ranked(true)) {
    if (!farReportable(d, input)) continue;
    const triage = input.triage?.get(d.id, d.site);
    const status = effectiveTriage(triage, input.meta.generatedAt);
    const expired = status === 'open' && triage?.status === 'waiver' ? ` (expired ${triage.until?.slice(0, 10) ?? ''})` : '';
    const mitigation = triage
      ? `${TRIAGE_LABEL[triage.status]}${expired}${triage.by ? ` by ${triage.by}` : ''} on ${triage.at.slice(0, 10)}${triage.note ? `: ${triage.note}` : ''}`
      : null;
    const initialDue = dueAfter(d.firstSeen, settings.initial);
    yield {
      n: ++n,
      device: d,
      initialDue,
      followUpDue: settings.followUp ? dueAfter(initialDue, settings.followUp) : null,
      evidence: d.evidence.filter((e) => e.entity !== null || e.certainty >= 0.5).map((e) => e.says),
      fields: [
        ...(d.site === undefined ? [] : [{ label: 'Site', value: d.site, hint: '' }]),
        { label: 'Brand', value: brandOf(d), hint: 'not identified' },
        { label: 'Model number', value: d.model, hint: 'not identified: read it from the device label' },
        { label: 'Item description', value: itemDescription(d), hint: '' },
        { label: 'Where it is', value: whereItIs(d), hint: 'no name known and no switch placed it: trace its MAC on the switches' },
        { label: 'Manufacturer', value: makerLabel(d), hint: '' },
        { label: 'Covered entity', value: entityName(d.covered), hint: '' },
        { label: 'Serial number', value: d.serial, hint: 'not reported by the device' },
        { label: 'Discovery date', value: d.firstSeen.slice(0, 10), hint: '' },
        { label: 'Mitigation actions', value: mitigation, hint: 'none recorded yet' },
      ],
    };
  }
}

/** Where to find the item for mitigation: the name the site knows it by and the switch port it hangs from. */
function whereItIs(d: ReportDevice): string | null {
  const location = locationLine(d);
  const parts = [d.name === null ? null : `named ${d.name}`, location === null ? null : `plugged into ${location}`].filter((p) => p !== null);
  return parts.length ? parts.join('; ') : null;
}
