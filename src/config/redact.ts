import { safeDecodeUri } from '../util/percent-decode.js';
import type { Config } from './schema.js';

export const REDACTED = '***';

/**
 * Every secret value in the configuration: SNMP communities and v3 keys (probes and infrastructure), webhook tokens and HMAC secrets, and
 * the credentials, path and query of webhook URLs (many services put the secret in the URL path), the fleet site token.
 */
export function configSecrets(config: Config): string[] {
  const { snmp } = config.probes;
  const infra = config.infrastructure.devices.flatMap((d) => [d.community, d.v3?.authKey, d.v3?.privKey].filter((s): s is string => s !== undefined));
  const server = config.server?.pg !== undefined ? pgUrlSecrets(config.server.pg) : [];
  const fleet = config.fleet?.token !== undefined ? [config.fleet.token] : [];
  const secrets = [...snmp.communities, ...snmp.bySubnet.flatMap((s) => s.communities), ...infra, ...config.alerts.webhooks.flatMap(webhookSecrets), ...server, ...fleet];
  // Longest first, so a secret containing another is replaced whole.
  return [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** A webhook's secrets: its token, its HMAC secret, and its URL's credentials, path and query (also percent-decoded). */
export function webhookSecrets(hook: { readonly url: string; readonly token?: string | null | undefined; readonly hmacSecret?: string | null | undefined }): string[] {
  const url = new URL(hook.url);
  const parts = [hook.token, hook.hmacSecret, url.username, url.password, safeDecodeUri(url.password), url.pathname, safeDecodeUri(url.pathname), url.search.slice(1)];
  return parts.filter((p): p is string => p !== undefined && p !== null && p !== '' && p !== '/');
}

/** A PostgreSQL URL's password (user info or ?password=), as written and percent-decoded. */
export function pgUrlSecrets(url: string): string[] {
  const parsed = parseUrl(url);
  const passwords = [parsed?.password ?? '', parsed?.searchParams.get('password') ?? ''].filter((p) => p !== '');
  return [...new Set(passwords.flatMap((p) => [p, safeDecodeUri(p), encodeURIComponent(p)]))];
}

/** "postgres://lanaudit:***@db.example/lanaudit": where the database is, not how to log in. */
export function redactPgUrl(url: string): string {
  const parsed = parseUrl(url);
  if (parsed === null) return REDACTED;
  if (parsed.password !== '') parsed.password = REDACTED;
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', REDACTED);
  return parsed.toString();
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** "https://hooks.example.com/***": the host says where alerts go; the rest may be a credential. */
export function redactUrl(text: string): string {
  const url = new URL(text);
  const rest = url.pathname !== '/' || url.search !== '' || url.username !== '' ? `/${REDACTED}` : '/';
  return `${url.protocol}//${url.host}${rest}`;
}

/** A copy fit to print: every secret replaced by "***". */
export function redactConfig(config: Config): Config {
  return {
    ...config,
    probes: {
      ...config.probes,
      snmp: {
        communities: config.probes.snmp.communities.map(() => REDACTED),
        bySubnet: config.probes.snmp.bySubnet.map((s) => ({ cidr: s.cidr, communities: s.communities.map(() => REDACTED) })),
      },
    },
    infrastructure: {
      ...config.infrastructure,
      devices: config.infrastructure.devices.map((d) => ({
        ...d,
        ...(d.community !== undefined ? { community: REDACTED } : {}),
        ...(d.v3 !== undefined ? { v3: { ...d.v3, authKey: REDACTED, privKey: REDACTED } } : {}),
      })),
    },
    alerts: {
      ...config.alerts,
      webhooks: config.alerts.webhooks.map((hook) => ({
        ...hook,
        url: redactUrl(hook.url),
        ...(hook.token !== undefined ? { token: REDACTED } : {}),
        ...(hook.hmacSecret !== undefined ? { hmacSecret: REDACTED } : {}),
      })),
    },
    ...(config.fleet?.token !== undefined ? { fleet: { ...config.fleet, token: REDACTED } } : {}),
    ...(config.server !== undefined ? { server: { ...config.server, ...(config.server.pg !== undefined ? { pg: redactPgUrl(config.server.pg) } : {}) } } : {}),
  };
}

/** Replaces every occurrence of a secret in a text; for log lines, and error messages built from the outside world (alert deliveries). */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  // The default community "public" is no secret, and scrubbing a common word would mangle every line.
  const scrub = secrets.filter((s) => s.length >= 4 && s !== 'public');
  if (scrub.length === 0) return (text) => text;
  // Also as it appears inside a JSON string (a log line), where " and \ are escaped.
  const forms = [...new Set(scrub.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))].sort((a, b) => b.length - a.length);
  return (text) => forms.reduce((out, secret) => out.split(secret).join(REDACTED), text);
}
