// Benchmark: the HTML report (and report.md, items.csv) for many units — time and file size.
// Data: bench/gen-lishui.js (the Lishui 2022 rubric, every input filled, events over all kinds),
// scored with the interpreter; then renderHtml / renderReportMarkdown / renderItemsCsv from
// dist/ are timed. Above 200 units the HTML writes its unit panels as compact JSON that the page
// turns into a panel when a unit is opened (see src/report/html.ts), which is what keeps the
// file bounded; BENCH_PANELS=static measures the fully written-out form instead.
//
//   node bench/report.js                   (BENCH_UNITS=10000, BENCH_EVENTS=200000, BENCH_SEED=2022)
//   BENCH_UNITS=1000 node bench/report.js
//
// Output files go to bench/.data/report-<N>u/ (report.html, report.md, items.csv), so the page
// can be opened in a browser afterwards. Run `npm run build` first: this measures dist/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLishui } from './gen-lishui.js';
import { DATA_DIR, dist, loadProgram, ROOT, RUBRIC } from './lib/lishui.js';

const units = Number(process.env.BENCH_UNITS ?? 10000);
const events = Number(process.env.BENCH_EVENTS ?? 200000);
const seed = Number(process.env.BENCH_SEED ?? 2022);
const panels = process.env.BENCH_PANELS ?? 'auto';

const { createScorer } = await import(dist('api.js'));
const { renderHtml } = await import(dist('report/html.js'));
const { renderReportMarkdown } = await import(dist('report/markdown.js'));
const { renderItemsCsv } = await import(dist('report/items-csv.js'));

const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
const ms = (t) => `${(t / 1000).toFixed(2)} s`;
const time = (f) => {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
};

const program = await loadProgram();
const source = readFileSync(join(ROOT, RUBRIC), 'utf8');
let t0 = performance.now();
const data = await generateLishui({ units, events, seed, program });
const tGen = performance.now() - t0;
t0 = performance.now();
const scorer = createScorer(program, data.objects, data.params);
for (const e of data.events) scorer.addEvent(e);
const result = scorer.finish();
const tScore = performance.now() - t0;
data.events.length = 0;

const [html, tHtml] = time(() => renderHtml(program, result, { source, panels }));
const [md, tMd] = time(() => renderReportMarkdown(program, result));
const [csv, tCsv] = time(() => renderItemsCsv(program, result));
const out = join(DATA_DIR, `report-${units}u`);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'report.html'), html);
writeFileSync(join(out, 'report.md'), md);
writeFileSync(join(out, 'items.csv'), csv);
const size = (s) => Buffer.byteLength(s);
const traces = result.objects.reduce((a, o) => a + o.trace.length, 0);

console.log(`报告基准 / report benchmark: ${units} units, ${events} events (seed ${seed}), ${traces} trace entries; panels=${panels}`);
console.log(`  data generated in ${ms(tGen)}, scored in ${ms(tScore)} (not part of the report)`);
console.log(
  `  report.html  ${ms(tHtml).padStart(8)}  ${mb(size(html)).padStart(9)}  (${(size(html) / units / 1024).toFixed(2)} KB/unit, mode ${/data-panels="(\w+)"/.exec(html)?.[1]})`,
);
console.log(`  report.md    ${ms(tMd).padStart(8)}  ${mb(size(md)).padStart(9)}`);
console.log(`  items.csv    ${ms(tCsv).padStart(8)}  ${mb(size(csv)).padStart(9)}`);
console.log(`  peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; files in ${out}`);
