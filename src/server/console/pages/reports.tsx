/** Reports: every format, fleet-wide or for one site, and the facts the FAR report names. */
import { REPORT_FORMATS } from '../../../report/formats.js';
import type { ReportFacts } from '../queries-report-facts.js';
import type { Session } from '../sessions.js';
import { allows } from '../users.js';
import { BASE, Csrf, Layout, Notice, T, When } from './layout.js';

export const DOWNLOAD_FORMATS = REPORT_FORMATS.filter((f) => f !== 'far');
const LABEL: Readonly<Record<(typeof DOWNLOAD_FORMATS)[number], string>> = {
  'far-md': 'FAR 52.204-25(d) report (Markdown)',
  'far-html': 'FAR 52.204-25(d) report (HTML)',
  json: 'JSON',
  csv: 'CSV (spreadsheet)',
  html: 'HTML report',
  md: 'Markdown report',
  cyclonedx: 'CycloneDX SBOM (JSON)',
};

export function ReportsPage(props: { session: Session; sites: readonly string[]; facts: ReportFacts; updatedAt: Date | null; updatedBy: string | null; error?: string; saved?: boolean }) {
  const f = props.facts;
  const admin = allows(props.session.role, 'admin');
  const orders = f.order === undefined ? '' : [f.order].flat().join('\n');
  return (
    <Layout title="Reports" section="reports" session={props.session}>
      <h1>Reports</h1>
      {props.saved === true && <Notice>Report facts saved.</Notice>}
      {props.error !== undefined && <Notice kind="error">{props.error}</Notice>}
      <form class="filters" method="get" action={`${BASE}/reports/download`}>
        <label>Format
          <select name="format">{DOWNLOAD_FORMATS.map((fmt) => <option value={fmt}>{LABEL[fmt]}</option>)}</select>
        </label>
        <label>Sites
          <select name="site"><option value="">Every site (fleet)</option>{props.sites.map((s) => <option value={s}>{s}</option>)}</select>
        </label>
        <label><span><input type="checkbox" name="flagged" value="1" /> covered devices only</span></label>
        <button type="submit">Download</button>
      </form>

      <h2>Report facts</h2>
      <p class="muted">Named in the FAR report. {props.updatedAt !== null && <>Last changed <When at={props.updatedAt} /> by <T v={props.updatedBy} />.</>}</p>
      {admin ? (
        <form class="stack" method="post" action={`${BASE}/reports/facts`}>
          <Csrf token={props.session.csrf} />
          <label>Organization<input name="organization" value={f.organization ?? ''} /></label>
          <label>Supplier (default: the organization)<input name="supplier" value={f.supplier ?? ''} /></label>
          <label>Contract number<input name="contract" value={f.contract ?? ''} /></label>
          <label>Orders (one per line)<textarea name="order">{orders}</textarea></label>
          <label>UEI (12 letters and digits)<input name="uei" value={f.uei ?? ''} maxlength={12} /></label>
          <label>CAGE code (5 letters and digits)<input name="cage" value={f.cage ?? ''} maxlength={5} /></label>
          <label>Contact<input name="contact" value={f.contact ?? ''} /></label>
          <button type="submit">Save facts</button>
        </form>
      ) : (
        <dl class="facts">
          <dt>Organization</dt><dd><T v={f.organization} /></dd>
          <dt>Supplier</dt><dd><T v={f.supplier} /></dd>
          <dt>Contract</dt><dd><T v={f.contract} /></dd>
          <dt>Orders</dt><dd><T v={orders} /></dd>
          <dt>UEI</dt><dd><T v={f.uei} /></dd>
          <dt>CAGE</dt><dd><T v={f.cage} /></dd>
          <dt>Contact</dt><dd><T v={f.contact} /></dd>
        </dl>
      )}
    </Layout>
  );
}
