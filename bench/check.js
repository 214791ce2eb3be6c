// Benchmark: time to check each seed rubric (warm), beside the time to lex the same bytes —
// the baseline measured in the same run. Target: Shaanxi under 20 ms, fast enough to re-check
// on every keystroke in an editor.
import { readFileSync, readdirSync } from 'node:fs';
import { check } from '../dist/checking/check.js';
import { lex } from '../dist/syntax/lexer.js';
import { parse } from '../dist/syntax/parse.js';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f, runs) {
  for (let i = 0; i < 5; i++) f(); // warm up
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

export function benchCheck({ runs = 30 } = {}) {
  const rows = [];
  const files = readdirSync('rubrics')
    .filter((f) => f.endsWith('.rubric'))
    .sort();
  const sources = new Map(files.map((f) => [f, readFileSync(`rubrics/${f}`, 'utf8')]));
  // Warm every code path on every rubric first: otherwise the first rubric timed pays the JIT.
  for (let i = 0; i < 5; i++) for (const src of sources.values()) check(src);
  for (const f of files) {
    const src = sources.get(f);
    const lexMs = time(() => lex(src), runs);
    const parseMs = time(() => parse(src), runs);
    const checkMs = time(() => check(src), runs);
    rows.push({ rubric: f, bytes: Buffer.byteLength(src), lexMs, parseMs, checkMs, ratio: checkMs / lexMs });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = benchCheck();
  console.log('检查耗时（热启动，中位数）与同一文本的词法分析耗时之比');
  console.log('rubric                  bytes    lex ms  parse ms  check ms  check/lex');
  for (const r of rows) {
    console.log(
      `${r.rubric.padEnd(22)} ${String(r.bytes).padStart(6)}  ${r.lexMs.toFixed(2).padStart(7)}  ${r.parseMs.toFixed(2).padStart(8)}  ${r.checkMs.toFixed(2).padStart(8)}  ${r.ratio.toFixed(1).padStart(8)}×`,
    );
  }
  const sx = rows.find((r) => r.rubric.startsWith('shaanxi'));
  if (sx) console.log(`陕西 ${sx.checkMs.toFixed(2)} ms（目标 < 20 ms）：${sx.checkMs < 20 ? '达标' : '未达标'}`);
}
