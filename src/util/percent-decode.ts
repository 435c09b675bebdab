/**
 * decodeURIComponent that keeps the text as it is when it is not valid percent-encoding: a valid
 * URL may hold "%E0%A4%A", and a device may send any label. Never throws.
 */
export function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
