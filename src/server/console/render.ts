import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';

/** A page as a whole HTML document (the JSX has escaped every text in it). */
export async function render(c: Context, page: JSX.Element, status: 200 | 400 | 403 | 404 | 429 = 200): Promise<Response> {
  return c.html(`<!DOCTYPE html>${await page.toString()}`, status);
}
