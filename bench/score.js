// Benchmark: scoring the Lishui 2022 rubric on generated data (bench/gen-lishui.js), as ratios
// against a hand-written scorer of the same rubric (bench/baseline/lishui.js) measured in the
// same run. Three scorers:
//   compiled     the generated TypeScript module (emitModule → transpileModule → import)
//   compiled-notrace  the same module with { trace: false }: the same results without the
//                explanation, which is what the baseline computes (the like-for-like ratio)
//   interpreter  score / createScorer from dist/api.js
//   baseline     the hand-written scorer (exact arithmetic with the same Rational class)
// Each runs in its own child process (node --expose-gc), so its peak memory is its own. Before
// any number is printed, every unit's total, grade, veto and item scores must equal the
// baseline's (the streaming runs are checked too).
//
// Measured:
//   A. in memory: N units and E events held in memory; the event loop (events/s), finish()
//      (units/s), the whole run, peak RSS (sampled every 5 ms by a worker thread) over the RSS
//      with the data loaded. Median of BENCH_RUNS runs (one GC before each).
//   B. streaming from the NDJSON file: line by line into the streaming scorer, beside the
//      parse-only rate of the same file (JSON.parse per line) and parse+convert, all in the
//      same run; with openData (src/data, when dist/data has it; objects from the CSV table)
//      and with a minimal reader of our own; peak RSS and live heap after the events (after a
//      full GC) for all E events and for the first 200,000 (BENCH_SMALL_EVENTS); openData
//      reading the objects file alone, JSON document vs CSV table.
//
// Environment: BENCH_UNITS (10000), BENCH_EVENTS (1000000), BENCH_SEED (2022), BENCH_RUNS (3),
// BENCH_STREAM_RUNS (3), BENCH_SMALL_EVENTS (200000), BENCH_ENGINES (compiled,compiled-notrace,interpreter,baseline),
// BENCH_SNAPSHOT=0 (measure dist/ in place instead of a snapshot taken at the start).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { dataFiles, generateLishui, writeLishuiFiles } from './gen-lishui.js';
import { compiledModule, converters, DATA_DIR, dist, distDir, forEachLine, loadProgram, median, ROOT, runtime, snapshotDist } from './lib/lishui.js';
import { compareResults } from './lib/verify.js';

const SELF = fileURLToPath(import.meta.url);

export function benchOptions(env = process.env) {
  const num = (k, d) => (env[k] ? Number(env[k]) : d);
  return {
    units: num('BENCH_UNITS', 10000),
    events: num('BENCH_EVENTS', 1000000),
    seed: num('BENCH_SEED', 2022),
    runs: num('BENCH_RUNS', 3),
    streamRuns: num('BENCH_STREAM_RUNS', 3),
    smallEvents: Math.min(num('BENCH_SMALL_EVENTS', 200000), num('BENCH_EVENTS', 1000000)),
    engines: (env.BENCH_ENGINES ?? 'compiled,compiled-notrace,interpreter,baseline')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

// ── in the child processes ──────────────────────────────────────────────────────

/** Peak RSS of the whole process, sampled by a worker thread while the main thread is busy. */
function rssSampler() {
  const sab = new SharedArrayBuffer(8);
  const peak = new Float64Array(sab);
  const w = new Worker(
    `const { workerData } = require('node:worker_threads');
     const f = new Float64Array(workerData);
     setInterval(() => { const r = process.memoryUsage.rss(); if (r > f[0]) f[0] = r; }, 5);`,
    { eval: true, workerData: sab },
  );
  w.unref();
  return {
    reset() {
      peak[0] = process.memoryUsage.rss();
    },
    peak() {
      return Math.max(peak[0], process.memoryUsage.rss());
    },
    stop() {
      return w.terminate();
    },
  };
}

/** Live heap (after a full GC) and the time the GC took (kept out of the timings). */
function liveHeap() {
  const t = performance.now();
  gc();
  return [process.memoryUsage().heapUsed, performance.now() - t];
}

const gc = () => {
  if (globalThis.gc) {
    globalThis.gc();
    globalThis.gc();
  }
};

/** A factory of fresh streaming scorers with one interface: addEvent(EventData), finish(). */
async function scorerFactory(engine, program, objects) {
  if (engine === 'baseline') {
    const { LishuiBaseline } = await import('./baseline/lishui.js');
    return () => new LishuiBaseline(objects);
  }
  if (engine === 'interpreter') {
    const { createScorer } = await import(dist('api.js'));
    return () => createScorer(program, objects, {});
  }
  if (engine === 'compiled' || engine === 'compiled-notrace') {
    const mod = await compiledModule(program);
    const units = objects.map((o) => ({ name: o.name, inputs: o.values }));
    const options = engine === 'compiled' ? {} : { trace: false };
    return () => {
      const s = mod.createScorer(units, {}, options);
      return { addEvent: (e) => s.addEventData(e), finish: () => s.finish() };
    };
  }
  throw new Error(`unknown engine ${engine}`);
}

const BASELINE_RESULT = join(DATA_DIR, 'lishui-baseline-result.json');

function summarise(result) {
  return result.objects.map((o) => ({
    name: o.name,
    total: o.total.toString(),
    grade: o.grade,
    vetoed: o.vetoed,
    sections: o.sections.map(String),
    items: o.items.map((x) => (x === undefined ? null : x.toString())),
  }));
}

/** Checks an engine's result against the baseline's (written by the baseline child). */
function verify(engine, result, key) {
  if (engine === 'baseline') return [];
  if (!existsSync(BASELINE_RESULT)) return ['基准结果文件不存在 / baseline result missing'];
  const saved = JSON.parse(readFileSync(BASELINE_RESULT, 'utf8'));
  if (saved.key !== key) return ['基准结果与本次数据不符 / baseline result is for other data'];
  return compareResults(result, { objects: saved.objects }, { limit: 30 });
}

async function childInMemory(engine, opts) {
  const sampler = rssSampler();
  const program = await loadProgram();
  const t0 = performance.now();
  const data = await generateLishui({ program, units: opts.units, events: opts.events, seed: opts.seed });
  const genMs = performance.now() - t0;
  const make = await scorerFactory(engine, program, data.objects);
  gc();
  const rssData = process.memoryUsage.rss();
  const runs = [];
  let result;
  for (let i = 0; i < opts.runs; i++) {
    result = undefined;
    gc();
    sampler.reset();
    const before = process.memoryUsage.rss();
    const a = performance.now();
    const s = make();
    const events = data.events;
    for (let j = 0; j < events.length; j++) s.addEvent(events[j]);
    const b = performance.now();
    result = s.finish();
    const c = performance.now();
    runs.push({ eventsMs: b - a, finishMs: c - b, totalMs: c - a, peakRss: sampler.peak(), before });
    process.stderr.write(`  ${engine} run ${i + 1}/${opts.runs} done\n`); // numbers only after the equality check
  }
  const key = `${opts.units}/${opts.events}/${opts.seed}`;
  if (engine === 'baseline') writeFileSync(BASELINE_RESULT, JSON.stringify({ key, objects: summarise(result) }));
  const diffs = verify(engine, result, key);
  const counted = engine === 'baseline' ? opts.events - result.outsidePeriod - result.uncounted : opts.events - result.issues.reduce((n, i) => n + i.count, 0);
  await sampler.stop();
  return { engine, genMs, rssData, runs, diffs, counted, maxRss: process.resourceUsage().maxRSS * 1024 };
}

/** openData from dist/data (the project's streaming data reader), if it has been built. */
async function openDataFn() {
  if (!existsSync(join(distDir(), 'data', 'index.js'))) return undefined;
  const m = await import(dist('data/index.js'));
  return typeof m.openData === 'function' ? m.openData : undefined;
}

/**
 * One streaming run. mode = reader:step, reader `own` (bench/lib line reader + JSON.parse +
 * converter) or `open` (openData from src/data); step `parse` (JSON.parse only), `convert`
 * (to EventData, no scoring), `read` (openData's events, no scoring) or a scorer.
 */
async function childStream(mode, opts) {
  const [reader, step] = mode.split(':');
  const sampler = rssSampler();
  const program = await loadProgram();
  const files = dataFiles(opts);
  const file = files.ndjson;
  const limit = opts.limit ?? Infinity;
  const key = `${opts.units}/${opts.events}/${opts.seed}`;
  let n = 0;
  let a;
  let b;
  let result;
  let openMs;
  let heapAfterEvents;
  let gcMs;
  if (reader === 'own') {
    const { Rational } = await runtime();
    const conv = converters(program, Rational);
    const raw = JSON.parse(readFileSync(files.objects, 'utf8')).对象;
    const objects = raw.map((r, i) => conv.object(r, { file: files.objects, path: `对象[${i}]` }));
    const make = step === 'parse' || step === 'convert' ? null : await scorerFactory(step, program, objects);
    gc();
    sampler.reset();
    a = performance.now();
    if (step === 'parse') {
      await forEachLine(file, (line) => (JSON.parse(line), n++), { limit });
    } else if (step === 'convert') {
      await forEachLine(file, (line, no) => (conv.event(JSON.parse(line), { file, line: no }), n++), { limit });
    } else {
      const s = make();
      await forEachLine(file, (line, no) => (s.addEvent(conv.event(JSON.parse(line), { file, line: no })), n++), { limit });
      b = performance.now();
      [heapAfterEvents, gcMs] = liveHeap();
      result = s.finish();
    }
  } else {
    const openData = await openDataFn();
    if (!openData) throw new Error('openData 不可用 / openData is not available (dist/data)');
    gc();
    sampler.reset();
    a = performance.now();
    const data = await openData(program, [files.objectsCsv, file]);
    const opened = performance.now();
    const s = step === 'read' ? null : (await scorerFactory(step, program, data.objects))();
    for await (const e of data.events) {
      if (s) s.addEvent(e);
      if (++n >= limit) break;
    }
    b = performance.now();
    [heapAfterEvents, gcMs] = liveHeap();
    if (s) result = s.finish();
    openMs = opened - a;
  }
  const c = performance.now();
  b ??= c;
  const diffs = result && limit === Infinity ? verify(step, result, key) : [];
  await sampler.stop();
  return {
    mode,
    lines: n,
    openMs,
    readMs: b - a,
    finishMs: c - b - (gcMs ?? 0),
    totalMs: c - a - (gcMs ?? 0),
    heapAfterEvents,
    peakRss: sampler.peak(),
    maxRss: process.resourceUsage().maxRSS * 1024,
    diffs,
  };
}

/** openData reading only the objects file (JSON document or CSV table): time and peak RSS. */
async function childObjects(format, opts) {
  const sampler = rssSampler();
  const program = await loadProgram();
  const openData = await openDataFn();
  const files = dataFiles(opts);
  const f = format === 'json' ? files.objects : files.objectsCsv;
  gc();
  sampler.reset();
  const a = performance.now();
  const data = await openData(program, [f]);
  const ms = performance.now() - a;
  const n = data.objects.length;
  await sampler.stop();
  return { format, objects: n, bytes: statSync(f).size, ms, peakRss: sampler.peak() };
}

// ── in the parent ─────────────────────────────────────────────────────────────

function child(kind, engine, opts, extraArgs = []) {
  const r = spawnSync(process.execPath, ['--expose-gc', ...extraArgs, SELF, '--child', kind, engine, JSON.stringify(opts)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 28,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`子进程失败 / child ${kind} ${engine} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`);
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
  return JSON.parse(line.slice(9));
}

const MB = (b) => `${(b / 1048576).toFixed(0)} MB`;
const rate = (n, ms) => n / (ms / 1000);
const fmtRate = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k/s` : `${x.toFixed(0)} /s`);
const pad = (s, n) => String(s).padStart(n);
const padEnd = (s, n) => String(s).padEnd(n);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export async function benchScore(opts = benchOptions(), { log = console.log } = {}) {
  const loadBefore = load();
  log(`机器 / machine: ${cpus().length} cores, node ${process.version}; 负载 load average ${loadBefore}`);
  if (process.env.BENCH_SNAPSHOT !== '0' && !process.env.BENCH_DIST) await snapshotDist({ log });
  const program = await loadProgram();
  const { meta } = await writeLishuiFiles({ units: opts.units, events: opts.events, seed: opts.seed, program }, { log });
  log(
    `事件文件 / events file: ${(meta.ndjsonBytes / 1e6).toFixed(1)} MB NDJSON, ${meta.bytesPerEvent} bytes/event; ${(meta.csvBytes / 1e6).toFixed(1)} MB CSV`,
  );
  const t = performance.now();
  await compiledModule(program); // emit + transpile once, outside the timed children
  log(`编译模块 / compiled module ready (${((performance.now() - t) / 1000).toFixed(1)} s)`);

  const order = ['baseline', ...opts.engines.filter((e) => e !== 'baseline')];
  const mem = {};
  for (const e of order) {
    log(`A. 内存中评分 / in memory: ${e} (${opts.runs} runs)`);
    mem[e] = child('mem', e, opts);
  }
  const stream = {};
  const hasOpen = Boolean(await openDataFn());
  const streamModes = [
    'own:parse',
    'own:convert',
    ...['baseline', 'compiled', 'compiled-notrace'].filter((e) => opts.engines.includes(e)).map((e) => `own:${e}`),
    ...(hasOpen ? ['open:read', ...(opts.engines.includes('compiled') ? ['open:compiled'] : [])] : []),
  ];
  for (const m of streamModes) {
    log(`B. 逐行读取 NDJSON / streaming NDJSON: ${m} (${opts.streamRuns} runs)`);
    stream[m] = [];
    for (let i = 0; i < opts.streamRuns; i++) stream[m].push(child('stream', m, opts));
  }
  const smallOpts = { ...opts, limit: opts.smallEvents };
  const small = {};
  if (opts.engines.includes('compiled') && opts.smallEvents < opts.events) {
    for (const m of ['own:compiled', ...(opts.engines.includes('compiled-notrace') ? ['own:compiled-notrace'] : []), ...(hasOpen ? ['open:compiled'] : [])]) {
      log(`B. 前 ${opts.smallEvents} 条 / first ${opts.smallEvents} events: ${m} (2 runs)`);
      small[m] = [0, 1].map(() => child('stream', m, smallOpts));
    }
  }
  const objectsLoad = [];
  if (hasOpen) {
    log('B. openData 只读对象文件 / openData reading the objects file alone: JSON, CSV (1 run each)');
    for (const f of ['csv', 'json']) objectsLoad.push(child('objects', f, opts));
  }
  const loadAfter = load();

  // equality first: no numbers unless every unit agrees
  const diffs = [];
  for (const e of order) for (const d of mem[e].diffs) diffs.push(`[内存 ${e}] ${d}`);
  for (const m of streamModes) for (const r of stream[m]) for (const d of r.diffs) diffs.push(`[流式 ${m}] ${d}`);
  if (diffs.length) {
    log('\n结果与基准不一致，不输出性能数字 / results differ from the baseline; no numbers printed:');
    for (const d of [...new Set(diffs)].slice(0, 40)) log(`  ${d}`);
    return { ok: false, diffs };
  }
  log(
    `\n✓ ${opts.units} 个考核对象的总分、等次、否优与69项得分与基准完全一致（内存与流式）/ every unit's total, grade, veto and item scores equal the baseline's (in memory and streaming)`,
  );
  log(`  计入事件 / events counted: ${mem.baseline.counted} of ${opts.events} (the rest fall outside 2022)`);

  // A. in memory
  const A = {};
  for (const e of order) {
    const runs = mem[e].runs;
    A[e] = {
      eventsMs: median(runs.map((r) => r.eventsMs)),
      finishMs: median(runs.map((r) => r.finishMs)),
      totalMs: median(runs.map((r) => r.totalMs)),
      peak: Math.max(...runs.map((r) => r.peakRss)),
      data: mem[e].rssData,
      extra: Math.max(...runs.map((r) => r.peakRss - r.before)),
    };
  }
  const base = A.baseline;
  log(`\nA. 内存中 ${opts.units} 个对象、${opts.events} 条事件（${opts.runs} 次的中位数）/ in memory, median of ${opts.runs} runs`);
  log(
    `${padEnd('scorer', 12)} ${pad('events ms', 10)} ${pad('events/s', 11)} ${pad('finish ms', 10)} ${pad('units/s', 10)} ${pad('total ms', 9)} ${pad('÷baseline', 10)} ${pad('events×', 8)} ${pad('finish×', 8)} ${pad('data RSS', 9)} ${pad('peak RSS', 9)} ${pad('+scoring', 9)}`,
  );
  for (const e of order) {
    const r = A[e];
    log(
      `${padEnd(e, 12)} ${pad(r.eventsMs.toFixed(0), 10)} ${pad(fmtRate(rate(opts.events, r.eventsMs)), 11)} ${pad(r.finishMs.toFixed(0), 10)} ${pad(fmtRate(rate(opts.units, r.finishMs)), 10)} ${pad(r.totalMs.toFixed(0), 9)} ${pad(`${(r.totalMs / base.totalMs).toFixed(1)}×`, 10)} ${pad(`${(r.eventsMs / base.eventsMs).toFixed(1)}×`, 8)} ${pad(`${(r.finishMs / base.finishMs).toFixed(1)}×`, 8)} ${pad(MB(r.data), 9)} ${pad(MB(r.peak), 9)} ${pad(MB(r.extra), 9)}`,
    );
  }

  // B. streaming
  const B = {};
  for (const m of streamModes) {
    const rs = stream[m];
    B[m] = {
      lines: rs[0].lines,
      openMs: rs[0].openMs === undefined ? undefined : median(rs.map((r) => r.openMs)),
      readMs: median(rs.map((r) => r.readMs)),
      totalMs: median(rs.map((r) => r.totalMs)),
      peak: Math.max(...rs.map((r) => r.peakRss)),
      heap: median(rs.map((r) => r.heapAfterEvents ?? 0)),
    };
  }
  log(
    `\nB. 从 NDJSON 文件逐行读入流式评分（${opts.streamRuns} 次的中位数；同一文件的仅解析速率作对照）/ streaming from the NDJSON file, median of ${opts.streamRuns}`,
  );
  log(`   own  = bench/lib/lishui.js：最小行读取器 + JSON.parse + 类型转换 / minimal line reader + JSON.parse + typed conversion`);
  log(`   open = ${hasOpen ? 'openData(program, [objects.csv, events.ndjson])，src/data（dist/data）' : '（openData 尚未提供 / not available）'}`);
  log(
    `${padEnd('mode', 16)} ${padEnd('what', 40)} ${pad('events', 8)} ${pad('read ms', 8)} ${pad('events/s', 10)} ${pad('total ms', 9)} ${pad('÷parse', 7)} ${pad('peak RSS', 9)}`,
  );
  const names = {
    'own:parse': 'JSON.parse per line only',
    'own:convert': 'parse + convert to EventData',
    'own:baseline': 'parse + convert + baseline scorer',
    'own:compiled': 'parse + convert + compiled scorer',
    'own:compiled-notrace': 'the same, { trace: false }',
    'open:read': 'openData: objects + events, no scoring',
    'open:compiled': 'openData + compiled scorer',
  };
  for (const m of streamModes) {
    const r = B[m];
    log(
      `${padEnd(m, 16)} ${padEnd(names[m], 40)} ${pad(r.lines, 8)} ${pad(r.readMs.toFixed(0), 8)} ${pad(fmtRate(rate(r.lines, r.readMs)), 10)} ${pad(r.totalMs.toFixed(0), 9)} ${pad(`${(r.totalMs / B['own:parse'].totalMs).toFixed(1)}×`, 7)} ${pad(MB(r.peak), 9)}`,
    );
  }
  if (B['open:read'])
    log(
      `   openData 打开（读对象、扫描事件文件中的对象行）/ openData open (objects, scan for object lines): ${B['open:read'].openMs.toFixed(0)} ms of the read time`,
    );
  for (const o of objectsLoad) {
    log(
      `   openData 只读对象 / objects alone: ${o.format.toUpperCase()} ${(o.bytes / 1e6).toFixed(1)} MB, ${o.objects} objects: ${o.ms.toFixed(0)} ms, peak RSS ${MB(o.peakRss)}`,
    );
  }
  const memGrowth = [];
  for (const [m, rs] of Object.entries(small)) {
    if (!B[m]) continue;
    const sp = Math.max(...rs.map((r) => r.peakRss));
    const sh = median(rs.map((r) => r.heapAfterEvents));
    memGrowth.push({ mode: m, small: sp, smallLines: rs[0].lines, full: B[m].peak, fullLines: B[m].lines, smallHeap: sh, fullHeap: B[m].heap });
    log(
      `   流式内存 / streaming memory (${m}): ${rs[0].lines} events → peak RSS ${MB(sp)}, live heap after the events ${MB(sh)}; ${B[m].lines} events → ${MB(B[m].peak)}, ${MB(B[m].heap)} (+${((B[m].heap - sh) / 1048576).toFixed(0)} MB live for ${B[m].lines - rs[0].lines} more events = ${((B[m].heap - sh) / (B[m].lines - rs[0].lines)).toFixed(0)} B/event)`,
    );
  }

  // targets
  const comp = A.compiled;
  const verdict = {};
  log('\n目标 / targets');
  if (comp) {
    const ratio = comp.totalMs / base.totalMs;
    const evRate = rate(opts.events, comp.eventsMs);
    const endToEnd = rate(opts.events, comp.totalMs);
    verdict.ratio = ratio;
    verdict.eventsPerSecond = evRate;
    log(
      `  编译模块总耗时为基准的 ${ratio.toFixed(1)} 倍（目标 ≤ 2 倍）/ compiled ${ratio.toFixed(1)}× the baseline (target ≤ 2×): ${ratio <= 2 ? '达标 met' : '未达标 NOT met'}`,
    );
    log(
      `  编译模块事件吞吐 ${fmtRate(evRate)}（目标 ≥ 1 M/s，单线程）/ compiled event throughput ${fmtRate(evRate)} (target ≥ 1 M/s on one thread): ${evRate >= 1e6 ? '达标 met' : '未达标 NOT met'}; end to end incl. finish ${fmtRate(endToEnd)}`,
    );
  }
  const quiet = A['compiled-notrace'];
  if (quiet) {
    // The baseline keeps no explanation: this is the like-for-like comparison.
    const ratio = quiet.totalMs / base.totalMs;
    verdict.ratioNoTrace = ratio;
    verdict.eventsPerSecondNoTrace = rate(opts.events, quiet.eventsMs);
    log(
      `  不记录评分过程时（与基准同样只算分）为基准的 ${ratio.toFixed(1)} 倍，事件吞吐 ${fmtRate(verdict.eventsPerSecondNoTrace)} / without traces (like the baseline) ${ratio.toFixed(1)}× the baseline, ${fmtRate(verdict.eventsPerSecondNoTrace)} events: ${ratio <= 2 ? '达标 met' : '未达标 NOT met'}`,
    );
  }
  log(
    `  基准自身事件吞吐 ${fmtRate(rate(opts.events, base.eventsMs))}（本机上限的参照）/ the baseline itself: ${fmtRate(rate(opts.events, base.eventsMs))} events (what this machine allows)`,
  );
  log(`负载 / load average: before ${loadBefore}, after ${loadAfter} (${cpus().length} cores)`);
  return { ok: true, opts, A, B, memGrowth, objectsLoad, verdict, load: { before: loadBefore, after: loadAfter }, meta };
}

if (process.argv[2] === '--child') {
  const [, , , kind, engine, json] = process.argv;
  const opts = JSON.parse(json);
  const out = kind === 'mem' ? await childInMemory(engine, opts) : kind === 'objects' ? await childObjects(engine, opts) : await childStream(engine, opts);
  await new Promise((r) => setImmediate(r));
  process.stdout.write(`@@RESULT ${JSON.stringify(out)}\n`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchScore();
  if (!r.ok) process.exitCode = 1;
}
