/** Issue #12: an alert says what the device is called and where it is plugged in, when known. */
import { describe, expect, it } from 'vitest';
import { alertMessage } from '../../src/alerts/message.js';
import type { LabelledDevice } from '../../src/inventory/device-labels.js';
import { HIKVISION_VERDICT } from '../inventory/helpers.js';

const DEVICE: LabelledDevice = {
  id: 7,
  ip: '10.0.0.20',
  mac: '58:50:ed:00:00:01',
  firstSeen: '2026-03-01T10:00:00.000Z',
  lastSeen: '2026-03-01T10:00:00.000Z',
  verdict: HIKVISION_VERDICT,
  name: 'lobby-cam',
  location: { switchName: 'core-sw', switchAddress: '10.0.0.250', port: 'Gi1/0/5', portAlias: 'Lobby camera', vlan: 20, confidence: 'high' },
};

describe('alert message', () => {
  it('names the device and where it is, in the summary and as fields', () => {
    const m = alertMessage(DEVICE, 'new', 3, '2026-03-01T10:05:00.000Z');
    expect(m.summary).toContain('"lobby-cam" at 10.0.0.20 (58:50:ed:00:00:01), on core-sw (10.0.0.250) Gi1/0/5 "Lobby camera" VLAN 20, high confidence, scan 3');
    expect(m.device).toMatchObject({ name: 'lobby-cam', location: DEVICE.location });
  });

  it('says neither when unknown', () => {
    const m = alertMessage({ ...DEVICE, name: null, location: null }, 'new', 3, '2026-03-01T10:05:00.000Z');
    expect(m.summary).toMatch(/ at 10\.0\.0\.20 \(58:50:ed:00:00:01\), scan 3$/);
    expect(m.device).toMatchObject({ name: null, location: null });
  });

  it('keeps a hostile name to one inert, bounded part of the line: the address stays in it', () => {
    const name = `\u001b]0;pwn\u0007\u202e${'x'.repeat(5000)}`;
    const m = alertMessage({ ...DEVICE, name, location: { ...DEVICE.location!, switchName: 'sw\r\nInjected: 1'.repeat(100) } }, 'new', 3, '2026-03-01T10:05:00.000Z');
    expect(m.summary).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(m.summary).toContain('at 10.0.0.20 (58:50:ed:00:00:01)');
    expect(m.summary).toContain('scan 3');
    // The JSON field keeps the name as the device sent it: JSON escapes it.
    expect(m.device.name).toBe(name);
  });
});
