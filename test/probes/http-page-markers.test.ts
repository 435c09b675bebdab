/**
 * GET / reads up to 64 KB of a page and keeps its first 2 KB whole plus short excerpts around what
 * names a maker further on (issue 11, "read enough of the page"). A loopback "device" serves pages.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import type { Observation } from '../../src/observations/observation.js';
import { EXCERPT_CHARS, MAX_EXCERPTS, pageText } from '../../src/probes/http/body-markers.js';
import type { ProbeContext } from '../../src/probes/probe-context.js';
import { HTTP } from '../../src/probes/tcp/tcp-probes.js';
import { probeExchange } from '../../src/probes/tcp/tcp-runner.js';
import type { Scope } from '../../src/scope/types.js';

const servers: net.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

const scope: Scope = { ranges: [{ first: 0x7f000001, last: 0x7f000001 }], size: 1, labels: ['127.0.0.1'], excluded: [] };
/** As a scan runs the probe: identification's markers passed in. */
const scanCtx = (): ProbeContext => ({ scope, signal: new AbortController().signal, timeoutMs: 3000, interfaces: [], bodyMarkers: evidenceMarkers });

/** Markup that names nobody: rows of a settings page and a script, about 60 bytes a line. */
function filler(bytes: number): string {
  const lines: string[] = [];
  for (let size = 0, i = 0; size < bytes; i++) {
    const line = i % 2 ? `<div class="row"><span id="f${i}">Channel ${i}</span></div>\n` : `  var opt${i} = { enabled: true, value: ${i} };\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

const page = (body: string) => `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n${body}`;

/** The facts GET / makes of a reply, as the scan's probe makes them. */
function decode(reply: string, ctx: ProbeContext = scanCtx()): Observation[] {
  return HTTP.decode({ data: Buffer.from(reply).subarray(0, HTTP.maxBytes), truncated: false }, '10.0.0.5', 80, ctx);
}

const HIKVISION_FOOTER = '<div class="footer">© Hangzhou Hikvision Digital Technology Co., Ltd. All Rights Reserved.</div>';
const DAHUA_FOOTER = '<p class="copyright">Copyright © 2019 Zhejiang Dahua Technology Co., Ltd. All rights reserved.</p>';

describe('GET /: markers beyond the first 2 KB', () => {
  for (const [name, footer, entity] of [
    ['a Hikvision copyright line', HIKVISION_FOOTER, 'hikvision'],
    ['a Dahua footer', DAHUA_FOOTER, 'dahua'],
  ] as const) {
    it(`${name} after 30 KB of markup counts as it does in the first 2 KB`, () => {
      const early = identify(decode(page(`<html><body>${footer}${filler(30_000)}</body></html>`)));
      const late = identify(decode(page(`<html><body>${filler(30_000)}${footer}</body></html>`)));
      expect(early.status).not.toBe('clear');
      expect(early.covered).toBe(entity);
      expect({ status: late.status, covered: late.covered, manufacturer: late.manufacturerName }).toEqual({ status: early.status, covered: early.covered, manufacturer: early.manufacturerName });
    });
  }

  it('keeps the first 2 KB whole and only bounded excerpts around markers, not the page', () => {
    const facts = decode(page(`<html>${filler(30_000)}${HIKVISION_FOOTER}${filler(20_000)}</html>`)).filter((o) => o.kind === 'http.body');
    expect(facts).toHaveLength(2);
    expect(facts[0]!.value).toHaveLength(2048);
    expect(facts[1]!.value.length).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(facts[1]!.value).toContain('© Hangzhou Hikvision Digital Technology Co., Ltd. All Rights Reserved.');
  });

  it('adds no excerpt for a page that names nobody, nor for a marker the first 2 KB already show', () => {
    expect(decode(page(filler(40_000))).filter((o) => o.kind === 'http.body')).toHaveLength(1);
    expect(decode(page(`${HIKVISION_FOOTER}${filler(40_000)}`)).filter((o) => o.kind === 'http.body')).toHaveLength(1);
  });

  it('a name inside a word or a link to the maker spends no excerpt on the word, and the link stays a note', () => {
    const text = `${filler(10_000)} AZTEC ZTEST ${filler(10_000)} <a href="https://www.hikvision.com/">drivers</a> ${filler(10_000)}`;
    const facts = decode(page(text)).filter((o) => o.kind === 'http.body');
    expect(facts.slice(1).map((o) => o.value).join('\n')).not.toContain('AZTEC');
    expect(identify(decode(page(text))).status).toBe('clear');
  });

  it('without identification\'s markers (no scan), still keeps copyright lines, whoever they name', () => {
    const facts = decode(page(`${filler(30_000)}<p>Copyright 2021 Example Optics GmbH</p>`), { ...scanCtx(), bodyMarkers: undefined as never });
    expect(facts.filter((o) => o.kind === 'http.body').map((o) => o.value)[1]).toContain('Copyright 2021 Example Optics GmbH');
  });

  it('a page of nothing but markers keeps at most 8 excerpts of at most 256 characters', () => {
    const flood = `${filler(3_000)}${'© Hikvision DS-2CD2385G1-I Zhejiang Dahua Technology Co., Ltd. '.repeat(1_000)}`;
    const facts = decode(page(flood)).filter((o) => o.kind === 'http.body');
    expect(facts.length).toBe(1 + MAX_EXCERPTS);
    expect(facts.slice(1).every((o) => o.value.length <= EXCERPT_CHARS)).toBe(true);
  });

  it('hostile bytes: invalid UTF-8, NULs and pathological repetitions are read within bounds and do not hang', () => {
    const bodies = [
      Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919) % 256)),
      Buffer.from('DS-2'.repeat(16_000)),
      Buffer.from(`${'DS-'.repeat(10_000)}${'HG8'.repeat(5_000)}${'IPC-HDW'.repeat(2_000)}`),
      Buffer.from('Huawei '.repeat(9_000)),
      Buffer.from(`© ${'a'.repeat(60_000)}`),
    ];
    const started = Date.now();
    for (const body of bodies) {
      const text = pageText(body, evidenceMarkers);
      expect(text.excerpts.length).toBeLessThanOrEqual(MAX_EXCERPTS);
      expect(text.excerpts.every((e) => e.length <= EXCERPT_CHARS)).toBe(true);
    }
    // Generous: proves "not quadratic", not a speed.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('GET / on loopback: a 10 MB page', () => {
  it('is cut at 64 KB: reading stops there and the server cannot hand over the rest', async () => {
    let accepted = 0;
    let closedEarly = false;
    const server = net.createServer((s) => {
      s.on('error', () => undefined);
      s.once('data', () => {
        s.write(page(''));
        const chunk = Buffer.from(filler(64 * 1024).slice(0, 64 * 1024));
        let sent = 0;
        const pump = () => {
          while (sent < 10 * 1024 * 1024 && !s.destroyed) {
            sent += chunk.length;
            const ok = s.write(chunk, (err) => (err ? undefined : (accepted += chunk.length)));
            if (!ok) return void s.once('drain', pump);
          }
          s.end(HIKVISION_FOOTER);
        };
        s.on('close', () => (closedEarly = sent < 10 * 1024 * 1024 || accepted < 10 * 1024 * 1024));
        pump();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    const reply = await probeExchange(HTTP, '127.0.0.1', port, scanCtx());
    expect(reply.truncated).toBe(true);
    expect(reply.data.length).toBe(64 * 1024);
    const facts = HTTP.decode(reply, '127.0.0.1', port, scanCtx()).filter((o) => o.kind === 'http.body');
    // The footer at the 10 MB mark was never read.
    expect(facts.map((o) => o.value).join('')).not.toContain('Hikvision');
    await new Promise((r) => setTimeout(r, 100));
    expect(closedEarly).toBe(true);
  });
});
