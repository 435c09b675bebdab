/**
 * One decoder of character references for the three places device or tool text carries them (an
 * HTTP title, a version in an XML answer, nmap's XML): each keeps only the code points it can show.
 */
import { describe, expect, it } from 'vitest';
import { decodeCharReferences, printableCode } from '../../src/util/char-references.js';

const printable = { keep: printableCode };

describe('decodeCharReferences', () => {
  it('decodes decimal and hex references to the characters a browser shows', () => {
    expect(decodeCharReferences('&#70;&#54;&#54;&#48;&#80;', printable)).toBe('F660P');
    expect(decodeCharReferences('&#x46;&#X36;60P', printable)).toBe('F660P');
    expect(decodeCharReferences('&#x6D77;&#x5EB7;', printable)).toBe('海康');
  });

  it('keeps a reference to a control, a lone surrogate or no code point as written', () => {
    for (const ref of ['&#27;', '&#x1b;', '&#0;', '&#x9B;', '&#xD800;', '&#x110000;', '&#9999999;']) {
      expect(decodeCharReferences(`a${ref}b`, printable)).toBe(`a${ref}b`);
    }
  });

  it('decodes once: an escaped ampersand does not start a second reference', () => {
    const xml = { keep: () => true, named: { amp: '&', lt: '<' } };
    expect(decodeCharReferences('&amp;#70;', xml)).toBe('&#70;');
    expect(decodeCharReferences('&#38;lt;', xml)).toBe('&lt;');
    expect(decodeCharReferences('&nbsp;&lt;', xml)).toBe('&nbsp;<');
  });

  it('takes a reference without its semicolon only where the caller allows it', () => {
    expect(decodeCharReferences('V1&#40H697&#41', printable)).toBe('V1&#40H697&#41');
    expect(decodeCharReferences('V1&#40H697&#41', { keep: printableCode, semicolonOptional: true })).toBe('V1(H697)');
  });

  it('reads 64 KB of near-references without slowing down (generous bound: not quadratic)', () => {
    const text = '&#1'.repeat(21_000);
    const started = performance.now();
    expect(decodeCharReferences(text, printable)).toBe(text);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
