// npm run bench: the check benchmark (bench/check.js), then the scoring benchmark
// (bench/score.js), then a summary in Chinese and English.
//
// Sizes by environment for a quick run, e.g.
//   BENCH_UNITS=1000 BENCH_EVENTS=100000 BENCH_RUNS=2 BENCH_STREAM_RUNS=1 npm run bench
// Other variables: BENCH_SEED, BENCH_SMALL_EVENTS (the smaller streaming run, 200000),
// BENCH_ENGINES (compiled,interpreter,baseline), BENCH_SKIP_CHECK=1.
// The benchmarks import dist/: run `npm run build` (npx tsc -p .) after changing src/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { ROOT } from './lib/lishui.js';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(join(ROOT, 'dist', 'api.js'))) {
  console.error('dist/ 不存在，请先运行 npm run build / dist/ is missing: run `npm run build` first');
  process.exit(1);
}
if (newest(join(ROOT, 'src')) > newest(join(ROOT, 'dist'))) {
  console.warn('注意：src/ 比 dist/ 新，测的是上次构建的版本（npm run build 可更新）/ note: src/ is newer than dist/; measuring the last build\n');
}

const { benchCheck } = await import('./check.js');
const { benchScore, benchOptions } = await import('./score.js');

let sx;
if (!process.env.BENCH_SKIP_CHECK) {
  console.log('══ 1. 检查 / check (bench/check.js) ══');
  const rows = benchCheck();
  console.log('rubric                  bytes    lex ms  parse ms  check ms  check/lex');
  for (const r of rows) {
    console.log(
      `${r.rubric.padEnd(22)} ${String(r.bytes).padStart(6)}  ${r.lexMs.toFixed(2).padStart(7)}  ${r.parseMs.toFixed(2).padStart(8)}  ${r.checkMs.toFixed(2).padStart(8)}  ${r.ratio.toFixed(1).padStart(8)}×`,
    );
  }
  sx = rows.find((r) => r.rubric.startsWith('shaanxi'));
}

console.log('\n══ 2. 评分 / scoring (bench/score.js) ══');
const opts = benchOptions();
const s = await benchScore(opts);

console.log('\n══ 总结 / summary ══');
if (sx)
  console.log(
    `检查陕西规则 ${sx.checkMs.toFixed(2)} ms（目标 < 20 ms）${sx.checkMs < 20 ? '达标' : '未达标'} / check Shaanxi ${sx.checkMs.toFixed(2)} ms (target < 20 ms): ${sx.checkMs < 20 ? 'met' : 'NOT met'}`,
  );
if (!s.ok) {
  console.log('评分结果与基准不一致（见上），未比较速度 / scoring results differ from the baseline (above); speed not compared');
  process.exitCode = 1;
} else {
  const { A, B, memGrowth, verdict } = s;
  const M = (b) => `${(b / 1048576).toFixed(0)} MB`;
  const r = (n, ms) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
  console.log(`数据 / data: ${opts.units} 个考核对象 units, ${opts.events} 条事件 events（丽水2022 / Lishui 2022）`);
  for (const e of Object.keys(A)) {
    const a = A[e];
    console.log(
      `  ${e.padEnd(12)} 事件 ${r(opts.events, a.eventsMs)} events/s, 对象 ${r(opts.units, a.finishMs)} units/s, 共 total ${(a.totalMs / 1000).toFixed(2)} s = ${(a.totalMs / A.baseline.totalMs).toFixed(1)}× 基准 baseline, 峰值 peak RSS ${M(a.peak)} (数据 data ${M(a.data)})`,
    );
  }
  const P = B['own:parse'];
  if (P) {
    const parts = [`仅解析 parse only ${r(P.lines, P.readMs)} lines/s`];
    if (B['own:compiled']) parts.push(`自带读取器+编译模块 own reader + compiled ${r(B['own:compiled'].lines, B['own:compiled'].totalMs)} events/s`);
    if (B['open:compiled']) parts.push(`openData+编译模块 openData + compiled ${r(B['open:compiled'].lines, B['open:compiled'].totalMs)} events/s`);
    console.log(`  NDJSON 流式（含 finish）/ streaming incl. finish: ${parts.join('; ')}`);
  }
  for (const g of memGrowth)
    console.log(
      `  流式内存 / streaming memory (${g.mode}): ${g.smallLines} events: peak RSS ${M(g.small)}, live heap ${M(g.smallHeap)} → ${g.fullLines} events: ${M(g.full)}, ${M(g.fullHeap)}`,
    );
  for (const o of s.objectsLoad ?? [])
    console.log(
      `  openData 读对象文件 / reading the objects file: ${o.format.toUpperCase()} ${(o.bytes / 1e6).toFixed(1)} MB → ${(o.ms / 1000).toFixed(1)} s, peak RSS ${M(o.peakRss)}`,
    );
  if (verdict.ratio !== undefined) {
    console.log(`  目标1 编译模块 ≤ 2× 基准 / compiled ≤ 2× baseline: ${verdict.ratio.toFixed(1)}× — ${verdict.ratio <= 2 ? '达标 met' : '未达标 NOT met'}`);
    console.log(
      `  目标2 ≥ 1,000,000 events/s: ${Math.round(verdict.eventsPerSecond).toLocaleString('en-US')} — ${verdict.eventsPerSecond >= 1e6 ? '达标 met' : '未达标 NOT met'}`,
    );
    if (verdict.ratioNoTrace !== undefined)
      console.log(
        `  不记录评分过程 / without traces (like the baseline): ${verdict.ratioNoTrace.toFixed(1)}× 基准 baseline, ${Math.round(verdict.eventsPerSecondNoTrace).toLocaleString('en-US')} events/s`,
      );
    if (verdict.ratio > 2 || verdict.eventsPerSecond < 1e6) console.log('  剖析 / profile: node bench/profile-lishui.js compiled [--alloc]');
  }
  console.log(
    `  负载 / load average now: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}
