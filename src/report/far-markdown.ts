import type { Writable } from 'node:stream';
import { buildFarReport, type FarField } from './far-model.js';
import { knowledgeFacts } from './knowledge-facts.js';
import type { ReportInput } from './report-input.js';
import { mdText } from './text-escape.js';
import { ChunkedWriter } from './write-chunk.js';

const field = (f: FarField): string => `| ${mdText(f.label)} | ${f.value ? mdText(f.value, 400) : `_${mdText(f.hint ? `not provided: ${f.hint}` : 'not provided')}_`} |`;

/** The FAR 52.204-25(d) report as Markdown: contractor facts, one item per reportable device, the follow-up section. */
export async function writeFarMarkdown(out: Writable, input: ReportInput): Promise<void> {
  const far = await buildFarReport(input);
  const w = new ChunkedWriter(out);
  const clause = mdText(far.settings.clause);
  await w.push(`# Report of covered telecommunications equipment (FAR ${clause})\n\n`);
  await w.push(
    `Identified on the contractor's network by automated discovery; generated ${mdText(far.generatedAt.slice(0, 16).replace('T', ' '))} UTC. ` +
      `Report within **${far.initialText}** of identification${far.followUpText ? `, and follow up within **${far.followUpText}** of that report` : ''}. ` +
      `Due dates below count weekdays only; extend them for federal holidays. DoD contracts report via https://dibnet.dod.mil.\n\n`,
  );
  for (const [k, v] of knowledgeFacts(input.meta)) await w.push(`${mdText(k)}: ${mdText(v, 600)}\n\n`);
  await w.push(`${far.itemCount} item${far.itemCount === 1 ? '' : 's'} to report.`);
  await w.push(far.triageRecorded ? ` ${far.excluded} covered device(s) excluded as waived or false positive.\n\n` : ' No triage recorded: every covered device is included.\n\n');
  if (far.itemsBySite) await w.push(`Items by site: ${far.itemsBySite.map(([s, n]) => `${mdText(s, 128)} ${n}`).join(', ') || 'none'}.\n\n`);
  await w.push(`## 1. Contract and supplier\n\n| Field | Value |\n|---|---|\n${far.contractor.map(field).join('\n')}\n\n`);
  await w.push(`## 2. Report within ${mdText(far.initialText)}\n\n`);
  if (far.itemCount === 0) await w.push('No covered equipment requires a report.\n\n');
  for await (const item of far.items()) {
    const d = item.device;
    await w.push(`### Item ${item.n}: ${mdText(d.ip, 45)}${d.mac ? ` (${mdText(d.mac, 45)})` : ''}, due ${mdText(item.initialDue.slice(0, 10))}\n\n| Field | Value |\n|---|---|\n`);
    await w.push(`${item.fields.map(field).join('\n')}\n\n`);
    await w.push(`Evidence:\n\n${item.evidence.map((e) => `- ${mdText(e, 300)}`).join('\n') || '- none recorded'}\n\n`);
  }
  await w.push(`## 3. Follow-up within ${far.followUpText ? mdText(far.followUpText) : 'n/a'}\n\n`);
  if (!far.followUpText) await w.push('The configured rule has a single report: no follow-up section.\n');
  else {
    await w.push('For each item above: further available mitigation information, the efforts taken to prevent use or submission of the covered equipment, and any additional efforts to prevent future use or submission.\n\n');
    for await (const item of far.items()) {
      await w.push(
        `### Item ${item.n}: ${mdText(item.device.ip, 45)}, due ${mdText(item.followUpDue?.slice(0, 10) ?? '')}\n\n- Further mitigation information: \n- Efforts to prevent use or submission: \n- Efforts to prevent future use or submission: \n\n`,
      );
    }
  }
  await w.flush();
}
