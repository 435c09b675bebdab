/**
 * Character references (`&#70;`, `&#x46;`, and named ones a caller lists) as the characters they
 * name, in one pass so that `&amp;#70;` yields `&#70;`, never `F`. Each caller says which code
 * points it takes (device text: printable only) and whether a reference must end in `;` (HTML and
 * XML: yes; an answer a device half-escaped: no); anything else stays as written. Never throws.
 */
export interface ReferenceOptions {
  /** Code points to decode; a reference naming any other stays as written. */
  readonly keep: (code: number) => boolean;
  /** Named references to decode (`lt` → `<`), with the semicolon always required. */
  readonly named?: Readonly<Record<string, string>>;
  /** A numeric reference without its `;` is decoded too. */
  readonly semicolonOptional?: boolean;
}

/** A reference, with groups hex, decimal, semicolon ('' when missing) and name, in that order: readers that decode more escapes in the same pass build on it. */
export const REFERENCE_PATTERN = String.raw`&(?:#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}))(;?)|([a-z]{2,8});)`;

const REFERENCE = new RegExp(REFERENCE_PATTERN, 'g');

/** The parts of one matched reference: `&#xHEX;`, `&#DECIMAL;` (`semicolon` '' when it had none) or `&NAME;`. */
export interface ReferenceParts {
  readonly hex?: string | undefined;
  readonly decimal?: string | undefined;
  readonly semicolon?: string | undefined;
  readonly name?: string | undefined;
}

/** The character one matched reference names, or the reference as written (`whole`) when the options refuse it. */
export function decodeReference(whole: string, parts: ReferenceParts, options: ReferenceOptions): string {
  if (parts.name !== undefined) return options.named?.[parts.name] ?? whole;
  if (parts.semicolon === '' && options.semicolonOptional !== true) return whole;
  const code = parts.hex !== undefined ? Number.parseInt(parts.hex, 16) : Number(parts.decimal);
  return code <= 0x10ffff && options.keep(code) ? String.fromCodePoint(code) : whole;
}

export function decodeCharReferences(text: string, options: ReferenceOptions): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, hex: string | undefined, decimal: string | undefined, semicolon: string | undefined, name: string | undefined) =>
    decodeReference(whole, { hex, decimal, semicolon, name }, options),
  );
}

/** What a display may show: no C0/C1 control, no lone surrogate. */
export const printableCode = (code: number): boolean =>
  code >= 0x20 && !(code >= 0x7f && code <= 0x9f) && !(code >= 0xd800 && code <= 0xdfff);
