import { z } from 'zod';

/**
 * The `fleet:` section: this site's agent pushes its inventory to a fleet server (`lanaudit
 * server`, src/sync). Absent: the site stands alone.
 */

const path = z.string().trim().min(1);

/** Plain HTTP would carry the site token in clear: only to this machine. */
function loopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

export const fleetSection = z
  .strictObject({
    /** The server's base URL, e.g. https://fleet.example:8443 */
    url: z.url({ protocol: /^https?$/, error: 'expected an https:// URL (http:// only on loopback)' }),
    /** The site's name as enrolled (lanaudit server site add NAME); the token must be this site's. */
    site: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'expected the site name as enrolled: letters, digits, . _ - (up to 128)'),
    /** The site token printed at enrollment (a secret); or tokenFile, a file holding it. */
    token: z.string().trim().min(16, 'expected the token printed by lanaudit server site add').optional(),
    tokenFile: path.optional(),
    /** PEM CA certificate(s) the server's certificate must chain to; absent: the system's CAs. */
    caFile: path.optional(),
    /** central: the fleet server sends this site's alerts (one per device and state across the fleet); local: this agent does. */
    alerts: z.enum(['central', 'local']).default('local'),
  })
  .superRefine((f, ctx) => {
    if ((f.token === undefined) === (f.tokenFile === undefined)) ctx.addIssue({ code: 'custom', message: 'expected either token or tokenFile', path: ['token'] });
    const url = URL.canParse(f.url) ? new URL(f.url) : null;
    if (url !== null && url.protocol === 'http:' && !loopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', message: 'plain http would carry the site token in clear: use https:// (http:// only on loopback)', path: ['url'] });
    }
  });

export type FleetConfig = z.output<typeof fleetSection>;
