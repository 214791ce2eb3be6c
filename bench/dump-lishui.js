// Writes the full result of scoring generated Lishui data with the compiled module (and the
// interpreter), traced and untraced, at several sizes, as JSON lines: one file per build. Two
// builds are equivalent for these data when their files are byte-identical. The differential
// test cannot see a change in the shared engine (both sides use it), so engine changes that must
// not change results are checked this way:
//
//   node bench/dump-lishui.js /tmp/before.jsonl          (on the old build; or BENCH_DIST=<dir>)
//   node bench/dump-lishui.js /tmp/after.jsonl           (after rebuilding)
//   cmp /tmp/before.jsonl /tmp/after.jsonl
//
// Sizes: DUMP_SIZES (units:events,… default 50:5000,500:50000,2000:200000).
import { createWriteStream } from 'node:fs';
import { generateLishui } from './gen-lishui.js';
import { compiledModule, dist, loadProgram } from './lib/lishui.js';

const out = process.argv[2];
if (!out) {
  console.error('用法 / usage: node bench/dump-lishui.js <out.jsonl>');
  process.exit(2);
}
const sizes = (process.env.DUMP_SIZES ?? '50:5000,500:50000,2000:200000').split(',').map((s) => s.split(':').map(Number));
const program = await loadProgram();
const mod = await compiledModule(program);
const { createScorer } = await import(dist('api.js'));
const file = createWriteStream(out);
for (const [units, events] of sizes) {
  const data = await generateLishui({ program, units, events, seed: 7 + units });
  const us = data.objects.map((o) => ({ name: o.name, inputs: o.values }));
  for (const options of [{}, { trace: false }]) {
    for (const engine of ['compiled', 'interpreter']) {
      const s = engine === 'compiled' ? mod.createScorer(us, {}, options) : createScorer(program, data.objects, {}, options);
      for (const e of data.events) engine === 'compiled' ? s.addEventData(e) : s.addEvent(e);
      const r = s.finish();
      file.write(`${JSON.stringify({ units, events, engine, trace: options.trace !== false })}\n`);
      for (const o of r.objects) file.write(`${JSON.stringify(o)}\n`);
      file.write(`${JSON.stringify({ ...r, objects: undefined })}\n`);
    }
  }
  console.error(`${units} units, ${events} events: done`);
}
await new Promise((r) => file.end(r));
