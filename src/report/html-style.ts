/** The report's stylesheet: screen, and print on A4 (a page per unit panel, headers repeated, no controls). */
export const STYLES = `
:root{--fg:#1f2328;--muted:#6b7280;--line:#d0d7de;--bg-alt:#f6f8fa;--accent:#1565c0;--red:#c62828}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1180px;padding:16px 20px 48px;color:var(--fg);background:#fff;
font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif;font-size:14px;line-height:1.6}
h1{font-size:24px;margin:8px 0 4px}
h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--accent)}
h3{font-size:16px;margin:18px 0 8px}
h4{font-size:14px;margin:14px 0 4px;color:#333}
a{color:var(--accent)}
.meta{color:var(--muted);margin:0}
.meta span+span::before{content:"　·　"}
.hint{color:var(--muted);font-size:13px}
nav.toc{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:6px 0;margin-top:8px}
nav.toc a{margin-right:18px;text-decoration:none}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top}
thead th{background:#eef2f7;text-align:left;vertical-align:bottom;min-width:3.5em}
table.ranking thead th{max-width:9em;min-width:4.5em}
thead th.num{text-align:right;white-space:normal}
tbody tr:nth-child(even){background:var(--bg-alt)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.sortable{cursor:pointer;user-select:none}
th.sortable:hover{background:#dde6f0}
th .arrow::after{content:"⇅";color:#9aa4b0;margin-left:4px;font-size:11px}
th[aria-sort=ascending] .arrow::after{content:"▲";color:var(--accent)}
th[aria-sort=descending] .arrow::after{content:"▼";color:var(--accent)}
.grade{display:inline-block;padding:0 8px;border-radius:10px;background:var(--c,#78909c);color:#fff;font-size:12px;line-height:20px;white-space:nowrap}
.veto{display:inline-block;padding:0 6px;border:1px solid var(--red);color:var(--red);border-radius:4px;font-size:12px;line-height:18px;white-space:nowrap}
a.veto-link{text-decoration:none}
.mark{color:var(--red);cursor:help}
.inexact{border-bottom:1px dotted var(--muted);cursor:help}
tr.quota-last td{border-bottom:3px solid var(--red)}
table.resorted tr.quota-last td{border-bottom:1px solid var(--line)}
.pager{display:flex;gap:10px;align-items:center;margin:6px 0;font-size:13px}
tr.quota-row td{color:var(--red);font-weight:bold;text-align:center;background:#fff3f3;border-top:3px dashed var(--red);font-size:12px;padding:2px 8px}
.table-notes{font-size:13px;color:#444;padding-left:20px}
figure{margin:12px 0 20px}
figcaption{font-weight:bold;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;font-family:inherit}
svg.chart text{font-size:12px;fill:#333}
svg.chart .tick{fill:var(--muted);font-size:11px}
svg.chart .grid{stroke:#e5e7eb;stroke-width:1}
svg.chart .threshold{stroke:#555;stroke-dasharray:4 3;stroke-width:1}
svg.chart .threshold-label{fill:#555;font-size:11px}
svg.chart .quota{stroke:var(--red);stroke-dasharray:6 3;stroke-width:2}
svg.chart .quota-label{fill:var(--red);font-weight:bold;font-size:11px}
svg.chart rect.vetoed{opacity:.55;stroke:var(--red);stroke-width:1.5;stroke-dasharray:3 2}
svg.chart .cell{font-size:11px}
svg.chart .cell.dark{fill:#fff}
svg.chart .col{font-size:11px;fill:#333}
svg.chart .hist{fill:#5c8ccf}
svg.chart .range{fill:#90caf9}
svg.chart .full{fill:#eceff1}
svg.chart .mean{stroke:#0d47a1;stroke-width:3}
svg.chart .bite{fill:#e57373}
details.unit{border:1px solid var(--line);border-radius:6px;margin:8px 0;background:#fff}
details.unit>summary{cursor:pointer;padding:8px 12px;display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;background:#f3f6fa;border-radius:6px}
details.unit[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
details.unit>summary .name{font-weight:bold;font-size:15px}
details.unit>summary .rank{color:var(--muted);min-width:4em}
details.unit:target>summary,details.unit.flash>summary{background:#fff7d6}
.panel{padding:6px 16px 14px}
.panel-tools{float:right;display:flex;gap:12px;align-items:center}
.facts{margin:4px 0}
.veto-note{color:var(--red)}
table.breakdown{width:100%;margin-top:4px}
table.breakdown tr.sec td{background:#e8eef6;font-weight:bold}
table.breakdown tr.item td:first-child{padding-left:24px}
table.breakdown tr.d2 td:first-child{padding-left:40px}
table.breakdown tr.d3 td:first-child,table.breakdown tr.d4 td:first-child{padding-left:56px}
table.breakdown td.lost{color:var(--red)}
table.breakdown tr.rest td{color:var(--muted);font-size:12px;padding-left:24px}
.na{color:var(--muted)}
ol.trace{margin:2px 0 8px;padding-left:26px}
ol.trace li{margin:2px 0}
ol.trace a.ref{color:var(--accent);text-decoration:none;margin-right:6px;white-space:nowrap}
ol.trace a.ref:hover{text-decoration:underline}
ol.trace li.k-score{color:var(--muted)}
.eff{display:inline-block;margin-left:8px;padding:0 6px;border-radius:4px;font-size:12px;font-variant-numeric:tabular-nums}
.eff.neg{background:#fdecea;color:var(--red)}
.eff.pos{background:#e8f5e9;color:#2e7d32}
p.none{color:var(--muted);margin:2px 0 6px 26px;font-size:13px}
.rule-block{margin:4px 0}
.rule-block.d0{margin-top:16px}
.rule-head{font-weight:bold;margin:8px 0 2px}
div.rule-head{font-size:13px}
.pts{margin-left:8px;color:var(--muted);font-weight:normal;font-size:12px}
.src-lines{border-left:3px solid var(--line);margin-left:4px}
.src{display:flex;gap:10px;padding:1px 6px;font-size:13px;scroll-margin-top:90px}
.src .ln{color:var(--muted);min-width:3.5em;text-align:right;flex:none;font-variant-numeric:tabular-nums}
.src .code{white-space:pre-wrap;word-break:break-word}
.src.comment .code{color:#6a737d}
.src:target{background:#fff3b0;outline:2px solid #f0c000}
details.unit,section{scroll-margin-top:48px}
.unit-tools{display:flex;gap:8px}
#unit-results{columns:3;font-size:13px}
button{font:inherit;font-size:13px;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
button:hover{background:#eef2f7}
input[type=search]{font:inherit;font-size:13px;padding:2px 8px;min-width:16em}
table.plain td,table.plain th{font-size:13px}
@media print{
@page{size:A4;margin:14mm 12mm}
body{max-width:none;padding:0;font-size:10pt}
.no-print,nav.toc,.panel-tools,.unit-tools,.hint.no-print,th .arrow{display:none!important}
h2{break-after:avoid}
thead{display:table-header-group}
tr{break-inside:avoid}
th.sortable{cursor:auto}
.table-wrap{overflow:visible}
a{color:inherit;text-decoration:none}
tbody tr:nth-child(even){background:none}
figure{break-inside:avoid}
details.unit{break-before:page;border:none;margin:0}
#units{break-before:page}
#units details.unit:first-of-type{break-before:auto}
details.unit>summary{list-style:none;background:none;border-bottom:2px solid #000!important;padding:0 0 4px;font-size:12pt}
details.unit>summary::-webkit-details-marker{display:none}
details.unit::details-content{content-visibility:visible;display:block}
.panel{padding:4px 0}
#rules{break-before:page}
tr.quota-row td{background:none}
body.print-one>*:not(#units){display:none!important}
body.print-one #units>*:not(details.print-this):not(#unit-panels){display:none!important}
body.print-one #unit-panels>*:not(.print-this){display:none!important}
body.print-one details.print-this{break-before:auto}
}
`;
