import { describe, expect, it } from 'vitest';
import { secretScrubber } from '../../src/config/redact.js';
import { createLogger } from '../../src/util/log.js';

function sink(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (line: string) => lines.push(line) } };
}

describe('logger', () => {
  it('writes one JSON object per line when the output is not a terminal (journald)', () => {
    const out = sink(false);
    const log = createLogger({ stream: out.stream });
    log.info('scan complete', { scan: 3, devices: 12 });
    log.debug('not shown at info');
    log.error('scan failed', { error: 'nmap exited with code 1' });
    expect(out.lines).toHaveLength(2);
    const [first, second] = out.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 30, msg: 'scan complete', scan: 3, devices: 12 });
    expect(Date.parse(String(first?.['time']))).not.toBeNaN();
    expect(second).toMatchObject({ level: 50, msg: 'scan failed', error: 'nmap exited with code 1' });
  });

  it('writes readable lines on a terminal, with no control characters from device text', () => {
    const out = sink(true);
    const log = createLogger({ stream: out.stream, level: 'debug' });
    log.warn('another scan is running', { scan: 4, host: 'box one' });
    log.debug('banner', { text: 'evil\u001b[2Jclear' });
    expect(out.lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d WARN  another scan is running scan=4 host="box one"\n$/);
    expect(out.lines[1]).toMatch(/^\S+ \S+ DEBUG banner text=/);
    expect(out.lines[1]).not.toContain('\u001b');
  });

  it('scrubs secrets from any field, message or error, in both forms', () => {
    for (const tty of [false, true]) {
      const out = sink(tty);
      const log = createLogger({ stream: out.stream, scrub: secretScrubber(['tok-S3CRET', 'c0mm-S3CRET']) });
      log.error('POST failed with token tok-S3CRET', { error: 'community c0mm-S3CRET refused', nested: { url: 'https://x/?t=tok-S3CRET' } });
      expect(out.lines.join('')).not.toMatch(/S3CRET/);
      expect(out.lines.join('')).toContain('***');
    }
  });
});
