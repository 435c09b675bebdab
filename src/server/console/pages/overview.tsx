/** The fleet at a glance: open covered devices by site and entity, the review queue, trend, health. */
import type { FleetOverview } from '../../queries/overview.js';
import { entityName } from '../../../report/describe.js';
import type { Session } from '../sessions.js';
import { BASE, Layout, T, When } from './layout.js';

const q = (params: Record<string, string>) => `${BASE}/devices?${new URLSearchParams(params).toString()}`;

export function OverviewPage(props: { session: Session; data: FleetOverview }) {
  const { data } = props;
  const openCovered = data.sites.reduce((n, s) => n + s.openCovered, 0);
  const devices = data.sites.reduce((n, s) => n + s.devices, 0);
  return (
    <Layout title="Overview" section="overview" session={props.session}>
      <h1>Overview</h1>
      <div class="cards">
        <div class="card"><div class="n status-covered">{openCovered}</div><a href={q({ status: 'covered', triage: 'open' })}>open covered devices</a></div>
        <div class="card"><div class="n status-review">{data.reviewQueue}</div><a href={q({ status: 'review', triage: 'open' })}>to review</a></div>
        <div class="card"><div class="n">{devices}</div><a href={`${BASE}/devices`}>devices</a></div>
        <div class="card"><div class="n">{data.sites.length}</div><a href={`${BASE}/sites`}>sites</a>{data.stale.length > 0 && <>, <strong>{data.stale.length} stale</strong></>}</div>
      </div>

      <h2>Open covered devices by site and entity</h2>
      {data.openCovered.length === 0 ? <p>None: every covered device has a decision, or none was found.</p> : (
        <table>
          <thead><tr><th scope="col">Site</th><th scope="col">Entity</th><th scope="col" class="num">Open</th></tr></thead>
          <tbody>
            {data.openCovered.map((r) => (
              <tr>
                <td><T v={r.site} /></td>
                <td>{entityName(r.entity) ?? 'unknown'}</td>
                <td class="num"><a href={q({ site: r.site, status: 'covered', triage: 'open', ...(r.entity === null ? {} : { covered: r.entity }) })}>{r.count}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Sites</h2>
      <table>
        <thead><tr><th scope="col">Site</th><th scope="col" class="num">Devices</th><th scope="col" class="num">Covered</th><th scope="col" class="num">Open covered</th><th scope="col" class="num">To review</th><th scope="col">Flagged in the last scans (oldest first)</th><th scope="col">Last sync</th><th scope="col">Last complete scan</th><th scope="col">Health</th></tr></thead>
        <tbody>
          {data.sites.map((s) => (
            <tr>
              <td><a href={q({ site: s.site })}><T v={s.site} /></a></td>
              <td class="num">{s.devices}</td>
              <td class="num">{s.covered}</td>
              <td class="num">{s.openCovered}</td>
              <td class="num">{s.review}</td>
              <td class="mono">{s.trend.length === 0 ? <span class="muted">no scan yet</span> : s.trend.map((t) => (t.status === 'complete' ? String(t.flagged) : `${t.flagged}*`)).join(' → ')}</td>
              <td><When at={s.health.lastSyncAt} /></td>
              <td><When at={s.health.lastCompleteScanAt} /></td>
              <td>{s.health.stale ? <strong class="status-covered">stale</strong> : 'ok'}{s.health.failedPushes > 0 && <>, {s.health.failedPushes} failed pushes</>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">* an interrupted or running scan.</p>
    </Layout>
  );
}
