import { createHash } from 'node:crypto';

/**
 * The HTML report's only stylesheet and script. They are fixed text, so the Content-Security-Policy
 * can allow exactly them by hash: any script or style a device smuggled in would not match and would
 * not run, even if escaping ever failed.
 */

export const REPORT_CSS = `
:root{--covered:#b3261e;--review:#a15c00;--clear:#2e7d32;--unidentified:#6b7280;--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:#fff}
header,main,footer{max-width:1200px;margin:0 auto;padding:16px 24px}
header{border-bottom:3px solid var(--ink)}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:0 0 8px}
.sub{color:var(--muted);margin:0 0 12px}
.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 14px;margin:0 0 14px}
.meta dt{color:var(--muted)}.meta dd{margin:0}
.overview{display:flex;flex-wrap:wrap;gap:20px;align-items:flex-start}
.tiles{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0;list-style:none}
.tiles li{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:96px;background:var(--bg)}
.tiles b{display:block;font-size:22px}
.tiles .covered b{color:var(--covered)}.tiles .review b{color:var(--review)}.tiles .clear b{color:var(--clear)}.tiles .unidentified b{color:var(--unidentified)}
.entities{margin:8px 0 0;color:var(--muted)}
svg.chart{max-width:520px;width:100%;height:auto;font:11px system-ui,sans-serif}
td,th,dd,dt,li,p,h3,text{overflow-wrap:anywhere;word-break:break-word}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:var(--bg)}
th button{all:unset;cursor:pointer;font-weight:600}th button:focus-visible{outline:2px solid #0969da}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;background:var(--unidentified)}
.badge.covered{background:var(--covered)}.badge.review{background:var(--review)}.badge.clear{background:var(--clear)}
article.dev{border:1px solid var(--line);border-left:5px solid var(--covered);border-radius:6px;padding:10px 14px;margin:0 0 14px;max-width:100%;overflow:hidden}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:2px 18px;margin:0 0 8px}
.facts div{display:grid;grid-template-columns:8.5em minmax(0,1fr);gap:6px}
.facts dt{color:var(--muted)}.facts dd{margin:0}
table.evidence{font-size:12.5px}
table.evidence col.rule{width:16%}table.evidence col.obs{width:26%}table.evidence col.src{width:9%}table.evidence col.cert{width:10%}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:0 0 8px}
.controls input,.controls select{font:inherit;padding:3px 6px}
#inv{font-size:12.5px}
#inv col.st{width:7%}#inv col.ip{width:8%}#inv col.mac{width:10%}#inv col.name{width:9%}#inv col.loc{width:11%}#inv col.maker{width:11%}#inv col.model{width:8%}#inv col.seen{width:7%}#inv col.conf{width:4%}#inv col.tri{width:8%}
tr[hidden]{display:none}
.none{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
@page{margin:14mm}
@media print{
 body{font-size:9.5pt}header,main,footer{max-width:none;padding:0}
 .controls,th button::after{display:none}th button{font-weight:600}
 article.dev,tr{break-inside:avoid}thead{display:table-header-group}h2{break-after:avoid}
 .badge{color:#000;border:1px solid #000;background:none!important}
}
`;

export const REPORT_JS = `
(function () {
  var table = document.getElementById('inv');
  if (!table) return;
  var body = table.tBodies[0];
  var items = Array.prototype.map.call(body.rows, function (row) {
    return { row: row, text: row.textContent.toLowerCase(), status: row.getAttribute('data-status') };
  });
  var q = document.getElementById('q');
  var st = document.getElementById('st');
  var shown = document.getElementById('shown');
  function filter() {
    var s = q.value.trim().toLowerCase();
    var v = st.value;
    var n = 0;
    for (var i = 0; i < items.length; i++) {
      var ok = (!v || items[i].status === v) && (!s || items[i].text.indexOf(s) !== -1);
      items[i].row.hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = String(n);
  }
  q.addEventListener('input', filter);
  st.addEventListener('change', filter);
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      var numeric = th.getAttribute('data-type') === 'num';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var keyed = items.map(function (it, i) {
        var cell = it.row.cells[col];
        var k = cell.getAttribute('data-sort');
        if (k === null) k = cell.textContent;
        return { it: it, i: i, k: numeric ? Number(k) : k.toLowerCase() };
      });
      keyed.sort(function (a, b) { return (a.k < b.k ? -1 : a.k > b.k ? 1 : 0) * dir || a.i - b.i; });
      var frag = document.createDocumentFragment();
      items = keyed.map(function (x) { frag.appendChild(x.it.row); return x.it; });
      body.appendChild(frag);
    });
  });
})();
`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** No network, no plugins, no forms; only this stylesheet and this script; images only as data: URIs. */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src ${sha256(REPORT_CSS)}`,
  `script-src ${sha256(REPORT_JS)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
