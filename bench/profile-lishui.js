// CPU profile of the compiled Lishui scorer, one profile per phase (the event loop, finish()),
// with the same sampling profiler as `node --cpu-prof` (node:inspector). Writes
// bench/.data/lishui-<phase>.cpuprofile (open in Chrome DevTools / VS Code) and prints the
// functions with the most self time and the heaviest call paths into the engine. With --alloc,
// also the bytes allocated per phase by function (sampling heap profiler, counting objects the
// GC has already collected): a measure that does not depend on the machine's load.
//
//   node bench/profile-lishui.js [compiled|interpreter] [--alloc] [--no-trace]
//   (BENCH_UNITS / BENCH_EVENTS; defaults 10000 / 1000000; --no-trace: scorers made with { trace: false })
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateLishui } from './gen-lishui.js';
import { compiledModule, DATA_DIR, dist, loadProgram, ROOT } from './lib/lishui.js';

const engine = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'compiled';
const alloc = process.argv.includes('--alloc');
const options = process.argv.includes('--no-trace') ? { trace: false } : {};
const units = Number(process.env.BENCH_UNITS ?? 10000);
const events = Number(process.env.BENCH_EVENTS ?? 1000000);

const program = await loadProgram();
const data = await generateLishui({ program, units, events, seed: Number(process.env.BENCH_SEED ?? 2022) });
let scorer;
if (engine === 'compiled') {
  const mod = await compiledModule(program);
  const s = mod.createScorer(
    data.objects.map((o) => ({ name: o.name, inputs: o.values })),
    {},
    options,
  );
  scorer = { addEvent: (e) => s.addEventData(e), finish: () => s.finish() };
} else {
  const { interpreterFor } = await import(dist('api.js'));
  const { Scorer } = await import(dist('runtime/engine/run.js'));
  scorer = new Scorer(program, interpreterFor(program), data.objects, {}, options);
}

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });

async function profile(phase, f) {
  if (alloc) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  } else await session.post('Profiler.start');
  const t = performance.now();
  f();
  const ms = performance.now() - t;
  if (alloc) {
    const { profile: hp } = await session.post('HeapProfiler.stopSampling');
    reportAlloc(phase, hp);
    return;
  }
  const { profile: p } = await session.post('Profiler.stop');
  const file = join(DATA_DIR, `lishui-${engine}-${phase}.cpuprofile`);
  writeFileSync(file, JSON.stringify(p));
  report(phase, ms, p, file);
}

function reportAlloc(phase, hp) {
  const self = new Map();
  let total = 0;
  const walk = (n) => {
    const k = where(n.callFrame);
    self.set(k, (self.get(k) ?? 0) + n.selfSize);
    total += n.selfSize;
    n.children.forEach(walk);
  };
  walk(hp.head);
  const per = phase === 'events' ? events : units;
  console.log(
    `\n== ${engine} · ${phase}: ${(total / 1048576).toFixed(0)} MB allocated, ${(total / per).toFixed(0)} bytes per ${phase === 'events' ? 'event' : 'unit'} ==`,
  );
  for (const [k, b] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`  ${((100 * b) / total).toFixed(1).padStart(5)}%  ${(b / per).toFixed(0).padStart(6)} B/${phase === 'events' ? 'event' : 'unit'}  ${k}`);
}

function where(cf) {
  const url = cf.url.replace(/^file:\/\//, '');
  const short = url ? relative(ROOT, url) : '(native)';
  return `${cf.functionName || '(anonymous)'} ${short.replace(/^bench\/\.data\/dist-snapshot-\d+/, 'dist')}${url ? `:${cf.lineNumber + 1}` : ''}`;
}

function report(phase, ms, p, file) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map();
  for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const totalUs = [...dt.values()].reduce((a, b) => a + b, 0);
  const self = new Map();
  const incl = new Map();
  for (const [id, us] of dt) {
    const n = byId.get(id);
    const k = where(n.callFrame);
    self.set(k, (self.get(k) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = where(byId.get(cur).callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + us);
    }
  }
  const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
  console.log(`\n== ${engine} · ${phase}: ${ms.toFixed(0)} ms (${relative(ROOT, file)}) ==`);
  console.log('self time (top 25):');
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(us)}  ${k}`);
  console.log('inclusive time (top 30, own code):');
  for (const [k, us] of [...incl]
    .sort((a, b) => b[1] - a[1])
    .filter(([k]) => /dist\/|bench\//.test(k))
    .slice(0, 30))
    console.log(`  ${pct(us)}  ${k}`);
}

await profile('events', () => {
  for (const e of data.events) scorer.addEvent(e);
});
await profile('finish', () => scorer.finish());
session.disconnect();
