/** The frame of every console page, and the small pieces pages share. */
import type { Child } from 'hono/jsx';
import { plainText } from '../../../util/safe-text.js';
import type { Session } from '../sessions.js';
import { allows } from '../users.js';
import { CSRF_FIELD } from '../guard.js';

export const BASE = '/console';
export const CSS_HREF = `${BASE}/static/console.css`;

const NAV = [
  ['overview', BASE, 'Overview'],
  ['devices', `${BASE}/devices`, 'Devices'],
  ['changes', `${BASE}/changes`, 'Changes'],
  ['sites', `${BASE}/sites`, 'Sites'],
  ['reports', `${BASE}/reports`, 'Reports'],
] as const;

export type Section = (typeof NAV)[number][0] | 'audit' | 'users';

export function Layout(props: { title: string; section: Section | null; session: Session | null; children?: Child }) {
  const { session } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title} · lanaudit</title>
        <link rel="stylesheet" href={CSS_HREF} />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        {session !== null && (
          <header class="top">
            <span class="brand">lanaudit</span>
            <nav aria-label="Console">
              <ul>
                {NAV.map(([key, href, label]) => (
                  <li><a href={href} aria-current={props.section === key ? 'page' : undefined}>{label}</a></li>
                ))}
                {allows(session.role, 'admin') && <li><a href={`${BASE}/audit`} aria-current={props.section === 'audit' ? 'page' : undefined}>Audit log</a></li>}
              </ul>
            </nav>
            <div class="who">
              <span>{session.name} <span class="muted">({session.role})</span></span>
              <PostButton action={`${BASE}/logout`} csrf={session.csrf} label="Log out" />
              <PostButton action={`${BASE}/logout-everywhere`} csrf={session.csrf} label="Log out everywhere" />
            </div>
          </header>
        )}
        <main id="main" tabindex={-1}>{props.children}</main>
      </body>
    </html>
  );
}

export const Csrf = (props: { token: string }) => <input type="hidden" name={CSRF_FIELD} value={props.token} />;

export function PostButton(props: { action: string; csrf: string; label: string; fields?: Record<string, string>; link?: boolean }) {
  return (
    <form class="inline" method="post" action={props.action}>
      <Csrf token={props.csrf} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
      <button type="submit" class={props.link === true ? 'link' : undefined}>{props.label}</button>
    </form>
  );
}

/**
 * Text a device sent (or anything derived from it): JSX escapes it; control and bidi characters are
 * replaced so they cannot reorder or hide what is shown, and <bdi> isolates right-to-left letters.
 */
export function T(props: { v: string | null | undefined; max?: number }) {
  if (props.v === null || props.v === undefined || props.v === '') return <span class="muted">—</span>;
  return <bdi>{plainText(props.v, props.max ?? 300)}</bdi>;
}

export function StatusText(props: { status: string | null }) {
  if (props.status === null) return <span class="muted">not identified</span>;
  return <span class={`status-${props.status}`}>{props.status}</span>;
}

/** A time in UTC, minute precision (full ISO in the title for the curious). */
export function When(props: { at: Date | string | null | undefined }) {
  if (props.at === null || props.at === undefined) return <span class="muted">—</span>;
  const d = props.at instanceof Date ? props.at : new Date(props.at);
  if (Number.isNaN(d.getTime())) return <span class="muted">—</span>;
  const iso = d.toISOString();
  return <time class="nowrap" datetime={iso} title={iso}>{iso.slice(0, 16).replace("T", " ")}</time>;
}

export function Notice(props: { kind?: 'error'; children?: Child }) {
  return <p class={props.kind === 'error' ? 'notice error' : 'notice'} role={props.kind === 'error' ? 'alert' : 'status'}>{props.children}</p>;
}
