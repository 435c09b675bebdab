import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { buildFarReport, type FarField } from './far-model.js';
import { knowledgeFacts } from './knowledge-facts.js';
import type { ReportInput } from './report-input.js';
import { escapeHtml, htmlText } from './text-escape.js';
import { ChunkedWriter } from './write-chunk.js';

const FAR_CSS = `
body{margin:0 auto;max-width:900px;padding:20px 28px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:28px}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:0 0 10px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
th{width:32%;background:#f6f8fa;font-weight:600}
.missing{color:#8a6d00;font-style:italic}
li{overflow-wrap:anywhere}
.blank td{height:3.2em}
@page{margin:16mm}
@media print{body{max-width:none;padding:0;font-size:10pt}section.item{break-inside:avoid}h2{break-after:avoid}}
`;
const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(FAR_CSS, 'utf8').digest('base64')}'; base-uri 'none'; form-action 'none'`;

const row = (f: FarField): string =>
  `<tr><th>${escapeHtml(f.label)}</th><td>${f.value ? htmlText(f.value, 400) : `<span class="missing">${escapeHtml(f.hint ? `not provided: ${f.hint}` : 'not provided')}</span>`}</td></tr>`;

/** The FAR 52.204-25(d) report as one self-contained, printable HTML page (no script at all). */
export async function writeFarHtml(out: Writable, input: ReportInput): Promise<void> {
  const far = await buildFarReport(input);
  const w = new ChunkedWriter(out);
  const clause = escapeHtml(far.settings.clause);
  await w.push(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<meta name="referrer" content="no-referrer">
<title>Report of covered telecommunications equipment (FAR ${clause})</title>
<style>${FAR_CSS}</style></head><body>
<h1>Report of covered telecommunications equipment (FAR ${clause})</h1>
<p>Identified on the contractor's network by automated discovery; generated ${escapeHtml(far.generatedAt.slice(0, 16).replace('T', ' '))} UTC.
Report within <b>${escapeHtml(far.initialText)}</b> of identification${far.followUpText ? `, and follow up within <b>${escapeHtml(far.followUpText)}</b> of that report` : ''}.
Due dates below count weekdays only; extend them for federal holidays. DoD contracts report via https://dibnet.dod.mil.</p>
${knowledgeFacts(input.meta).map(([k, v]) => `<p>${escapeHtml(k)}: ${htmlText(v, 600)}</p>\n`).join('')}<p>${far.itemCount} item${far.itemCount === 1 ? '' : 's'} to report. ${far.triageRecorded ? `${far.excluded} covered device(s) excluded as waived or false positive.` : 'No triage recorded: every covered device is included.'}</p>
${far.itemsBySite ? `<p>Items by site: ${far.itemsBySite.map(([s, n]) => `${htmlText(s, 128)} ${n}`).join(', ') || 'none'}.</p>\n` : ''}<h2>1. Contract and supplier</h2>
<table>${far.contractor.map(row).join('')}</table>
<h2>2. Report within ${escapeHtml(far.initialText)}</h2>
`);
  if (far.itemCount === 0) await w.push('<p>No covered equipment requires a report.</p>\n');
  for await (const item of far.items()) {
    const d = item.device;
    const evidence = item.evidence.map((e) => `<li>${htmlText(e, 300)}</li>`).join('') || '<li>none recorded</li>';
    await w.push(
      `<section class="item" id="item-${item.n}"><h3>Item ${item.n}: ${htmlText(d.ip, 45)}${d.mac ? ` (${htmlText(d.mac, 45)})` : ''}, due ${escapeHtml(item.initialDue.slice(0, 10))}</h3>
<table>${item.fields.map(row).join('')}</table><p>Evidence:</p><ul>${evidence}</ul></section>\n`,
    );
  }
  await w.push(`<h2>3. Follow-up within ${far.followUpText ? escapeHtml(far.followUpText) : 'n/a'}</h2>\n`);
  if (!far.followUpText) await w.push('<p>The configured rule has a single report: no follow-up section.</p>\n');
  else {
    await w.push('<p>For each item above: further available mitigation information, the efforts taken to prevent use or submission of the covered equipment, and any additional efforts to prevent future use or submission.</p>\n');
    for await (const item of far.items())
      await w.push(
        `<section class="item"><h3>Item ${item.n}: ${htmlText(item.device.ip, 45)}, due ${escapeHtml(item.followUpDue?.slice(0, 10) ?? '')}</h3><table class="blank"><tr><th>Further mitigation information</th><td></td></tr><tr><th>Efforts to prevent use or submission</th><td></td></tr><tr><th>Efforts to prevent future use or submission</th><td></td></tr></table></section>\n`,
      );
  }
  await w.push('</body></html>\n');
  await w.flush();
}
