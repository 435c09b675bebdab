/** The key registrant names are compared by: case-folded, whitespace collapsed, trimmed. Never a substring. */
export function normalizeRegistrant(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
