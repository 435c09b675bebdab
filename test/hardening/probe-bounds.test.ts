/**
 * Regression cases for what the hostile lab scan found (hostile.test.ts): each attack below once
 * became a device fact instead of a 'malformed' one. Loopback only.
 */
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { printJson } from '../../src/cli/terminal.js';
import { parseSadpReply } from '../../src/probes/sadp/sadp-codec.js';
import { parseXml } from '../../src/probes/safe-xml.js';
import { parseDescription } from '../../src/probes/ssdp/ssdp-codec.js';
import { tcpExchange } from '../../src/probes/tcp/tcp-exchange.js';
import { FTP, HTTP, RTSP, SSH } from '../../src/probes/tcp/tcp-probes.js';
import { parseProbeMatch } from '../../src/probes/wsd/wsd-codec.js';
import type { ProbeContext } from '../../src/probes/probe-context.js';

const ctx = { now: () => new Date('2026-01-01T00:00:00Z') } as ProbeContext;
const laughs = (root: string, field: string) =>
  `<?xml version="1.0"?>\r\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;">]>\r\n<${root}><${field}>&lol1;</${field}><DeviceType>141945</DeviceType></${root}>`;

describe('XML with a DTD is refused whole (billion laughs in SADP, ONVIF, UPnP)', () => {
  it('parseXml returns null for any DOCTYPE, in any case', () => {
    expect(parseXml('<!doctype x><a>1</a>')).toBeNull();
    expect(parseXml(laughs('ProbeMatch', 'DeviceDescription'))).toBeNull();
    expect(parseXml('<a>1</a>')).toEqual({ a: '1' });
  });
  it('so no codec returns the entity references as a device answer', () => {
    expect(parseSadpReply(laughs('ProbeMatch', 'DeviceDescription'))).toBeNull();
    expect(parseProbeMatch(laughs('ProbeMatch', 'Scopes'))).toBeNull();
    expect(parseDescription(laughs('root', 'manufacturer'))).toBeNull();
  });
});

describe('replies cut at the byte cap are malformed, not facts', () => {
  const flood = (text: string, bytes: number) => Buffer.from(text.repeat(Math.ceil(bytes / text.length)).slice(0, bytes));

  it('an endless SSH/FTP greeting', () => {
    for (const probe of [SSH, FTP]) {
      const obs = probe.decode({ data: flood('SSH-2.0-OpenSSH_9.6 ', probe.maxBytes), truncated: true }, '10.0.0.1', 22, ctx);
      expect(obs.map((o) => o.kind)).toEqual(['malformed']);
      expect(obs[0]!.value.length).toBeLessThanOrEqual(512);
    }
    // A whole greeting is still a banner.
    expect(SSH.decode({ data: Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'), truncated: false }, '10.0.0.1', 22, ctx)[0]).toMatchObject({ kind: 'ssh.banner', value: 'SSH-2.0-OpenSSH_9.6' });
  });

  it('an HTTP or RTSP head that never ends', () => {
    const http = HTTP.decode({ data: flood('HTTP/1.1 200 OK\r\nServer: App-webs/', HTTP.maxBytes), truncated: true }, '10.0.0.1', 80, ctx);
    expect(http.map((o) => o.kind)).toEqual(['malformed']);
    const rtsp = RTSP.decode({ data: flood('RTSP/1.0 200 OK\r\n', RTSP.maxBytes), truncated: true }, '10.0.0.1', 554, ctx);
    expect(rtsp.map((o) => o.kind)).toEqual(['malformed']);
    // A big body after a complete head is an ordinary page.
    const page = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n'), flood('x', HTTP.maxBytes)]).subarray(0, HTTP.maxBytes);
    expect(HTTP.decode({ data: page, truncated: true }, '10.0.0.1', 80, ctx).map((o) => o.kind)).toContain('http.server');
  });

  let server: net.Server | undefined;
  afterEach(() => server?.close());

  it('tcpExchange marks a reply that reached the cap as truncated, whatever the chunk sizes', async () => {
    server = net.createServer((socket) => {
      socket.on('error', () => {});
      // Exactly the cap in small chunks: the cap is met by the last chunk, not exceeded.
      for (let i = 0; i < 64; i++) socket.write(Buffer.alloc(64, 0x41));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    const reply = await tcpExchange({ ip: '127.0.0.1', port, timeoutMs: 2000, idleMs: 500, maxBytes: 4096, signal: new AbortController().signal });
    expect(reply.data.length).toBe(4096);
    expect(reply.truncated).toBe(true);
  });
});

describe('JSON on the terminal', () => {
  it('writes C1 controls and bidi overrides as \\u escapes: the same JSON, nothing a terminal acts on', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const value = { name: 'cam\u202egnp.exe', c1: 'a\u009bb', ls: 'x\u2028y' };
      printJson(value);
      const text = String(write.mock.calls[0]![0]);
      expect(text).not.toMatch(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      expect(text).toContain('\\u202e');
      expect(JSON.parse(text)).toEqual(value);
    } finally {
      write.mockRestore();
    }
  });
});
