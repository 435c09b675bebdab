/**
 * Escapes do not hide a maker (issue 11): a page or script that writes a model number or a legal name
 * with HTML character references or JavaScript/JSON string escapes states the same thing as one that
 * writes it plainly, and identification reads it the same way; long pages keep an excerpt around it.
 */
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { readableText, readableWithOffsets } from '../../src/identify/readable-text.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import type { Observation, ObservationKind } from '../../src/observations/observation.js';
import { pageText } from '../../src/probes/http/body-markers.js';

const at = '2026-12-05T00:00:00.000Z';
const verdict = (kind: ObservationKind, value: string) => {
  const v = identify([{ ip: '192.0.2.7', kind, value, source: 'test', at } satisfies Observation]);
  return { status: v.status, covered: v.covered, model: v.model ?? null };
};

describe('readableText', () => {
  it('decodes HTML character references, numeric (with or without ;) and the named ones of running text', () => {
    expect(readableText('DS&#45;2CD2143G0&#x2D;I')).toBe('DS-2CD2143G0-I');
    expect(readableText('F&#54;60')).toBe('F660');
    expect(readableText('Hangzhou&nbsp;Hikvision &copy; &lt;b&gt; &amp; &quot;x&quot;')).toBe('Hangzhou Hikvision © <b> & "x"');
  });

  it('decodes JavaScript and JSON string escapes: \\xHH, \\uHHHH, \\u{H…} and \\/', () => {
    expect(readableText('"ZXHN\\x20F670L"')).toBe('"ZXHN F670L"');
    expect(readableText('{"vendor":"\\u6d77\\u5eb7\\u5a01\\u89c6"}')).toBe('{"vendor":"海康威视"}');
    expect(readableText('\\u{48}UAWEI http:\\/\\/192.168.1.1\\/')).toBe('HUAWEI http://192.168.1.1/');
  });

  it('decodes percent-encoded UTF-8 runs, as URIs carry them, and keeps a run that is no printable UTF-8', () => {
    expect(readableText('onvif://www.onvif.org/name/HIKVISION%20DS%2D2CD2385G1%2DI')).toBe('onvif://www.onvif.org/name/HIKVISION DS-2CD2385G1-I');
    expect(readableText('vendor=%E6%B5%B7%E5%BA%B7%E5%A8%81%E8%A7%86')).toBe('vendor=海康威视');
    for (const text of ['100%', '50%zz', 'a%E6%B5b', 'a%00b', 'a%0Ab']) expect(readableText(text)).toBe(text);
  });

  it('decodes in one pass: an escaped escape stays an escape, never the character', () => {
    expect(readableText('%26%2345%3B')).toBe('&#45;');
    expect(readableText('&amp;#45;')).toBe('&#45;');
    expect(readableText('\\\\u002d')).toBe('\\\\u002d');
    expect(readableText('&#92;x2d')).toBe('\\x2d');
  });

  it('keeps as written what names a control, a lone surrogate, no code point or an unknown name', () => {
    for (const text of ['a&#27;b', 'a\\x1bb', 'a\\u0000b', 'a\\ud800b', 'a&#x110000;b', 'a&bogus;b', 'a\\x4', 'a\\u12', 'a\\q']) {
      expect(readableText(text)).toBe(text);
    }
  });

  it('maps every span of the decoded text back to the text as sent', () => {
    const sent = 'Model: DS&#45;2CD2143G0\\x2dI, vendor \\u6d77\\u5eb7.';
    const { text, rawAt } = readableWithOffsets(sent);
    expect(text).toBe(readableText(sent));
    const model = text.indexOf('DS-2CD2143G0-I');
    expect(sent.slice(rawAt(model), rawAt(model + 'DS-2CD2143G0-I'.length))).toBe('DS&#45;2CD2143G0\\x2dI');
    const vendor = text.indexOf('海康');
    expect(sent.slice(rawAt(vendor), rawAt(vendor + 2))).toBe('\\u6d77\\u5eb7');
    expect(rawAt(text.length)).toBe(sent.length);
    expect(readableWithOffsets('plain').rawAt(3)).toBe(3);
  });
});

describe('identification reads escaped text as the plain text', () => {
  for (const [kind, plain, escaped] of [
    ['http.title', 'DS-7608NI-K2', 'DS&#45;7608NI&#45;K2'],
    ['http.title', 'IPC-HFW2431S-S-S2', 'IPC&#x2d;HFW2431S&#x2d;S&#x2d;S2'],
    ['http.body', '<p>Model: DS-2CD2143G0-I</p>', '<p>Model: DS&#45;2CD2143G0&#45;I</p>'],
    ['http.body', 'var model = "DS-2CD2143G0-I";', 'var model = "DS\\x2d2CD2143G0\\x2dI";'],
    ['http.body', '{"model":"DS-2CD2143G0-I"}', '{"model":"DS\\u002d2CD2143G0\\u002dI"}'],
    ['http.body', '<p>Copyright © Hangzhou Hikvision Digital Technology Co., Ltd.</p>', '<p>Copyright &#169; Hangzhou&nbsp;Hikvision&nbsp;Digital&nbsp;Technology Co., Ltd.</p>'],
    ['http.body', '{"vendor":"海康威视"}', '{"vendor":"\\u6d77\\u5eb7\\u5a01\\u89c6"}'],
    ['http.body', 'title: "ZXHN F670L"', 'title: "ZXHN\\x20F670L"'],
    ['onvif.scope', 'onvif://www.onvif.org/hardware/DS-2CD2385G1-I', 'onvif://www.onvif.org/hardware/DS%2D2CD2385G1%2DI'],
    ['http.body', '<a href="/login?dev=ZXHN F670L">', '<a href="/login?dev=ZXHN%20F670L">'],
  ] as const) {
    it(`${kind} ${JSON.stringify(escaped)} reads as ${JSON.stringify(plain)}`, () => {
      const seen = verdict(kind, plain);
      expect(seen.status).not.toBe('clear');
      expect(verdict(kind, escaped)).toEqual(seen);
    });
  }

  it('an escaped name that names nobody covered stays clear, and an escaped backslash hides nothing', () => {
    expect(verdict('http.body', '{"vendor":"TP\\u002dLink","model":"Archer\\x20C7"}').status).toBe('clear');
    expect(verdict('http.title', 'Synology&nbsp;DiskStation').status).toBe('clear');
    expect(verdict('http.body', 'path = "C:\\\\u002dHikvision"').status).not.toBe('covered');
  });
});

describe('long pages: a model number written with escapes beyond the first 2 KB is kept', () => {
  it('keeps an excerpt around it, and the verdict reads the model from that excerpt', () => {
    const filler = '<div class="row">setting</div>\n'.repeat(400);
    const body = Buffer.from(`<html><body>${filler}<script>var devModel = "DS\\x2d7608NI\\x2dK2";</script>${filler}</body></html>`);
    const { excerpts } = pageText(body, evidenceMarkers);
    expect(excerpts.some((e) => e.includes('DS\\x2d7608NI\\x2dK2'))).toBe(true);
    const v = identify(excerpts.map((value) => ({ ip: '192.0.2.7', kind: 'http.body' as const, value, source: 'test', at })));
    expect(v.covered).toBe('hikvision');
    expect(v.model).toBe('DS-7608NI-K2');
  });
});
