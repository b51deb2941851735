"""The report's inline style sheet: readable on screen and on paper, no web fonts (no requests)."""

REPORT_CSS = """
:root { --ink: #1d2330; --muted: #5b6475; --line: #dfe3ea; --soft: #f5f7fa; --accent: #2457c5;
        --ok: #1f7a3d; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: var(--ink); background: #fff; }
header.report { padding: 24px 32px 16px; background: var(--soft); border-bottom: 1px solid var(--line); }
header.report h1 { margin: 0 0 4px; font-size: 22px; }
header.report .id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
nav.contents { margin-top: 12px; }
nav.contents a { color: var(--accent); margin-right: 14px; text-decoration: none; }
main { padding: 8px 32px 32px; }
section { margin-top: 24px; }
section h2 { font-size: 17px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
section h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.url, td.value { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
.status-ok { color: var(--ok); font-weight: 600; }
.status-bad { color: var(--bad); font-weight: 600; }
tr.best td { background: #eaf6ee; }
.problems { border: 1px solid var(--bad); background: #fdf0ef; padding: 8px 12px; border-radius: 6px; }
.preview { display: grid; grid-template-columns: minmax(200px, 420px) 1fr; gap: 20px; align-items: start; }
.preview img { max-width: 100%; border: 1px solid var(--line); border-radius: 4px; }
.overview { position: relative; width: min(100%, 640px); line-height: 0; overflow: hidden; }
.overview img { width: 100%; border-radius: 4px; }
.overview .rect { position: absolute; border: 2px solid var(--accent); }
.overview .rect span { position: absolute; left: 0; top: 0; line-height: 1.2; font-size: 11px; color: #fff;
                       background: var(--accent); padding: 1px 4px; }
.crops { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 14px; margin-top: 14px; }
figure.crop { margin: 0; border: 1px solid var(--line); border-top: 4px solid var(--accent); border-radius: 6px; padding: 8px; background: var(--soft); }
figure.crop img { width: 100%; height: 150px; object-fit: contain; background: #fff; }
figure.crop figcaption { font-size: 12px; color: var(--muted); margin-top: 6px; }
figure.crop figcaption b { color: var(--ink); font-size: 13px; }
footer { padding: 12px 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); }
@media print { nav.contents { display: none; } section { break-inside: avoid-page; } }
"""
