/**
 * The verdict's model (the FAR 52.204-25(d) report's model number) never comes from a fact for another
 * covered entity than the flagged one: that is the other maker's model, kept as a contradiction, not this
 * device's. The golden verdicts had recorded such models (a Hikvision DS-2CD… on Huawei-flagged devices).
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';

const at = '2026-12-05T00:00:00.000Z';
const obs = (kind: ObservationKind, value: string, port?: number): Observation => ({ ip: '192.0.2.9', kind, value, source: 'test', at, ...(port === undefined ? {} : { port }) });

describe('the verdict model', () => {
  it('never comes from a fact for another covered entity than the flagged one (a ZTE page title on a Hikvision-flagged device)', () => {
    const v = identify([obs('http.server', 'DNVRS-Webs', 80), obs('rtsp.realm', 'IP Camera(C2183)', 554), obs('http.title', 'ZXHN F660', 8080)]);
    expect(v.covered).toBe('hikvision');
    expect(v.model).toBeNull();
    expect(v.evidence.some((e) => e.entity === 'zte')).toBe(true);
  });

  it('still comes from the flagged entity\'s own facts, or from a fact that names no covered entity', () => {
    expect(identify([obs('http.server', 'DNVRS-Webs', 80), obs('upnp.model', 'DS-7608NI-K2')]).model).toBe('DS-7608NI-K2');
    const v = identify([obs('http.server', 'DNVRS-Webs', 80), obs('http.title', 'ZXHN F660', 8080), obs('upnp.model', 'DS-7608NI-K2')]);
    expect(v.model).toBe('DS-7608NI-K2');
  });
});
