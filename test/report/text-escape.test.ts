import fc from 'fast-check';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlText, mdText } from '../../src/report/text-escape.js';
import { HOSTILE } from './fixtures.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('escapeHtml / htmlText', () => {
  it('leaves no character that can open a tag, close an attribute or start an entity', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"'`]/);
        expect(out.replace(/&(amp|lt|gt|quot|#39|#96);/g, '')).not.toContain('&');
      }),
    );
  });

  it('bounds device text and makes controls and bidi overrides inert', () => {
    expect(htmlText(HOSTILE.huge, 300).length).toBeLessThanOrEqual(300);
    expect(htmlText(HOSTILE.rtl)).not.toMatch(CONTROL);
    expect(htmlText(HOSTILE.ansi)).not.toMatch(CONTROL);
    expect(htmlText(null)).toBe('—');
  });
});

describe('mdText', () => {
  const hostile = Object.values(HOSTILE);

  it('renders as plain text in a GFM renderer: no links, images, HTML, emphasis or code', () => {
    for (const s of hostile) {
      const html = marked.parseInline(`x ${mdText(s, 20_000)} y`, { gfm: true, async: false });
      expect(html).not.toMatch(/<(a|img|script|svg|b|em|strong|code|del)\b/i);
    }
  });

  it('keeps a table cell one cell and a line one line', () => {
    const md = `| a | b |\n|---|---|\n| ${mdText(HOSTILE.mdLink)} | ${mdText(HOSTILE.mdHeading)} |\n`;
    const table = marked.lexer(md).find((t) => t.type === 'table');
    expect(table?.type === 'table' && table.rows[0]?.length).toBe(2);
    expect(mdText(HOSTILE.mdHeading)).not.toContain('\n');
  });

  it('strips every control and bidi character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(mdText(s, 1000)).not.toMatch(CONTROL);
      }),
    );
  });

  it('keeps addresses and model numbers readable', () => {
    expect(mdText('10.79.0.51')).toBe('10.79.0.51');
    expect(mdText('58:50:ed:1f:e3:85')).toBe('58:50:ed:1f:e3:85');
    expect(mdText('DS-2CD2143G2-I')).toBe('DS-2CD2143G2-I');
  });

  it('any string renders without links or images (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), (s) => {
        const html = marked.parse(`- item ${mdText(s)}\n`, { gfm: true, async: false });
        expect(html).not.toMatch(/<(a|img)\b/i);
      }),
      { numRuns: 2000 },
    );
  });
});
