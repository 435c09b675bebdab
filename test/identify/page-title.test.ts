/**
 * A page body given alone says what its title says (issue 11): the page's own <title> is read as the
 * `http.title` fact the HTTP probe would have stored, so a body whose title is a covered maker's model
 * flags as that title does, while a maker or model the rest of the body lists stays at review. One rule
 * read in both places speaks through the reading without a cap, and a verdict never takes its model
 * from a fact for another covered entity.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { withPageTitles } from '../../src/identify/page-title.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T00:00:00.000Z';
const obs = (kind: ObservationKind, value: string, port?: number): Observation => ({ ip: '192.0.2.9', kind, value, source: 'test', at, ...(port === undefined ? {} : { port }) });
const verdict = (...facts: Observation[]) => {
  const v = identify(facts);
  return { status: v.status, covered: v.covered, model: v.model };
};

describe('a page body read alone', () => {
  it('reads its <title> as the page title: a model title flags, as the same title stored by the probe does', () => {
    // ZTE's H108N writes its title as character references (the probe decodes them: response-head.ts).
    const body = '<html><head><title>&#90;&#88;&#72;&#78;&#32;&#72;&#49;&#48;&#56;&#78;&#32;&#86;&#50;&#46;&#53;</title>\n<link rel="stylesheet" href="css/login.css">';
    expect(verdict(obs('http.body', body, 80))).toEqual(verdict(obs('http.title', 'ZXHN H108N V2.5', 80)));
    expect(verdict(obs('http.body', body, 80))).toEqual({ status: 'covered', covered: 'zte', model: 'ZXHN H108N' });
  });

  it('keeps what the rest of the body lists at review: an NVR page titled by its own model flags as that model, not as its cameras', () => {
    const nvr = '<html><head><title>DS-7608NI-K2</title></head><body><td>Channel 1</td><td>DS-2CD2143G0-I</td></body></html>';
    expect(verdict(obs('http.body', nvr))).toEqual({ status: 'covered', covered: 'hikvision', model: 'DS-7608NI-K2' });
    const vms = '<html><head><title>Camera list</title></head><body><td>Hikvision DS-2CD2143G0-I</td></body></html>';
    expect(verdict(obs('http.body', vms)).status).toBe('review');
  });

  it('reads a title with the title templates: a relay page titled "Hikvision IP Camera Stream" stays at review, as that title does', () => {
    const relay = '<html><head><title>Hikvision IP Camera Stream</title></head><body><img src="/stream.mjpg"></body></html>';
    expect(verdict(obs('http.title', 'Hikvision IP Camera Stream')).status).toBe('review');
    expect(verdict(obs('http.body', relay)).status).toBe('review');
    expect(verdict(obs('http.body', '<html><head><title>Blue Iris Login</title></head></html>')).status).toBe('clear');
  });

  it('adds no title the observations already hold, and none for a body without one', () => {
    const body = obs('http.body', '<html><head><title> WEB  SERVICE </title></head></html>', 80);
    const title = obs('http.title', 'WEB SERVICE', 80);
    expect(withPageTitles([body, title])).toEqual([body, title]);
    expect(withPageTitles([obs('http.body', '{"result":0}')])).toHaveLength(1);
    expect(withPageTitles([obs('http.body', '<html><title></title></html>')])).toHaveLength(1);
    const derived = withPageTitles([body]);
    expect(derived[1]).toMatchObject({ kind: 'http.title', value: 'WEB SERVICE', port: 80, source: "test (the page body's <title>)" });
  });

  it('gives the same verdict in any order of the observations', () => {
    const facts = [obs('http.body', '<title>ZXHN F660</title>', 80), obs('mac', '00:19:c6:12:34:56'), obs('http.title', 'F660', 8080)];
    const first = identify(facts);
    expect(identify([...facts].reverse())).toEqual(first);
  });
});

describe('the verdict model', () => {
  it('never comes from a fact for another covered entity than the flagged one (a ZTE page title on a Hikvision-flagged device)', () => {
    const facts = [
      obs('http.server', 'DNVRS-Webs', 80),
      obs('rtsp.realm', 'IP Camera(C2183)', 554),
      obs('http.title', 'ZXHN F660', 8080),
    ];
    const v = identify(facts);
    expect(v.covered).toBe('hikvision');
    expect(v.model).toBeNull();
    expect(v.evidence.some((e) => e.entity === 'zte')).toBe(true);
  });
});
