/** The audit log (admins): every decision and admin action, newest first. */
import type { AuditRow } from '../queries-audit.js';
import { safeJson } from '../../../util/safe-text.js';
import type { Session } from '../sessions.js';
import { BASE, Layout, T, When } from './layout.js';

export function AuditPage(props: { session: Session; entries: readonly AuditRow[]; next: string | null }) {
  return (
    <Layout title="Audit log" section="audit" session={props.session}>
      <h1>Audit log</h1>
      <table>
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Detail</th></tr></thead>
        <tbody>
          {props.entries.map((e) => (
            <tr><td><When at={e.at} /></td><td><T v={e.actor} /></td><td><T v={e.action} /></td><td><T v={e.target} /></td><td class="mono"><T v={e.detail === null ? null : safeJson(e.detail)} max={2000} /></td></tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages">
        <a href={`${BASE}/audit`}>Newest</a>
        {props.next !== null && <a rel="next" href={`${BASE}/audit?before=${encodeURIComponent(props.next)}`}>Older</a>}
      </nav>
    </Layout>
  );
}
