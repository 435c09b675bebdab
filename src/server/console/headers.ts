/** Security headers for every console response: nothing inline, nothing remote, never framed. */
import type { MiddlewareHandler } from 'hono';

export const CONSOLE_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CONSOLE_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  // Pages carry fleet data: never kept by the browser or a proxy. Static assets set their own.
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};
