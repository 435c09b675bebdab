import { createHash } from 'node:crypto';
import { redactUrl, webhookSecrets } from '../config/redact.js';

/** The configuration's alert section, as part A validates it (optional keys may be present as undefined). */
export interface AlertTargets {
  readonly webhooks: readonly WebhookConfig[];
  readonly syslog?: { readonly enabled: boolean; readonly tag?: string | undefined } | undefined;
  /** Days of past alerts a target added later still receives (raise.ts queueCatchUp); absent: DEFAULT_CATCH_UP_DAYS (config/schema.ts). */
  readonly catchUpDays?: number | undefined;
}

export interface WebhookConfig {
  readonly url: string;
  readonly token?: string | undefined;
  readonly hmacSecret?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

export type Target =
  | {
      readonly kind: 'webhook';
      /** Stable, printable, secret-free: "webhook https://hooks.example.com/*** #1". */
      readonly name: string;
      readonly url: string;
      readonly token: string | null;
      readonly hmacSecret: string | null;
      readonly timeoutMs: number;
    }
  | { readonly kind: 'syslog'; readonly name: string; readonly tag: string };

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;
export const DEFAULT_SYSLOG_TAG = 'lanaudit';

/**
 * The targets to deliver to. A target's name keys its deliveries in the inventory, so it must stay
 * the same across runs and never hold a secret, nor anything computed from one: the URL's host
 * (path and query may be credentials) and the hook's place among those on that host, "#1" first.
 */
export function alertTargets(config: AlertTargets | undefined): Target[] {
  if (config === undefined) return [];
  const perHost = new Map<string, number>();
  const targets: Target[] = config.webhooks.map((hook) => {
    const host = new URL(hook.url).host;
    const n = (perHost.get(host) ?? 0) + 1;
    perHost.set(host, n);
    return {
      kind: 'webhook',
      name: `webhook ${redactUrl(hook.url)} #${n}`,
      url: hook.url,
      token: hook.token ?? null,
      hmacSecret: hook.hmacSecret ?? null,
      timeoutMs: hook.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    };
  });
  if (config.syslog?.enabled) {
    const tag = config.syslog.tag ?? DEFAULT_SYSLOG_TAG;
    targets.push({ kind: 'syslog', name: `syslog ${tag}`, tag });
  }
  return targets;
}

/** Earlier releases named a webhook with 8 hex digits of SHA-256 of its whole URL, credentials included. */
const FORMER_NAME = / #[0-9a-f]{8}$/;

/**
 * [former name, name] of each configured webhook: its deliveries recorded under the hash-named
 * target are renamed (AlertStore.renameTargets) so that nothing is sent twice or lost.
 */
export function formerTargetNames(targets: readonly Target[]): [string, string][] {
  return targets.flatMap((t): [string, string][] =>
    t.kind === 'webhook' ? [[`webhook ${redactUrl(t.url)} #${createHash('sha256').update(t.url).digest('hex').slice(0, 8)}`, t.name]] : [],
  );
}

/** A target name to show: a former hash-named target that is no longer configured loses its hash. */
export function shownTargetName(name: string): string {
  return name.replace(FORMER_NAME, ' (former target)');
}

/** Every secret a target holds, for scrubbing error text before it is logged or stored. */
export function targetSecrets(target: Target): string[] {
  return target.kind === 'syslog' ? [] : webhookSecrets(target);
}
