/** The devices page: server-side filters, sort and keyset "next" links over the whole fleet. */
import type { FleetDevice } from '../../queries/devices.js';
import { locationCell, makerLabel, TRIAGE_LABEL } from '../../../report/describe.js';
import { BASE, Layout, Notice, StatusText, T, When } from './layout.js';
import type { Session } from '../sessions.js';

export const DEVICE_FILTER_FIELDS = ['site', 'status', 'covered', 'maker', 'name', 'addr', 'triage', 'since', 'sort'] as const;
export type DeviceQuery = Partial<Record<(typeof DEVICE_FILTER_FIELDS)[number], string>>;

const STATUSES = [['covered', 'Covered'], ['review', 'Review'], ['clear', 'Clear'], ['unidentified', 'Not identified']] as const;
const ENTITIES = [['huawei', 'Huawei'], ['zte', 'ZTE'], ['hytera', 'Hytera'], ['hikvision', 'Hikvision'], ['dahua', 'Dahua']] as const;
const SORTS = [['last_seen', 'Last seen'], ['status', 'Flagged first'], ['ip', 'Address'], ['site', 'Site']] as const;

export const devicePath = (site: string, id: number) => `${BASE}/devices/${encodeURIComponent(site)}/${id}`;

function Select(props: { name: string; label: string; value: string | undefined; options: readonly (readonly [string, string])[]; any?: string }) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.any !== undefined && <option value="">{props.any}</option>}
        {props.options.map(([v, text]) => <option value={v} selected={props.value === v}>{text}</option>)}
      </select>
    </label>
  );
}

export function DevicesPage(props: { session: Session; query: DeviceQuery; sites: readonly string[]; devices: readonly FleetDevice[]; next: string | null; error?: string }) {
  const q = props.query;
  const nextHref = props.next === null ? null : `${BASE}/devices?${new URLSearchParams({ ...definedOnly(q), cursor: props.next }).toString()}`;
  return (
    <Layout title="Devices" section="devices" session={props.session}>
      <h1>Devices</h1>
      <form class="filters" method="get" action={`${BASE}/devices`} role="search">
        <Select name="site" label="Site" value={q.site} any="All sites" options={props.sites.map((s) => [s, s] as const)} />
        <Select name="status" label="Status" value={q.status} any="Any" options={STATUSES} />
        <Select name="covered" label="Covered entity" value={q.covered} any="Any" options={ENTITIES} />
        <label>Maker<input name="maker" value={q.maker ?? ''} size={12} /></label>
        <label>Name<input name="name" value={q.name ?? ''} size={12} /></label>
        <label>IP, CIDR or MAC<input name="addr" value={q.addr ?? ''} size={17} /></label>
        <Select name="triage" label="Triage" value={q.triage} any="Any" options={Object.entries(TRIAGE_LABEL)} />
        <label>Seen since<input name="since" type="date" value={q.since ?? ''} /></label>
        <Select name="sort" label="Sort" value={q.sort} options={SORTS} />
        <button type="submit">Filter</button>
        <a href={`${BASE}/devices`}>Clear</a>
      </form>
      {props.error !== undefined && <Notice kind="error">{props.error}</Notice>}
      <table>
        <caption class="muted">{props.devices.length === 0 ? 'No device matches.' : `${props.devices.length} devices on this page`}</caption>
        <thead>
          <tr><th scope="col">Site</th><th scope="col">Address</th><th scope="col">MAC</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Maker</th><th scope="col">Model</th><th scope="col">Location</th><th scope="col">Triage</th><th scope="col">Last seen</th></tr>
        </thead>
        <tbody>
          {props.devices.map((d) => (
            <tr>
              <td><T v={d.site} /></td>
              <td class="nowrap"><a href={devicePath(d.site, d.id)}><T v={d.ip} /></a></td>
              <td class="mono nowrap"><T v={d.mac} /></td>
              <td><T v={d.name} max={120} /></td>
              <td class="nowrap"><StatusText status={d.status === 'unidentified' ? null : d.status} />{d.covered !== null && <> <T v={`(${d.covered})`} /></>}</td>
              <td><T v={d.manufacturerName ?? d.manufacturer ?? d.brand ? makerLabel(d) : null} max={120} /></td>
              <td><T v={d.model} max={120} /></td>
              <td><T v={locationCell(d)} max={120} /></td>
              <td class="nowrap">{TRIAGE_LABEL[d.triage.status]}{d.triage.until !== null && d.triage.status === 'waiver' && <> until <When at={d.triage.until} /></>}</td>
              <td class="nowrap"><When at={d.lastSeen} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages">
        <a href={`${BASE}/devices?${new URLSearchParams(definedOnly(q)).toString()}`}>First page</a>
        {nextHref !== null && <a href={nextHref} rel="next">Next page</a>}
      </nav>
    </Layout>
  );
}

function definedOnly(q: DeviceQuery): Record<string, string> {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ''));
}
