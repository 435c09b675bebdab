import type { Writable } from 'node:stream';
import { brandOf, entityName, locationCell, locationLine, makerLabel, numberText, siteCounts, sitesLine, STATUS_LABEL, triageLabel } from './describe.js';
import { knowledgeFacts } from './knowledge-facts.js';
import type { ReportDevice } from './report-device.js';
import type { ReportInput } from './report-input.js';
import { tally } from './summary.js';
import { mdText } from './text-escape.js';
import { ChunkedWriter } from './write-chunk.js';

const day = (iso: string): string => mdText(iso.replace('T', ' ').slice(0, 16));

/** Markdown for tickets and emails: summary, flagged devices with evidence, inventory table, changes. Device text via mdText only. */
export async function writeMarkdownReport(out: Writable, input: ReportInput): Promise<void> {
  const w = new ChunkedWriter(out);
  const { meta } = input;
  const s = (await tally(input.devices)).summary;
  const facts: [string, string][] = [];
  const add = (k: string, v: string | undefined) => v && facts.push([k, mdText(v, 200)]);
  add('Organization', meta.organization);
  add('Site', meta.site);
  if (meta.sites) facts.push(['Sites', mdText(sitesLine(meta.sites), 2_000)]);
  add('Contact', meta.contact);
  add('Contract', meta.contract);
  if (meta.orders?.length) facts.push(['Orders', meta.orders.map((o) => mdText(o, 60)).join(', ')]);
  if (meta.scanWindow) facts.push(['Scan window', `${day(meta.scanWindow.from)} to ${day(meta.scanWindow.to)} UTC, ${meta.scanWindow.scans} scans`]);
  if (meta.since) facts.push(['Devices seen since', day(meta.since)]);
  facts.push(['Generated', `${day(meta.generatedAt)} UTC by ${mdText(`${meta.tool.name} ${meta.tool.version}`)}`]);
  for (const [k, v] of knowledgeFacts(meta)) facts.push([k, mdText(v, 600)]);
  const entities = Object.entries(s.byEntity)
    .map(([id, n]) => `${entityName(id as ReportDevice['covered']) ?? id} ${n}`)
    .join(', ');
  await w.push(`# Covered equipment report\n\n| | |\n|---|---|\n${facts.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n\n`);
  await w.push(`**${s.devices} devices**: ${s.covered} covered, ${s.review} review, ${s.clear} clear, ${s.unidentified} unidentified.${entities ? ` Covered by entity: ${entities}.` : ''}\n\n`);
  if (meta.sites) {
    await w.push('## Sites\n\n| Site | Devices | Covered | Review | Clear | Unidentified |\n|---|---|---|---|---|---|\n');
    for (const [site, c] of siteCounts(s, meta.sites)) await w.push(`| ${mdText(site, 128)} | ${c.devices} | ${c.covered} | ${c.review} | ${c.clear} | ${c.unidentified} |\n`);
    await w.push('\n');
  }
  const fleet = meta.sites !== undefined;
  await w.push(`## Flagged devices (${s.covered})\n\n`);
  if (s.covered === 0) await w.push('No covered equipment was found.\n\n');
  let n = 0;
  for await (const d of input.devices.ranked(true)) await w.push(flaggedEntry(++n, d, input));
  await w.push(`## Inventory (${s.devices})\n\n${fleet ? '| Site ' : ''}| Status | IP | MAC | Name | Location | Maker | Model | First seen | Last seen | Triage |\n${fleet ? '|---' : ''}|---|---|---|---|---|---|---|---|---|---|\n`);
  for await (const d of input.devices.rankedRows()) {
    const status = `${STATUS_LABEL[d.status]}${d.covered ? ` (${entityName(d.covered)})` : ''}`;
    await w.push(`${fleet ? `| ${mdText(d.site, 128)} ` : ''}| ${status} | ${mdText(d.ip, 45)} | ${mdText(d.mac, 45)} | ${mdText(d.name, 120)} | ${mdText(locationCell(d), 160)} | ${mdText(makerLabel(d), 120)} | ${mdText(d.model, 80)} | ${day(d.firstSeen)} | ${day(d.lastSeen)} | ${mdText(triageOf(d, input), 120)} |\n`);
  }
  await w.push('\n## Changes since the previous report\n\n');
  if (!input.changes) await w.push('No change tracking recorded for this inventory.\n');
  else if (input.changes.length === 0) await w.push('No changes.\n');
  else
    for (const c of input.changes)
      await w.push(`- ${day(c.at)} **${c.type}** ${c.site === undefined ? '' : `${mdText(c.site, 128)} `}${mdText(c.ip, 45)}${c.mac ? ` ${mdText(c.mac, 45)}` : ''}${c.field ? ` ${mdText(c.field, 60)}: ${mdText(c.old, 120)} → ${mdText(c.new, 120)}` : ''}\n`);
  await w.flush();
}

function triageOf(d: Pick<ReportDevice, 'id' | 'site'>, input: ReportInput): string {
  return triageLabel(input.triage?.get(d.id, d.site), input.meta.generatedAt, input.triage !== undefined);
}

function flaggedEntry(n: number, d: ReportDevice, input: ReportInput): string {
  const note = input.triage?.get(d.id, d.site)?.note;
  const evidence = d.evidence.map((e) => `  - ${mdText(e.says, 300)} (rule ${mdText(e.rule, 80)}, observed ${mdText(e.value, 200)}, ${Math.round(e.certainty * 100)}%)`);
  return [
    `### ${numberText(n)}. ${entityName(d.covered) ?? 'Covered'}: ${mdText(d.model ?? brandOf(d) ?? 'device', 120)} at ${mdText(d.ip, 45)}`,
    '',
    ...(d.site === undefined ? [] : [`- **Site:** ${mdText(d.site, 128)}`]),
    `- **Name:** ${mdText(d.name, 120)}`,
    `- **Location:** ${mdText(locationLine(d), 300)}`,
    `- **Maker:** ${mdText(makerLabel(d), 200)}`,
    `- **Brand:** ${mdText(brandOf(d), 120)}`,
    `- **Model:** ${mdText(d.model, 120)}`,
    `- **Serial:** ${mdText(d.serial, 120)}`,
    `- **IP / MAC:** ${mdText(d.ip, 45)} / ${mdText(d.mac, 45)}${d.randomizedMac ? ' (randomized)' : ''}`,
    `- **First / last seen:** ${day(d.firstSeen)} / ${day(d.lastSeen)} UTC`,
    `- **Confidence:** ${Math.round(d.confidence * 100)}%`,
    `- **Triage:** ${mdText(triageOf(d, input), 200)}${note ? `; note: ${mdText(note, 500)}` : ''}`,
    `- **Evidence:**`,
    ...(evidence.length ? evidence : ['  - none recorded']),
    '',
    '',
  ].join('\n');
}
