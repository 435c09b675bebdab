/** The report's serial is the verdict's (SADP, DHIP, UPnP, rule captures), not a search of the evidence for UPnP (issue #11). */
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/identify/verdict.js';
import { toReportDevice } from '../../src/report/report-device.js';

const verdict: Verdict = {
  manufacturer: 'Hangzhou Hikvision Digital Technology Co.,Ltd.',
  manufacturerName: 'Hikvision',
  brand: 'Hikvision',
  model: 'DS-2CD2385G1-I',
  serial: 'DS-2CD2385G1-I20200414AAWRE33842150',
  firmware: 'V5.6.2build 190701',
  status: 'covered',
  covered: 'hikvision',
  confidence: 0.95,
  randomizedMac: false,
  evidence: [
    { rule: 'sadp.reply.hikvision.probe-match', kind: 'sadp.reply', value: '<ProbeMatch>…', source: 'sadp', certainty: 0.95, says: 'SADP answer', entity: 'hikvision' },
  ],
};

describe('toReportDevice', () => {
  it('reports the serial the verdict holds, from a SADP answer with no UPnP evidence at all', () => {
    const device = toReportDevice({ id: 1, ip: '10.0.0.5', mac: '58:50:ed:1f:e3:85', firstSeen: '2026-01-01T00:00:00Z', lastSeen: '2026-01-01T00:00:00Z', verdict, name: null, location: null });
    expect(device.serial).toBe('DS-2CD2385G1-I20200414AAWRE33842150');
  });

  it('has no serial for a device never identified', () => {
    expect(toReportDevice({ id: 2, ip: '10.0.0.6', mac: null, firstSeen: '2026-01-01T00:00:00Z', lastSeen: '2026-01-01T00:00:00Z', verdict: null, name: null, location: null }).serial).toBeNull();
  });
});
