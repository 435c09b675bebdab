import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/observations/observation.js';
import { SenderBudget } from '../../src/probes/multicast/sender-budget.js';

const now = () => new Date('2026-01-01T00:00:00Z');
const fact = (ip: string, kind: Observation['kind'], value: string): Observation => ({ ip, kind, value, source: 'mdns', at: now().toISOString() });

describe('SenderBudget', () => {
  it('drops repeats silently, and counts what is over a bound into one finding per sender', () => {
    const budget = new SenderBudget({ perSender: 5, perKind: 2, total: 100 });
    for (let i = 0; i < 3; i++) budget.offer(fact('10.0.0.1', 'hostname', 'a.local'));
    for (let i = 0; i < 4; i++) budget.offer(fact('10.0.0.1', 'mdns.instance', `cam ${i}`));
    for (let i = 0; i < 6; i++) budget.offer(fact('10.0.0.1', 'mdns.txt', `k=${i}`));
    budget.offer(fact('10.0.0.2', 'hostname', 'b.local'));
    const facts = budget.facts({ now });
    expect(facts.map((o) => `${o.ip} ${o.kind}=${o.value}`)).toEqual([
      '10.0.0.1 hostname=a.local',
      '10.0.0.1 mdns.instance=cam 0',
      '10.0.0.1 mdns.instance=cam 1',
      '10.0.0.1 mdns.txt=k=0',
      '10.0.0.1 mdns.txt=k=1',
      '10.0.0.2 hostname=b.local',
      '10.0.0.1 malformed=flood: 6 more facts dropped (at most 5 per address, 2 distinct values per kind)',
    ]);
  });

  it('keeps a repeated value of a full kind (the same instance on another port is not a new value)', () => {
    const budget = new SenderBudget({ perSender: 10, perKind: 1, total: 100 });
    budget.offer(fact('10.0.0.1', 'mdns.instance', 'cam'));
    budget.offer({ ...fact('10.0.0.1', 'mdns.instance', 'cam'), port: 80 });
    expect(budget.facts({ now })).toHaveLength(2);
  });

  it('stops at the total, whoever sends', () => {
    const budget = new SenderBudget({ perSender: 10, perKind: 10, total: 3 });
    for (let i = 0; i < 5; i++) budget.offer(fact(`10.0.0.${i + 1}`, 'hostname', 'x'));
    expect(budget.facts({ now }).map((o) => `${o.ip} ${o.kind}`)).toEqual([
      '10.0.0.1 hostname',
      '10.0.0.2 hostname',
      '10.0.0.3 hostname',
      '10.0.0.4 malformed',
      '10.0.0.5 malformed',
    ]);
  });
});
