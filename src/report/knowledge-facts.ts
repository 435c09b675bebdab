import { knowledgeLines } from '../identify/knowledge-dates.js';
import type { ReportMeta } from './report-input.js';

/**
 * The dates of the registry and the policy a report's verdicts rest on, and the warnings they call
 * for, as [label, plain text] rows for the human-readable formats to escape: a reader must see that
 * a clean report came from a registry years out of date.
 */
export function knowledgeFacts(meta: ReportMeta): [label: string, text: string][] {
  if (meta.knowledge === undefined) return [];
  const [registry, policy] = knowledgeLines(meta.knowledge);
  return [['Identification data', `${registry}; ${policy}`], ...meta.knowledge.warnings.map((w): [string, string] => ['Warning', w])];
}
