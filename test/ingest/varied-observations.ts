/**
 * Varied `lanaudit identify` input for the golden test: MACs from all over the registry, facts
 * from every source the repository holds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { allPrefixes, prefixesOf } from '../identify/registry.js';
import { fixture, jsonl, type Row } from './bench-observations.js';

/** Deterministic pseudo-random numbers (mulberry32): the same sample on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PolicyNames {
  entities: { registrants: { name: string }[]; oemRelabelers: { registrants: string[] }[] }[];
  informational: { registrants: { name: string }[] }[];
  traps: { names: string[] }[];
}

/** Every registrant the policy names (covered, relabelers, informational, look-alikes), with its registry prefixes. */
function policyPrefixes(): string[] {
  const policy = JSON.parse(readFileSync(new URL('../../oui/covered-entities.json', import.meta.url), 'utf8')) as PolicyNames;
  const names = [
    ...policy.entities.flatMap((e) => [...e.registrants.map((r) => r.name), ...e.oemRelabelers.flatMap((o) => o.registrants)]),
    ...policy.informational.flatMap((i) => i.registrants.map((r) => r.name)),
    ...policy.traps.flatMap((t) => t.names),
  ];
  return names.flatMap((name) => prefixesOf(name));
}

const hexDigits = (rnd: () => number, count: number): string =>
  Array.from({ length: count }, () => Math.floor(rnd() * 16).toString(16)).join('');

const colons = (hex: string): string => (hex.match(/../g) ?? []).join(':');

/**
 * Devices with MACs from all over the registry (MA-L, MA-M, MA-S, IEEE-held and private blocks,
 * policy registrants, unregistered and locally administered prefixes, written in several forms,
 * sometimes only on another fact) and facts drawn from the lab scan, the banner corpus and the
 * rules' own examples. For pinning verdicts, not for timing.
 */
export function* variedLines(devices: number, seed = 7): Generator<string> {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const registered = [...allPrefixes()].sort();
  const policy = policyPrefixes();
  const ieee = prefixesOf('IEEE Registration Authority').filter((p) => p.length === 6);
  const corpus = jsonl(new URL('../corpus/banners.jsonl', import.meta.url));
  const examples = readRuleExamples();
  const facts: readonly Row[] = [...fixture, ...corpus, ...examples];

  const macFor = (): string => {
    const r = rnd();
    let hex: string;
    // Blocks the IEEE keeps and splits: most MACs in them fall in no smaller block.
    if (r < 0.04) hex = pick(ieee);
    else if (r < 0.35) hex = pick(policy);
    else if (r < 0.75) hex = pick(registered);
    else if (r < 0.9) hex = hexDigits(rnd, 6);
    else hex = `${hexDigits(rnd, 1)}${pick(['2', '6', 'a', 'e'])}${hexDigits(rnd, 4)}`;
    const mac = colons(`${hex}${hexDigits(rnd, 12 - hex.length)}`.toLowerCase());
    const form = rnd();
    if (form < 0.7) return mac;
    if (form < 0.85) return mac.toUpperCase().replace(/:/g, '-');
    return `${mac.replace(/:/g, '').slice(0, 4)}.${mac.replace(/:/g, '').slice(4, 8)}.${mac.replace(/:/g, '').slice(8)}`;
  };

  for (let device = 0; device < devices; device += 1) {
    const id = `v-${device}`;
    const macs = rnd() < 0.1 ? 0 : rnd() < 0.85 ? 1 : 2;
    for (let m = 0; m < macs; m += 1) {
      const mac = macFor();
      if (rnd() < 0.8) yield `${JSON.stringify({ device: id, kind: 'mac', value: mac })}\n`;
      else yield `${JSON.stringify({ device: id, kind: 'tcp.open', value: '80', port: 80, mac })}\n`;
    }
    const count = Math.floor(rnd() * 6) + (macs === 0 ? 1 : 0);
    for (let i = 0; i < count; i += 1) {
      const row = pick(facts);
      const port = row.port ?? (rnd() < 0.3 ? 1 + Math.floor(rnd() * 65535) : undefined);
      yield `${JSON.stringify({ device: id, kind: row.kind, value: row.value, ...(port === undefined ? {} : { port }) })}\n`;
    }
  }
}

interface RuleFile {
  kind: string;
  rules: { examples: { value: string }[]; counterExamples?: { value: string }[] }[];
}

function readRuleExamples(): Row[] {
  const dir = new URL('../../oui/rules/', import.meta.url);
  const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  return files.flatMap((name) => {
    const file = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as RuleFile;
    return file.rules.flatMap((rule) => [...rule.examples, ...(rule.counterExamples ?? [])].map((e) => ({ kind: file.kind, value: e.value })));
  });
}
