/**
 * Robustness of check(): fast-check feeds it thousands of random and mutated rubric texts.
 * Whatever the input, check() must return (never throw), within a time bound per input, and
 * every diagnostic must be well formed: a code listed in CODES with its severity, a span inside
 * the text whose line and column agree with its offsets, line ≥ 1 and col ≥ 1.
 *
 * Seeds are fixed so CI is reproducible. To explore further, change SEED (or set the
 * RUBRIC_FUZZ_SEED / RUBRIC_FUZZ_SCALE environment variables) and run
 *   npx vitest run tests/checking/robust.test.ts
 * A failing example is printed by fast-check with its seed and path; keep it below as an
 * `it.skip` with a comment when it is a bug to be fixed in src/.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/checking/check.js';
import { CODES } from '../../src/diagnostics/codes.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { BLOCK_KEYWORDS, KEYWORDS } from '../../src/syntax/tokens.js';
import { loadRubrics } from './helpers.js';

const SEED = Number(process.env.RUBRIC_FUZZ_SEED ?? 20250611);
const SCALE = Number(process.env.RUBRIC_FUZZ_SCALE ?? 1);
/** Fail when a single check() takes longer than this. */
const MAX_MS = 2000;

const RUNS = {
  soup: Math.round(2500 * SCALE),
  lines: Math.round(1500 * SCALE),
  window: Math.round(1500 * SCALE),
  whole: Math.round(60 * SCALE),
};

const rubrics = loadRubrics();

// ── invariants ──────────────────────────────────────────────────────────────

interface Stats {
  runs: number;
  totalMs: number;
  maxMs: number;
  maxInputLength: number;
  slowest?: string;
  diagnostics: number;
  codes: Set<string>;
}
const stats: Record<string, Stats> = {};
function statsFor(name: string): Stats {
  return (stats[name] ??= { runs: 0, totalMs: 0, maxMs: 0, maxInputLength: 0, diagnostics: 0, codes: new Set() });
}

/** Line and column (1-based, in UTF-16 units like the lexer) of every offset of one text. */
function lineIndex(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  };
}

/** Returns a description of the first broken invariant, or undefined. */
function badDiagnostic(text: string, lineColAt: ReturnType<typeof lineIndex>, d: Diagnostic): string | undefined {
  const info = CODES[d.code as keyof typeof CODES];
  if (!info) return `unknown code ${d.code}`;
  if (d.severity !== info.severity) return `${d.code} has severity ${d.severity}, CODES says ${info.severity}`;
  if (typeof d.message !== 'string' || !d.message) return `${d.code} has no message`;
  const s = d.span;
  if (!s) return `${d.code} has no span`;
  if (!(Number.isInteger(s.start) && Number.isInteger(s.end))) return `${d.code} span offsets are not integers`;
  if (s.start < 0 || s.end < s.start || s.end > text.length) return `${d.code} span ${s.start}-${s.end} outside 0-${text.length}`;
  if (!(s.line >= 1 && s.col >= 1)) return `${d.code} at ${s.line}:${s.col}`;
  if (!(s.endLine >= s.line)) return `${d.code} ends on line ${s.endLine} before it starts on ${s.line}`;
  const start = lineColAt(s.start);
  if (start.line !== s.line || start.col !== s.col) {
    return `${d.code} says ${s.line}:${s.col} but offset ${s.start} is ${start.line}:${start.col}`;
  }
  const end = lineColAt(s.end);
  if (end.line !== s.endLine || end.col !== s.endCol) {
    return `${d.code} says it ends at ${s.endLine}:${s.endCol} but offset ${s.end} is ${end.line}:${end.col}`;
  }
  return undefined;
}

/** check() one input and assert every invariant; records timing. */
function checkOne(kind: string, text: string): void {
  const st = statsFor(kind);
  const t0 = performance.now();
  let diagnostics: Diagnostic[];
  try {
    diagnostics = check(text).diagnostics;
  } catch (e) {
    throw new Error(`check() threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
  const ms = performance.now() - t0;
  st.runs++;
  st.totalMs += ms;
  st.maxInputLength = Math.max(st.maxInputLength, text.length);
  if (ms > st.maxMs) {
    st.maxMs = ms;
    st.slowest = text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
  }
  if (!Array.isArray(diagnostics)) throw new Error('diagnostics is not an array');
  if (ms > MAX_MS) throw new Error(`check() took ${ms.toFixed(0)} ms (limit ${MAX_MS} ms)`);
  st.diagnostics += diagnostics.length;
  const lineColAt = lineIndex(text);
  for (const d of diagnostics) {
    st.codes.add(d.code);
    const bad = badDiagnostic(text, lineColAt, d);
    if (bad) throw new Error(bad);
  }
  for (let i = 1; i < diagnostics.length; i++) {
    if (diagnostics[i - 1]!.span.start > diagnostics[i]!.span.start) throw new Error('diagnostics are not sorted by position');
  }
}

/**
 * The first check() in a worker builds the chevrotain grammar and warms the JIT (about a
 * second on a slow machine); that one-time cost is measured and reported, not held against
 * the per-input bound.
 */
let warmUpMs = 0;
beforeAll(() => {
  const t0 = performance.now();
  check(rubrics[0]?.source ?? '');
  warmUpMs = performance.now() - t0;
});

afterAll(() => {
  const rows = Object.entries(stats).map(
    ([k, s]) =>
      `  ${k.padEnd(7)} runs=${String(s.runs).padStart(5)}  mean=${(s.totalMs / Math.max(1, s.runs)).toFixed(2)}ms  ` +
      `max=${s.maxMs.toFixed(1)}ms  longest input=${s.maxInputLength}  diagnostics=${s.diagnostics}  codes=${s.codes.size}`,
  );
  const all = Object.values(stats);
  const runs = all.reduce((a, s) => a + s.runs, 0);
  const max = Math.max(0, ...all.map((s) => s.maxMs));
  const codes = new Set(all.flatMap((s) => [...s.codes]));
  // Printed so the numbers can be quoted in reports; vitest shows test stdout.
  const unseen = Object.keys(CODES).filter((c) => !codes.has(c));
  const slowest = all.reduce<Stats | undefined>((a, s) => (!a || s.maxMs > a.maxMs ? s : a), undefined);
  console.log(
    `[robust] seed=${SEED} runs=${runs} max=${max.toFixed(1)}ms (limit ${MAX_MS}ms), codes seen ${codes.size}/${Object.keys(CODES).length}` +
      ` (never: ${unseen.join(' ')}); first check in the worker (warm-up) ${warmUpMs.toFixed(0)}ms\n${rows.join('\n')}` +
      `\n  slowest input: ${JSON.stringify(slowest?.slowest?.slice(0, 120) ?? '')}`,
  );
});

// ── generators ──────────────────────────────────────────────────────────────

const KEYWORD_WORDS = [...new Set(KEYWORDS.map(([w]) => w))];
const BLOCK_WORDS = BLOCK_KEYWORDS.map(([w]) => w);
const REAL_NAMES = [...new Set(rubrics.flatMap((r) => [...r.source.matchAll(/【([^】\n]*)】/g)].map((m) => m[1]!)))];
const PUNCT = [...'，,；;：:（(）)、。“”"「」『』‘’【】%％+-×÷*/／—～~<>=≤≥＜＞＝.．'];
const SPACES = [' ', '  ', '\u3000', '\t', '\r\n', '\r'];
const ODD = ['‰', '😀', '𠮷', '\u0000', '\ufeff', '\u200b', '\\', '@', '&', '★', '①', '⑳', '٣', 'ａ', 'Ａ'];
const MARKERS = ['一、', '二、', '十二、', '（一）', '(二)', '（十）', '1.', '2.', '12.', '1．', '3、', '（1）', '(2)', '①', '②', '⑩'];
const LABELS = ['优秀', '良好', '合格', '不合格', '满意单位', '满意候选', '最佳办案能手'];

const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c));
const cjkRun = fc.array(cjk, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
const name = fc
  .oneof({ weight: 3, arbitrary: fc.constantFrom(...REAL_NAMES) }, { weight: 1, arbitrary: cjkRun }, { weight: 1, arbitrary: fc.constant('') })
  .map((n) => `【${n}】`);
const digits = fc.oneof(
  fc.nat({ max: 200 }).map(String),
  fc.tuple(fc.nat({ max: 100 }), fc.nat({ max: 99 })).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('０', '１．５', '90', '100', '0.1', '0.2', '1.2', '99999999999999999999'),
  fc.constantFrom('一', '二', '三', '十', '十二', '一百零五', '两'),
);
const number = fc
  .tuple(digits, fc.constantFrom('', '', '分', '%', '％', '件', '人次', '个百分点', '分/件', '件/人', '票', '个工作日', '天', '岁', '个月', '名', '起'))
  .map(([d, u]) => d + u);
const date = fc.constantFrom('2022-12-31', '2022年1月1日', '2023年11月', '２０２２年１２月３１日', '2022-13-45', '2022年2月30日');
const quoted = fc.tuple(fc.constantFrom('“', '"', '「', '『'), cjkRun, fc.constantFrom('”', '"', '」', '』', '')).map((a) => a.join(''));

/** Token-sized pieces: keywords, names, numbers, punctuation, markers, CJK, whitespace. */
const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...KEYWORD_WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...BLOCK_WORDS).map((w) => `${w}：`) },
  { weight: 4, arbitrary: name },
  { weight: 4, arbitrary: number },
  { weight: 1, arbitrary: date },
  { weight: 4, arbitrary: fc.constantFrom(...PUNCT) },
  { weight: 3, arbitrary: fc.constant('\n') },
  { weight: 2, arbitrary: fc.constantFrom(...MARKERS) },
  { weight: 2, arbitrary: cjkRun },
  { weight: 2, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 1, arbitrary: quoted },
  { weight: 1, arbitrary: fc.constantFrom('#注释', '＃说明', ' # 行尾注释\n') },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
);
const soup = fc.array(piece, { maxLength: 150, size: 'max' }).map((a) => a.join(''));

/** Lines that start like real rubric lines, so the parser and checker get past the lexer more often. */
const lineStart = fc.oneof(
  fc.constantFrom(...MARKERS),
  fc.constant('考核 '),
  fc.constantFrom(...BLOCK_WORDS).map((w) => `${w}：`),
  fc.constantFrom(...LABELS).map((l) => `${l}：`),
  name,
  fc.constantFrom('  属性', '  计入'),
  fc.constant(''),
);
const line = fc
  .tuple(fc.constantFrom('', '  ', '    '), lineStart, fc.array(piece, { maxLength: 25, size: 'max' }))
  .map(([indent, start, rest]) => indent + start + rest.join('').replace(/\n/g, ''));
/** A plausible prologue: the header and declarations of a real rubric, so that names resolve. */
const prologues = rubrics.map((r) => {
  const lines = r.source.split('\n');
  const firstItem = lines.findIndex((l) => /^\s*(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．])/.test(l));
  return lines.slice(0, firstItem > 0 ? firstItem : 40).join('\n');
});
const lines = fc
  .tuple(fc.option(fc.constantFrom(...prologues), { freq: 2 }), fc.array(line, { minLength: 1, maxLength: 30, size: 'max' }))
  .map(([pro, ls]) => (pro ? `${pro}\n` : '') + ls.join('\n'));

// ── mutations of the real rubrics ───────────────────────────────────────────

type Op =
  | {
      op: 'deleteChars' | 'duplicateChars' | 'swapChars' | 'truncate' | 'deleteLine' | 'duplicateLine' | 'swapLines' | 'moveLine' | 'swapChunks';
      a: number;
      b: number;
      len: number;
    }
  | { op: 'insert' | 'replaceNumber' | 'replaceChunk'; a: number; text: string; len: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constantFrom('deleteChars', 'duplicateChars', 'swapChars', 'deleteLine', 'duplicateLine', 'swapLines', 'moveLine', 'swapChunks'),
      a: fc.nat(),
      b: fc.nat(),
      len: fc.integer({ min: 1, max: 6 }),
    }) as fc.Arbitrary<Op>,
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), a: fc.nat(), b: fc.nat(), len: fc.constant(1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), a: fc.nat(), text: piece, len: fc.constant(0) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replaceChunk' as const), a: fc.nat(), text: piece, len: fc.integer({ min: 1, max: 4 }) }) },
  // Change one number of the document (points, amounts, thresholds): sums and caps stop agreeing.
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replaceNumber' as const), a: fc.nat(), text: digits, len: fc.constant(0) }) },
);

function applyOp(s: string, o: Op): string {
  if (!('text' in o)) return applyEdit(s, o);
  const n = s.length;
  if (o.op === 'insert') {
    const i = n ? o.a % (n + 1) : 0;
    return s.slice(0, i) + o.text + s.slice(i);
  }
  if (o.op === 'replaceNumber') {
    const nums = [...s.matchAll(/[0-9０-９]+(?:[.．][0-9０-９]+)?/g)];
    if (!nums.length) return s;
    const m = nums[o.a % nums.length]!;
    return s.slice(0, m.index) + o.text + s.slice(m.index! + m[0].length);
  }
  if (o.op === 'replaceChunk') {
    if (!n) return o.text;
    const i = o.a % n;
    return s.slice(0, i) + o.text + s.slice(i + o.len);
  }
  return s;
}

function applyEdit(s: string, o: Exclude<Op, { text: string }>): string {
  const n = s.length;
  if (!n) return s;
  const i = o.a % n;
  const j = o.b % n;
  switch (o.op) {
    case 'deleteChars':
      return s.slice(0, i) + s.slice(i + o.len);
    case 'duplicateChars': {
      const chunk = s.slice(i, i + o.len);
      return s.slice(0, j) + chunk + s.slice(j);
    }
    case 'swapChars':
    case 'swapChunks': {
      const len = o.op === 'swapChars' ? 1 : o.len;
      let [x, y] = i <= j ? [i, j] : [j, i];
      if (y < x + len) return s; // overlapping chunks: leave as is
      return s.slice(0, x) + s.slice(y, y + len) + s.slice(x + len, y) + s.slice(x, x + len) + s.slice(y + len);
    }
    case 'truncate':
      return s.slice(0, i);
    default: {
      const ls = s.split('\n');
      const li = o.a % ls.length;
      const lj = o.b % ls.length;
      if (o.op === 'deleteLine') ls.splice(li, 1);
      else if (o.op === 'duplicateLine') ls.splice(lj, 0, ls[li]!);
      else if (o.op === 'swapLines') [ls[li], ls[lj]] = [ls[lj]!, ls[li]!];
      else {
        const [l] = ls.splice(li, 1);
        ls.splice(lj % (ls.length + 1), 0, l!);
      }
      return ls.join('\n');
    }
  }
}

const mutate = (base: string, ops: Op[]) => ops.reduce(applyOp, base);

/** A window of 5–80 lines of a real rubric, mutated. */
const window = fc
  .record({
    file: fc.nat({ max: rubrics.length - 1 }),
    from: fc.nat(),
    size: fc.integer({ min: 5, max: 80 }),
    ops: fc.array(opArb, { minLength: 1, maxLength: 8, size: 'max' }),
  })
  .map(({ file, from, size, ops }) => {
    const ls = rubrics[file]!.source.split('\n');
    const start = from % ls.length;
    return mutate(ls.slice(start, start + size).join('\n'), ops);
  });

/** A whole real rubric, mutated a few times. */
const whole = fc
  .record({ file: fc.nat({ max: rubrics.length - 1 }), ops: fc.array(opArb, { minLength: 1, maxLength: 5 }) })
  .map(({ file, ops }) => mutate(rubrics[file]!.source, ops));

// ── the properties ──────────────────────────────────────────────────────────

describe('check() on random and mutated input', () => {
  // Whether rubrics/ is free of errors is another suite's concern (those files are being edited);
  // here they are only the baseline for timing and well-formed diagnostics.
  it('the real rubrics check within the bound (baseline)', () => {
    expect(rubrics.length).toBeGreaterThan(0);
    for (const r of rubrics) checkOne('real', r.source);
  });

  it(`keyword soup: ${RUNS.soup} random texts over keywords, names, numbers, punctuation, markers and CJK`, () => {
    fc.assert(
      fc.property(soup, (text) => checkOne('soup', text)),
      { seed: SEED, numRuns: RUNS.soup },
    );
  });

  it(`line-shaped random texts: ${RUNS.lines} runs, half of them after a real prologue`, () => {
    fc.assert(
      fc.property(lines, (text) => checkOne('lines', text)),
      { seed: SEED + 1, numRuns: RUNS.lines },
    );
  });

  it(`mutated windows of the real rubrics: ${RUNS.window} runs`, () => {
    fc.assert(
      fc.property(window, (text) => checkOne('window', text)),
      { seed: SEED + 2, numRuns: RUNS.window },
    );
  });

  it(`mutated whole rubrics: ${RUNS.whole} runs`, () => {
    fc.assert(
      fc.property(whole, (text) => checkOne('whole', text)),
      { seed: SEED + 3, numRuns: RUNS.whole },
    );
  });

  it('stress inputs stay within the bound', () => {
    const base = rubrics.find((r) => r.file.startsWith('lishui'))?.source ?? rubrics[0]!.source;
    const inputs = {
      empty: '',
      onlyNewlines: '\n'.repeat(5000),
      longUnknownWord: '1.x：' + '丽'.repeat(20000),
      longName: '1.x：【' + '甲'.repeat(20000) + '】每件扣1分',
      manyItems: '考核 x（扣分制）\n' + Array.from({ length: 3000 }, (_, i) => `${i + 1}.第${i}项（1分）：扣1分。`).join('\n'),
      longSentence: '1.x（扣分制）：' + '【a】且'.repeat(2000) + '【a】的，扣1分。',
      manySentences: '1.x（扣分制）：' + '扣1分；'.repeat(5000),
      unclosedEverything: '【'.repeat(3000) + '“'.repeat(3000) + '（'.repeat(200),
      nested100: '1.x（扣分制）：扣' + '（'.repeat(100) + '1分' + '）'.repeat(100) + '。',
      rubricTwice: base + '\n' + base,
      crlf: base.replace(/\n/g, '\r\n'),
    };
    for (const [k, text] of Object.entries(inputs)) {
      try {
        checkOne('stress', text);
      } catch (e) {
        throw new Error(`${k}: ${(e as Error).message}`);
      }
    }
  });

  // Deep nesting once overflowed the stack of the recursive parser (about 300 nested “（”,
  // ~1400 stacked “未”, ~1000 nested “若…则”); it is now refused with E1109.
  it('deeply nested input returns diagnostics instead of overflowing the stack', () => {
    checkOne('stress', '1.x（扣分制）：扣' + '（'.repeat(300) + '1分' + '）'.repeat(300));
    checkOne('stress', '1.x：扣' + '（'.repeat(600));
    checkOne('stress', '1.x：' + '未'.repeat(1500) + '【a】的，扣1分');
  });
});
