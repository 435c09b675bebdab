/** The console over plain HTTP as a browser would use it (cookies, its own Origin on POST), for tests that need no rendering. */
import { PASSWORD } from './fixture.js';

/** A browser-like client: keeps cookies, sends the app's own Origin on POST, never follows redirects. */
export class Client {
  cookies = new Map<string, string>();
  constructor(readonly base: string, readonly address?: string) {}
  async get(path: string): Promise<Response> {
    return this.keep(await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' }));
  }
  async post(path: string, form: Record<string, string>, origin: string | null = this.base): Promise<Response> {
    const headers = { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded', ...(origin !== null && { Origin: origin }) };
    return this.keep(await fetch(this.base + path, { method: 'POST', headers, body: new URLSearchParams(form).toString(), redirect: 'manual' }));
  }
  private headers(): Record<string, string> {
    return this.cookies.size === 0 ? {} : { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }
  private keep(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [k, v] = pair!.split('=');
      if (/max-age=0/i.test(line) || v === '') this.cookies.delete(k!);
      else this.cookies.set(k!, v!);
    }
    return res;
  }
  /** The login form's token, then the login. */
  async login(name: string, password = PASSWORD): Promise<Response> {
    const page = await (await this.get('/console/login')).text();
    return this.post('/console/login', { _csrf: hidden(page, '_csrf'), name, password, next: '/console/devices' });
  }
  async csrf(): Promise<string> {
    return hidden(await (await this.get('/console/devices')).text(), '_csrf');
  }
}

export function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (m === null) throw new Error(`no ${name} field in the page`);
  return m[1]!;
}
