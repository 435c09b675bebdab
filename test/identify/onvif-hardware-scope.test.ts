/**
 * A Hikvision model in an ONVIF hardware scope is read by the DS-/iDS- model grammar
 * (oui/families.json hikvision.ds), which knows Hikvision's series shapes and other makers' DS-
 * numbers; the looser rule it replaces (any DS-<digit>…) flagged Epson's DS-1630 and DS-70000
 * scanner numbers and a DS-800 UPS as Hikvision (survey of 5 Dec: other makers' catalogue models
 * read as ONVIF hardware scopes).
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';

const scope = (model: string) =>
  identify([{ ip: '192.0.2.3', kind: 'onvif.scope', value: `onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/hardware/${model} onvif://www.onvif.org/Profile/Streaming`, source: 'onvif', at: '2026-12-05T00:00:00Z' }]);

describe('ONVIF hardware scope with a DS- number', () => {
  // Haicam/Haicam@307e0a3735f0 golang/discovery.go quotes a DS-2CD2385G1-I's hardware scope; the others are Hikvision numbers of hikvision.ds's examples' lines.
  it.each(['DS-2CD2385G1-I', 'DS-7608NI-K2', 'DS-2DE4A425IW-DE', 'iDS-2CD7146G0-IZS'])('%s flags Hikvision with the model', (model) => {
    const v = scope(model);
    expect(v.status).toBe('covered');
    expect(v.covered).toBe('hikvision');
    expect(v.model).toBe(model);
  });

  // Epson DS-1630 and DS-70000 document scanners; a DS-800 UPS (other makers' catalogue models, oui/model-catalogue.json).
  it.each(['DS-1630', 'DS-70000', 'DS-800'])('%s, another maker\'s DS- number, does not flag', (model) => {
    expect(scope(model).status).not.toBe('covered');
  });
});
