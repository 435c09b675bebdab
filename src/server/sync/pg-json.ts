/** NUL, or a UTF-16 surrogate without its pair. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * JSON text for a jsonb parameter. PostgreSQL text holds neither NUL nor a lone UTF-16 surrogate
 * (both valid in a JSON string a device's text can reach), and one such character would fail the
 * whole batch on every retry: each becomes U+FFFD, the same way every time.
 */
export function pgJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replace(UNSTORABLE, '\uFFFD') : v));
}
