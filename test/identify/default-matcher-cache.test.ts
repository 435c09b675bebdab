/**
 * The default matcher reads each distinct (kind, value) once and hands its readings to the next
 * observation carrying the same text (default-matcher.ts): every reading must then speak through
 * that observation (its own port and source in the evidence), and verdicts must be the bytes an
 * uncached read gives.
 */
import { describe, expect, it } from 'vitest';
import { defaultMatcher } from '../../src/identify/default-matcher.js';
import { identify } from '../../src/identify/identify.js';
import { macObs, obs } from './observations.js';

describe('the default matcher reads a repeated text once', () => {
  it('hands the readings to each observation carrying the text, with its own port and source', () => {
    const a = obs('http.server', 'App-webs/', { port: 80, source: 'http:80' });
    const b = obs('http.server', 'App-webs/', { port: 8080, source: 'http:8080', ip: '192.0.2.99' });
    const first = defaultMatcher(a);
    const second = defaultMatcher(b);
    expect(first.length).toBeGreaterThan(0);
    expect(second.map((m) => m.rule)).toEqual(first.map((m) => m.rule));
    expect(second.every((m) => m.observation === b)).toBe(true);
    expect(first.every((m) => m.observation === a)).toBe(true);
    const verdict = identify([macObs('02:00:00:00:00:01'), b]);
    expect(verdict.evidence.find((e) => e.rule.startsWith('http.server.'))).toMatchObject({ port: 8080, source: 'http:8080' });
  });

  it('gives the same verdict bytes whether a text was read before or not, and reads long bodies each time', () => {
    const title = obs('http.title', 'HUAWEI HG8245H', { port: 80 });
    const body = obs('http.body', `<html>${'x'.repeat(600)}<div id="huaweilogo"></div></html>`, { port: 80 });
    const fresh = JSON.stringify(identify([macObs('02:00:00:00:00:02'), title, body]));
    const again = JSON.stringify(identify([macObs('02:00:00:00:00:02'), { ...title }, { ...body }]));
    expect(again).toBe(fresh);
  });
});
