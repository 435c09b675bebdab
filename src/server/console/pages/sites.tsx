/** Sites: sync health and agents for everyone; enrollment and token rotation/revocation for admins. */
import type { SiteHealth } from '../../queries/site-health.js';
import type { SiteSummary } from '../../store/sites.js';
import type { ReadTokenSummary } from '../../auth/read-tokens.js';
import type { Session } from '../sessions.js';
import { allows } from '../users.js';
import { BASE, Csrf, Layout, Notice, PostButton, T, When } from './layout.js';

/** A token just made: shown in this one response and never again. */
export interface NewToken {
  readonly what: string;
  readonly token: string;
}

function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

export function SitesPage(props: { session: Session; health: readonly SiteHealth[]; sites: readonly SiteSummary[]; readTokens: readonly ReadTokenSummary[]; created?: NewToken; error?: string; done?: string }) {
  const admin = allows(props.session.role, 'admin');
  const tokens = new Map(props.sites.map((s) => [s.name, s.tokens]));
  const csrf = props.session.csrf;
  return (
    <Layout title="Sites" section="sites" session={props.session}>
      <h1>Sites</h1>
      {props.created !== undefined && (
        <div class="notice" role="status">
          <p>The token for <T v={props.created.what} /> — copy it now, it is shown only this once:</p>
          <p class="secret" id="new-token">{props.created.token}</p>
        </div>
      )}
      {props.done !== undefined && <Notice>{props.done}</Notice>}
      {props.error !== undefined && <Notice kind="error">{props.error}</Notice>}
      <table>
        <thead><tr><th scope="col">Site</th><th scope="col">Agent</th><th scope="col">Last sync</th><th scope="col">Last complete scan</th><th scope="col">Lag</th><th scope="col">Schedule</th><th scope="col">Health</th><th scope="col">Last error</th><th scope="col" class="num">Tokens</th>{admin && <th scope="col">Tokens</th>}</tr></thead>
        <tbody>
          {props.health.map((h) => (
            <tr>
              <td><a href={`${BASE}/devices?site=${encodeURIComponent(h.site)}`}><T v={h.site} /></a></td>
              <td><T v={h.agentVersion} /> <span class="muted"><T v={h.agentHostname} /></span></td>
              <td><When at={h.lastSyncAt} /></td>
              <td><When at={h.lastCompleteScanAt} /></td>
              <td>{duration(h.lagSeconds)}</td>
              <td>{h.scheduleSeconds === null ? '—' : `every ${duration(h.scheduleSeconds)}`}</td>
              <td>{h.stale ? <strong class="status-covered">stale ({duration(h.silentSeconds)} silent)</strong> : 'ok'}{h.failedPushes > 0 && <>, {h.failedPushes} failed pushes</>}</td>
              <td>{h.lastError === null ? '—' : <><T v={h.lastError} max={200} /> <When at={h.lastErrorAt} /></>}</td>
              <td class="num">{tokens.get(h.site) ?? 0}</td>
              {admin && (
                <td>
                  <PostButton action={`${BASE}/sites/${encodeURIComponent(h.site)}/rotate`} csrf={csrf} label="Rotate token" />{' '}
                  <PostButton action={`${BASE}/sites/${encodeURIComponent(h.site)}/revoke`} csrf={csrf} label="Revoke tokens" />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {admin && (
        <>
          <h2>Enroll a site</h2>
          <form class="filters" method="post" action={`${BASE}/sites`}>
            <Csrf token={csrf} />
            <label>Site name<input name="name" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,127}" /></label>
            <button type="submit">Add site</button>
          </form>
          <h2>Read tokens (scripts and fleet queries)</h2>
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col"></th></tr></thead>
            <tbody>
              {props.readTokens.map((t) => (
                <tr>
                  <td><T v={t.name} /></td><td><When at={t.createdAt} /></td><td><When at={t.lastUsedAt} /></td>
                  <td>{t.revokedAt === null ? 'active' : <>revoked <When at={t.revokedAt} /></>}</td>
                  <td>{t.revokedAt === null && <PostButton action={`${BASE}/read-tokens/revoke`} csrf={csrf} label="Revoke" fields={{ name: t.name }} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form class="filters" method="post" action={`${BASE}/read-tokens`}>
            <Csrf token={csrf} />
            <label>Token name<input name="name" required pattern="[A-Za-z0-9][A-Za-z0-9._@\-]{0,63}" /></label>
            <button type="submit">Add read token</button>
          </form>
        </>
      )}
    </Layout>
  );
}
