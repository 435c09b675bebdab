import type { Writable } from 'node:stream';
import { writeCsvReport } from './csv-report.js';
import { writeCycloneDxReport } from './cyclonedx-report.js';
import { writeFarHtml } from './far-html.js';
import { writeFarMarkdown } from './far-markdown.js';
import { writeHtmlReport } from './html-report.js';
import { writeJsonReport } from './json-report.js';
import { writeMarkdownReport } from './md-report.js';
import type { ReportInput } from './report-input.js';

export const REPORT_FORMATS = ['json', 'csv', 'html', 'md', 'far', 'far-md', 'far-html', 'cyclonedx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type ReportWriter = (out: Writable, input: ReportInput) => Promise<void>;

const WRITERS: Readonly<Record<Exclude<ReportFormat, 'far'>, ReportWriter>> = {
  json: writeJsonReport,
  csv: writeCsvReport,
  html: writeHtmlReport,
  md: writeMarkdownReport,
  'far-md': writeFarMarkdown,
  'far-html': writeFarHtml,
  cyclonedx: writeCycloneDxReport,
};

/** `far` picks Markdown or HTML by the output file's extension (Markdown on standard output). */
export function resolveFormat(format: ReportFormat, output: string | undefined): Exclude<ReportFormat, 'far'> {
  if (format !== 'far') return format;
  return output && /\.html?$/i.test(output) ? 'far-html' : 'far-md';
}

export function reportWriter(format: ReportFormat, output?: string): ReportWriter {
  return WRITERS[resolveFormat(format, output)];
}
