import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { safeDecodeUri } from '../util/percent-decode.js';
import type { Target } from './targets.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export const SIGNATURE_HEADER = 'X-Lanaudit-Signature';

/** "sha256=<hex>": HMAC-SHA256 of the exact body bytes, as receivers recompute it. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface SendOptions {
  /** The syslog command (util-linux `logger`); tests put a stand-in here. */
  readonly loggerCommand?: string;
}

/** One delivery attempt. Resolves when the target took the alert; rejects with a reason otherwise. */
export function send(target: Target, body: string, summary: string, alertId: number | string, options: SendOptions = {}): Promise<void> {
  return target.kind === 'webhook' ? postWebhook(target, body, alertId) : writeSyslog(target.tag, summary, options.loggerCommand ?? 'logger');
}

async function postWebhook(target: Extract<Target, { kind: 'webhook' }>, body: string, alertId: number | string): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `lanaudit/${version}`,
    // Receivers may deduplicate on it: a retried alert keeps its id.
    'x-lanaudit-alert': String(alertId),
  };
  // fetch refuses URLs with credentials: they become a Basic header, unless a bearer token is set.
  const url = new URL(target.url);
  if (url.username !== '' || url.password !== '') {
    const basic = Buffer.from(`${safeDecodeUri(url.username)}:${safeDecodeUri(url.password)}`).toString('base64');
    if (target.token === null) headers.authorization = `Basic ${basic}`;
    url.username = '';
    url.password = '';
  }
  if (target.token !== null) headers.authorization = `Bearer ${target.token}`;
  if (target.hmacSecret !== null) headers[SIGNATURE_HEADER.toLowerCase()] = signature(body, target.hmacSecret);
  // No redirects: following one would hand the credentials and the alert to another address.
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(target.timeoutMs) });
  // The answer is not read: a hostile or broken receiver cannot make lanaudit buffer it.
  await response.body?.cancel().catch(() => undefined);
  if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status}`);
}

const SYSLOG_TIMEOUT_MS = 10_000;

/** The longest one delivery to this target takes before it gives up. */
export function deliveryTimeoutMs(target: Target): number {
  return target.kind === 'webhook' ? target.timeoutMs : SYSLOG_TIMEOUT_MS;
}

/** util-linux logger: writes to journald or /dev/log whichever the host has, with no daemon protocol of our own. */
function writeSyslog(tag: string, line: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, ['-t', tag, '-p', 'user.warning', '--', line], { timeout: SYSLOG_TIMEOUT_MS }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`${command} failed: ${(stderr || err.message).trim().slice(0, 200)}`));
      else resolve();
    });
  });
}
