/** The fleet's change timeline, newest first. */
import type { FleetEvent } from '../../queries/changes.js';
import type { Session } from '../sessions.js';
import { BASE, Layout, Notice, T, When } from './layout.js';
import { devicePath } from './devices.js';

export type ChangesQuery = { site?: string; type?: string; since?: string };

export function ChangesPage(props: { session: Session; query: ChangesQuery; sites: readonly string[]; events: readonly FleetEvent[]; next: string | null; error?: string }) {
  const q = props.query;
  const params = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
  return (
    <Layout title="Changes" section="changes" session={props.session}>
      <h1>Changes</h1>
      <form class="filters" method="get" action={`${BASE}/changes`} role="search">
        <label>Site<select name="site"><option value="">All sites</option>{props.sites.map((s) => <option value={s} selected={q.site === s}>{s}</option>)}</select></label>
        <label>Change<select name="type"><option value="">Any</option>{['new', 'gone', 'changed', 'reappeared'].map((t) => <option value={t} selected={q.type === t}>{t}</option>)}</select></label>
        <label>Since<input type="date" name="since" value={q.since ?? ''} /></label>
        <button type="submit">Filter</button>
      </form>
      {props.error !== undefined && <Notice kind="error">{props.error}</Notice>}
      <table>
        <thead><tr><th scope="col">When</th><th scope="col">Site</th><th scope="col">Device</th><th scope="col">Change</th><th scope="col">Field</th><th scope="col">Was</th><th scope="col">Now</th></tr></thead>
        <tbody>
          {props.events.map((e) => (
            <tr>
              <td><When at={e.at} /></td>
              <td><T v={e.site} /></td>
              <td><a href={devicePath(e.site, e.deviceId)}><T v={e.ip} /></a> <span class="mono muted"><T v={e.mac} /></span></td>
              <td>{e.type}</td>
              <td><T v={e.field} /></td>
              <td><T v={e.old} /></td>
              <td><T v={e.new} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.events.length === 0 && <p class="muted">No change recorded.</p>}
      <nav class="pager" aria-label="Pages">
        <a href={`${BASE}/changes?${new URLSearchParams(params).toString()}`}>First page</a>
        {props.next !== null && <a rel="next" href={`${BASE}/changes?${new URLSearchParams({ ...params, cursor: props.next }).toString()}`}>Next page</a>}
      </nav>
    </Layout>
  );
}
