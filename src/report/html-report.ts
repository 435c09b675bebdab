import type { Writable } from 'node:stream';
import { brandOf, countText, entityName, ipKey, locationCell, locationLine, makerLabel, numberText, siteCounts, sitesLine, STATUS_LABEL, triageLabel } from './describe.js';
import { REPORT_CSP, REPORT_CSS, REPORT_JS } from './html-assets.js';
import { chartSvg } from './html-chart.js';
import { knowledgeFacts } from './knowledge-facts.js';
import type { ReportDevice } from './report-device.js';
import type { ChangeEvent, ReportInput } from './report-input.js';
import { type MakerCount, type ReportSummary, tally } from './summary.js';
import { escapeHtml, htmlText } from './text-escape.js';
import { ChunkedWriter } from './write-chunk.js';

/** Our own text (labels, dates we produced) still goes through escapeHtml: one rule, no exceptions to remember. */
const t = (text: string): string => escapeHtml(text);
const day = (iso: string): string => t(iso.replace('T', ' ').slice(0, 16));

/**
 * One self-contained HTML file: header with counts and a chart, the flagged devices with their
 * evidence, the full inventory (sortable and filterable in the browser), the changes. Every
 * device string is escaped and bounded; the CSP allows only our own stylesheet and script.
 */
export async function writeHtmlReport(out: Writable, input: ReportInput): Promise<void> {
  const w = new ChunkedWriter(out);
  const { summary, makers } = await tally(input.devices);
  await w.push(head(input));
  await w.push(overview(input, summary, makers));
  await w.push(`<main>\n<section id="flagged"><h2>Flagged devices (${summary.covered.toLocaleString('en-US')})</h2>\n`);
  if (summary.covered === 0) await w.push('<p class="none">No covered equipment was found in this inventory.</p>\n');
  for await (const d of input.devices.ranked(true)) await w.push(card(d, input));
  await w.push('</section>\n');
  await w.push(inventoryHead(summary.devices, input.meta.sites !== undefined));
  for await (const d of input.devices.ranked(false)) await w.push(inventoryRow(d, input));
  await w.push('</tbody></table>\n</section>\n');
  await w.push(changesSection(input.changes));
  await w.push(notes());
  await w.push(`</main>\n<footer>Generated ${day(input.meta.generatedAt)} UTC by ${t(input.meta.tool.name)} ${t(input.meta.tool.version)}. Device-supplied text is shown as received, escaped and shortened where long.</footer>\n`);
  await w.push(`<script>${REPORT_JS}</script>\n</body>\n</html>\n`);
  await w.flush();
}

function head(input: ReportInput): string {
  const org = input.meta.organization;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${t(REPORT_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Covered equipment report${org ? ` — ${htmlText(org, 120)}` : ''}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
`;
}

function overview(input: ReportInput, s: ReportSummary, makers: readonly MakerCount[]): string {
  const { meta } = input;
  const rows: [string, string][] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) rows.push([label, htmlText(value, 200)]);
  };
  add('Organization', meta.organization);
  add('Site', meta.site);
  if (meta.sites) rows.push(['Sites', htmlText(sitesLine(meta.sites), 2_000)]);
  add('Contact', meta.contact);
  add('Contract', meta.contract);
  if (meta.orders?.length) rows.push(['Orders', meta.orders.map((o) => htmlText(o, 60)).join(', ')]);
  if (meta.scanWindow)
    rows.push(['Scan window', `${day(meta.scanWindow.from)} – ${day(meta.scanWindow.to)} UTC (${t(countText(meta.scanWindow.scans, 'scan'))})`]);
  if (meta.since) rows.push(['Devices seen since', day(meta.since)]);
  rows.push(['Scope of report', meta.flaggedOnly ? 'flagged devices only' : 'all devices in the inventory']);
  rows.push(['Generated', `${day(meta.generatedAt)} UTC`]);
  for (const [k, v] of knowledgeFacts(meta)) rows.push([k, htmlText(v, 600)]);
  const tiles = (['covered', 'review', 'clear', 'unidentified'] as const)
    .map((k) => `<li class="${k}"><b>${s[k].toLocaleString('en-US')}</b>${t(STATUS_LABEL[k])}</li>`)
    .join('');
  const entities = Object.entries(s.byEntity)
    .sort((a, b) => b[1] - a[1])
    .map(([id, n]) => `${t(entityName(id as ReportDevice['covered']) ?? id)} ${n.toLocaleString('en-US')}`)
    .join(' · ');
  return `<header>
<h1>Covered equipment report</h1>
<p class="sub">NDAA FY2019 §889 / FAR 52.204-25 / FCC Covered List: devices on the network made by Huawei, ZTE, Hytera, Hikvision or Dahua, with the evidence for each flag.</p>
<dl class="meta">${rows.map(([k, v]) => `<dt>${t(k)}</dt><dd>${v}</dd>`).join('')}</dl>
<div class="overview">
<div><ul class="tiles" aria-label="Devices by status"><li><b>${s.devices.toLocaleString('en-US')}</b>Devices</li>${tiles}</ul>
<p class="entities">${entities ? `Covered by entity: ${entities}` : 'No covered entity found.'}</p></div>
${chartSvg(makers)}
</div>
${meta.sites ? sitesTable(s, meta.sites) : ''}</header>
`;
}

function sitesTable(s: ReportSummary, sites: readonly string[]): string {
  const rows = siteCounts(s, sites)
    .map(([site, c]) => `<tr><td>${htmlText(site, 128)}</td>${[c.devices, c.covered, c.review, c.clear, c.unidentified].map((n) => `<td>${n.toLocaleString('en-US')}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="sites"><thead><tr><th>Site</th><th>Devices</th><th>Covered</th><th>Review</th><th>Clear</th><th>Unidentified</th></tr></thead><tbody>\n${rows}\n</tbody></table>\n`;
}

function card(d: ReportDevice, input: ReportInput): string {
  const fact = (label: string, value: string) => `<div><dt>${t(label)}</dt><dd>${value}</dd></div>`;
  const evidence = d.evidence
    .map(
      (e) =>
        `<tr><td class="mono">${htmlText(e.rule, 80)}</td><td class="mono">${htmlText(e.value, 400)}</td><td>${htmlText(e.source, 40)}${e.port === undefined ? '' : `:${e.port}`}</td><td>${Math.round(e.certainty * 100)}%</td><td>${htmlText(e.says, 400)}</td></tr>`,
    )
    .join('');
  return `<article class="dev" id="device-${numberText(d.id)}">
<h3><span class="badge covered">${t(entityName(d.covered) ?? 'Covered')}</span> ${htmlText(d.model ?? brandOf(d) ?? 'Device', 120)} at ${htmlText(d.ip, 45)}</h3>
<dl class="facts">${[
    ...(d.site === undefined ? [] : [fact('Site', htmlText(d.site, 128))]),
    fact('Name', htmlText(d.name, 120)),
    fact('Location', htmlText(locationLine(d), 300)),
    fact('Maker', htmlText(makerLabel(d), 200)),
    fact('Brand', htmlText(brandOf(d), 120)),
    fact('Model', htmlText(d.model, 120)),
    fact('Serial', htmlText(d.serial, 120)),
    fact('IP address', `<span class="mono">${htmlText(d.ip, 45)}</span>`),
    fact('MAC address', `<span class="mono">${htmlText(d.mac, 45)}${d.randomizedMac ? ' (randomized)' : ''}</span>`),
    fact('First seen', day(d.firstSeen)),
    fact('Last seen', day(d.lastSeen)),
    fact('Confidence', `${Math.round(d.confidence * 100)}%`),
    fact('Triage', htmlText(triageFor(d, input), 300)),
  ].join('')}</dl>
${triageNote(d, input)}<table class="evidence"><colgroup><col class="rule"><col class="obs"><col class="src"><col class="cert"><col></colgroup>
<thead><tr><th>Rule</th><th>Observed</th><th>Source</th><th>Certainty</th><th>What it says</th></tr></thead>
<tbody>${evidence || '<tr><td colspan="5" class="none">No evidence recorded.</td></tr>'}</tbody></table>
</article>
`;
}

function triageFor(d: ReportDevice, input: ReportInput): string {
  return triageLabel(input.triage?.get(d.id, d.site), input.meta.generatedAt, input.triage !== undefined);
}

function triageNote(d: ReportDevice, input: ReportInput): string {
  const note = input.triage?.get(d.id, d.site)?.note;
  return note ? `<p><b>Triage note:</b> ${htmlText(note, 1000)}</p>\n` : '';
}

function inventoryHead(total: number, fleet: boolean): string {
  const cols: [string, string, 'num' | 'text'][] = [
    ...(fleet ? [['site', 'Site', 'text'] as [string, string, 'text']] : []),
    ['st', 'Status', 'text'],
    ['ip', 'IP', 'num'],
    ['mac', 'MAC', 'text'],
    ['name', 'Name', 'text'],
    ['loc', 'Location', 'text'],
    ['maker', 'Maker', 'text'],
    ['model', 'Model', 'text'],
    ['seen', 'First seen', 'text'],
    ['seen', 'Last seen', 'text'],
    ['conf', 'Conf.', 'num'],
    ['tri', 'Triage', 'text'],
    ['ev', 'Strongest evidence', 'text'],
  ];
  return `<section id="inventory"><h2>Inventory (${total.toLocaleString('en-US')})</h2>
<div class="controls"><label>Filter <input id="q" type="search" placeholder="IP, MAC, name, switch, maker, model…" autocomplete="off"></label>
<label>Status <select id="st"><option value="">all</option><option value="covered">covered</option><option value="review">review</option><option value="clear">clear</option><option value="unidentified">unidentified</option></select></label>
<span><span id="shown">${total}</span> shown</span></div>
<table id="inv"><colgroup>${cols.map(([c]) => `<col class="${c}">`).join('')}</colgroup>
<thead><tr>${cols.map(([, label, type]) => `<th data-type="${type}"><button type="button">${t(label)}</button></th>`).join('')}</tr></thead>
<tbody>
`;
}

function inventoryRow(d: ReportDevice, input: ReportInput): string {
  const strongest = d.evidence.reduce<ReportDevice['evidence'][number] | undefined>((best, e) => (!best || e.certainty > best.certainty ? e : best), undefined);
  const entity = entityName(d.covered);
  return `<tr data-status="${d.status}">${d.site === undefined ? '' : `<td>${htmlText(d.site, 128)}</td>`}<td><span class="badge ${d.status}">${t(STATUS_LABEL[d.status])}</span>${entity ? ` ${t(entity)}` : ''}</td><td class="mono" data-sort="${numberText(ipKey(d.ip))}">${htmlText(d.ip, 45)}</td><td class="mono">${htmlText(d.mac, 45)}</td><td>${htmlText(d.name, 120)}</td><td>${htmlText(locationCell(d), 160)}</td><td>${htmlText(makerLabel(d), 160)}</td><td>${htmlText(d.model, 100)}</td><td>${day(d.firstSeen)}</td><td>${day(d.lastSeen)}</td><td data-sort="${numberText(d.confidence)}">${Math.round(d.confidence * 100)}%</td><td>${htmlText(triageFor(d, input), 160)}</td><td>${htmlText(strongest?.says, 200)}</td></tr>\n`;
}

function changesSection(changes: readonly ChangeEvent[] | undefined): string {
  const title = '<section id="changes"><h2>Changes since the previous report</h2>\n';
  if (changes === undefined) return `${title}<p class="none">No change tracking recorded for this inventory.</p>\n</section>\n`;
  if (changes.length === 0) return `${title}<p class="none">No changes.</p>\n</section>\n`;
  const rows = changes
    .map(
      (c) =>
        `<tr><td>${day(c.at)}</td><td>${t(c.type)}</td><td class="mono">${c.site === undefined ? '' : `${htmlText(c.site, 128)} `}${htmlText(c.ip, 45)}${c.mac ? ` ${htmlText(c.mac, 45)}` : ''}</td><td>${htmlText(c.field, 60, '')}</td><td>${htmlText(c.old, 200, '')}</td><td>${htmlText(c.new, 200, '')}</td></tr>`,
    )
    .join('\n');
  return `${title}<table><thead><tr><th>When</th><th>Change</th><th>Device</th><th>Field</th><th>From</th><th>To</th></tr></thead><tbody>\n${rows}\n</tbody></table>\n</section>\n`;
}

function notes(): string {
  return `<section id="notes"><h2>How to read this report</h2>
<p><b>Covered</b>: the evidence says a covered entity (or its subsidiary or OEM line) made the device. <b>Review</b>: something points to a covered entity but not enough to flag it. <b>Clear</b>: nothing does. <b>Unidentified</b>: not identified yet. Each flag lists the observations and rules that made it; a relabeled device shows its maker and the brand it is sold under.</p>
</section>
`;
}
