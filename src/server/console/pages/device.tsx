/** One device: verdict and evidence, where it is, its history, and the triage form for triagers. */
import type { FleetDeviceDetail } from '../../queries/device-detail.js';
import { locationLine, makerLabel, TRIAGE_LABEL } from '../../../report/describe.js';
import { allows } from '../users.js';
import type { Session } from '../sessions.js';
import { Csrf, Layout, Notice, StatusText, T, When } from './layout.js';
import { devicePath } from './devices.js';

export const TRIAGE_ACTIONS = [
  ['acknowledged', 'Acknowledge'],
  ['waiver', 'Waiver (needs an end date)'],
  ['false-positive', 'False positive'],
  ['removed', 'Removed'],
  ['open', 'Reopen'],
] as const;

export function DevicePage(props: { session: Session; detail: FleetDeviceDetail; error?: string; saved?: boolean }) {
  const { device: d, verdict: v } = props.detail;
  const title = `${d.ip} at ${d.site}`;
  return (
    <Layout title={title} section="devices" session={props.session}>
      <h1>Device <T v={d.ip} /> <span class="muted">at site <T v={d.site} /></span></h1>
      {props.saved === true && <Notice>Decision recorded; it reaches the site on its next sync.</Notice>}
      {props.error !== undefined && <Notice kind="error">{props.error}</Notice>}
      <dl class="facts">
        <dt>Status</dt><dd><StatusText status={d.status === 'unidentified' ? null : d.status} />{d.covered !== null && <> — covered entity <T v={d.covered} /></>}</dd>
        <dt>Maker</dt><dd><T v={d.manufacturerName ?? d.manufacturer ?? d.brand ? makerLabel(d) : null} /></dd>
        <dt>Model</dt><dd><T v={d.model} /></dd>
        <dt>Serial</dt><dd><T v={d.serial} /></dd>
        <dt>Firmware</dt><dd><T v={d.firmware} /></dd>
        <dt>Name</dt><dd><T v={d.name} /></dd>
        <dt>Location</dt><dd><T v={locationLine(d)} /></dd>
        <dt>MAC</dt><dd class="mono"><T v={d.mac} /></dd>
        <dt>First seen</dt><dd><When at={d.firstSeen} /></dd>
        <dt>Last seen</dt><dd><When at={d.lastSeen} /></dd>
        <dt>Triage</dt><dd>{TRIAGE_LABEL[d.triage.status]}{d.triage.until !== null && <> until <When at={d.triage.until} /></>}{d.triage.by !== null && <> <span class="muted">(<T v={d.triage.by} />)</span></>}</dd>
        {v !== null && <><dt>Confidence</dt><dd>{Math.round(v.confidence * 100)}%{v.randomizedMac && ' — randomized MAC'}</dd></>}
      </dl>

      {allows(props.session.role, 'triager') && <TriageForm session={props.session} site={d.site} id={d.id} />}

      <h2 id="evidence">Evidence</h2>
      {v === null || v.evidence.length === 0 ? <p class="muted">No evidence recorded.</p> : (
        <table>
          <thead><tr><th scope="col">Rule</th><th scope="col">Observation</th><th scope="col">Value</th><th scope="col">Source</th><th scope="col" class="num">Certainty</th><th scope="col">Reading</th><th scope="col">Entity</th></tr></thead>
          <tbody>
            {v.evidence.map((e) => (
              <tr>
                <td class="mono"><T v={e.rule} /></td>
                <td><T v={e.kind} />{e.port !== undefined && ` port ${e.port}`}</td>
                <td class="mono"><T v={e.value} max={2000} /></td>
                <td><T v={e.source} /></td>
                <td class="num nowrap">{Math.round(e.certainty * 100)}%</td>
                <td><T v={e.says} max={2000} /></td>
                <td><T v={e.entity} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="triage-history">Triage history</h2>
      {props.detail.triage.length === 0 ? <p class="muted">No decision recorded.</p> : (
        <table>
          <thead><tr><th scope="col">When</th><th scope="col">Decision</th><th scope="col">Until</th><th scope="col">By</th><th scope="col">Where</th><th scope="col">Note</th></tr></thead>
          <tbody>
            {props.detail.triage.map((t) => (
              <tr><td class="nowrap"><When at={t.at} /></td><td class="nowrap">{TRIAGE_LABEL[t.status]}</td><td class="nowrap"><When at={t.until} /></td><td><T v={t.by} /></td><td>{t.origin}</td><td><T v={t.note} max={4096} /></td></tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Addresses</h2>
      <History rows={props.detail.addresses} label="Address" />
      <h2>MAC addresses</h2>
      <History rows={props.detail.macs} label="MAC" />

      <h2>Changes</h2>
      {props.detail.events.length === 0 ? <p class="muted">No change recorded.</p> : (
        <table>
          <thead><tr><th scope="col">When</th><th scope="col">Change</th><th scope="col">Field</th><th scope="col">Was</th><th scope="col">Now</th></tr></thead>
          <tbody>
            {props.detail.events.map((e) => <tr><td><When at={e.at} /></td><td>{e.type}</td><td><T v={e.field} /></td><td><T v={e.old} /></td><td><T v={e.new} /></td></tr>)}
          </tbody>
        </table>
      )}

      <h2>Verdict history</h2>
      <table>
        <thead><tr><th scope="col">When</th><th scope="col">Status</th><th scope="col">Maker</th><th scope="col">Model</th><th scope="col" class="num">Evidence</th></tr></thead>
        <tbody>
          {props.detail.verdicts.map((h) => <tr><td><When at={h.at} /></td><td><StatusText status={h.status} /></td><td><T v={makerLabel(h)} /></td><td><T v={h.model} /></td><td class="num">{h.evidence.length}</td></tr>)}
        </tbody>
      </table>
    </Layout>
  );
}

function History(props: { rows: readonly { value: string; firstSeen: string; lastSeen: string }[]; label: string }) {
  if (props.rows.length === 0) return <p class="muted">None recorded.</p>;
  return (
    <table>
      <thead><tr><th scope="col">{props.label}</th><th scope="col">First seen</th><th scope="col">Last seen</th></tr></thead>
      <tbody>{props.rows.map((r) => <tr><td class="mono"><T v={r.value} /></td><td class="nowrap"><When at={r.firstSeen} /></td><td class="nowrap"><When at={r.lastSeen} /></td></tr>)}</tbody>
    </table>
  );
}

function TriageForm(props: { session: Session; site: string; id: number }) {
  return (
    <section aria-labelledby="triage-title" class="noprint">
      <h2 id="triage-title">Record a decision</h2>
      <form class="stack" method="post" action={`${devicePath(props.site, props.id)}/triage`}>
        <Csrf token={props.session.csrf} />
        <label>Decision
          <select name="status" required>
            {TRIAGE_ACTIONS.map(([value, label]) => <option value={value}>{label}</option>)}
          </select>
        </label>
        <label>Waiver ends (date, for a waiver)<input type="date" name="until" /></label>
        <label>Note (required: why, who agreed, ticket)<textarea name="note" required maxlength={4096}></textarea></label>
        <button type="submit">Record decision</button>
      </form>
    </section>
  );
}
