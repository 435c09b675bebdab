/**
 * The console's one stylesheet, served as /console/static/console.css (the CSP allows style-src
 * 'self' only: no inline style anywhere). Kept as a module so the build ships it inside dist/.
 */
export const CONSOLE_CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #fff; --band: #f6f8fa;
  --covered: #a40e26; --review: #9a6700; --clear: #1a7f37; --focus: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--focus); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -10000px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 6px 10px; z-index: 2; }
header.top { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; padding: 8px 20px; border-bottom: 1px solid var(--line); background: var(--band); }
header.top .brand { font-weight: 700; }
header.top nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 0; padding: 0; }
header.top nav a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--fg); }
header.top .who { margin-left: auto; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
main { padding: 16px 20px 40px; max-width: 1400px; }
h1 { font-size: 1.5rem; margin: 0.4em 0 0.6em; }
h2 { font-size: 1.15rem; margin: 1.4em 0 0.5em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
/* Short values (addresses, states, times) stay on one line; device text wraps anywhere, however long. */
.nowrap { white-space: nowrap; }
th { overflow-wrap: normal; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: minmax(8em, max-content) 1fr; gap: 4px 16px; margin: 0 0 1em; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.status-covered { color: var(--covered); font-weight: 700; }
.status-review { color: var(--review); font-weight: 700; }
.status-clear { color: var(--clear); }
.muted { color: var(--muted); }
.notice { padding: 8px 12px; border: 1px solid var(--line); border-left: 4px solid var(--focus); background: var(--band); margin: 0 0 1em; }
.error { border-left-color: var(--covered); }
.secret { font-family: ui-monospace, monospace; font-size: 1.05em; padding: 8px; border: 1px dashed var(--covered); overflow-wrap: anywhere; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: flex-end; margin: 0 0 1em; padding: 10px; background: var(--band); border: 1px solid var(--line); }
form.filters label, form.stack label { display: flex; flex-direction: column; font-size: 0.9em; color: var(--muted); gap: 2px; }
form.stack { display: grid; gap: 10px; max-width: 36em; }
form.inline { display: inline; }
input, select, textarea, button { font: inherit; }
input, select, textarea { padding: 4px 6px; border: 1px solid var(--muted); border-radius: 3px; color: var(--fg); background: var(--bg); }
textarea { min-height: 4em; }
button { padding: 5px 12px; border: 1px solid var(--focus); border-radius: 3px; background: var(--focus); color: #fff; cursor: pointer; }
button.link { background: none; border: none; color: var(--focus); padding: 0; text-decoration: underline; }
.pager { display: flex; gap: 16px; margin: 0.5em 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 1em; }
.card { border: 1px solid var(--line); padding: 10px 14px; min-width: 10em; }
.card .n { font-size: 1.6rem; font-weight: 700; }
.bar { display: inline-block; height: 0.8em; background: var(--covered); vertical-align: middle; }
code, .mono { font-family: ui-monospace, monospace; font-size: 0.92em; }
.login { max-width: 24em; margin: 10vh auto; }
@media print {
  header.top, .skip, form, .pager, .noprint { display: none !important; }
  main { padding: 0; max-width: none; }
  body { font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  th { background: none; }
  tr { break-inside: avoid; }
}
`;
