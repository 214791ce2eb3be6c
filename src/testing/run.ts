/**
 * `rubric test`: load pinned-results files, score each case, compare with the expectations,
 * and for every object that differs, find the items that moved it.
 *
 * Scores are compared exactly (rationals: "0.50" = "1/2"); there is no tolerance.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileRubric, score } from '../api.js';
import { nearest, normalizeItemKey } from '../data/fields.js';
import { readDataset } from '../data/index.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import type { Dataset, ObjectResult, RunResult } from '../runtime/model.js';
import type { NodeSpec, Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import { flatten, itemRef, movedAgainstExpected, movedBetween, signed, type ItemRef, type MovedItem } from './attribute.js';
import { gitBaseline, type Baseline, type BaselineProvider } from './baseline.js';
import {
  dataSources,
  describeProblem,
  displayPath,
  readTestFile,
  type CaseSpec,
  type Expectation,
  type FileProblem,
  type TestFile,
  type UnitExpectation,
} from './spec.js';

// ── report model ───────────────────────────────────────────────────────────

/** The actual value, typed as the expectation, for messages and for --update. */
export type Actual =
  | { kind: 'number'; value: string }
  | { kind: 'integer'; value: number }
  | { kind: 'text'; value: string | null }
  | { kind: 'bool'; value: boolean }
  | { kind: 'list'; value: string[] };

export interface Mismatch {
  field: Expectation['field'];
  /** 项目: the item as written in the file; 结果运用: the group. */
  key?: string;
  item?: ItemRef;
  expected: string;
  actual: string;
  /** actual − expected, for scores. */
  delta?: string;
  /** Where the expectation is in the test file. */
  line: number;
  path: string;
  /** Internal: the expectation and the typed actual value (not in JSON output). */
  expectation: Expectation;
  actualValue: Actual;
}

export interface Moved {
  /** What the actual results are compared with. */
  against: 'baseline' | 'expected';
  label: string;
  /** The object's total before (baseline run) and now. */
  totalBefore?: string;
  totalAfter?: string;
  items: MovedItem[];
  /** Part of the total's change no listed item accounts for (expected-only comparison). */
  unexplained?: string;
  note?: string;
  /** When the object's own total did not change: other objects whose totals did. */
  others?: { name: string; before: string; after: string; delta: string }[];
}

export interface UnitReport {
  name: string;
  line: number;
  ok: boolean;
  /** The object is not in the results. */
  missing?: string;
  mismatches: Mismatch[];
  moved?: Moved;
}

export interface CaseReport {
  file: string;
  /** 名称, or 用例N; empty for the one unnamed case of a file. */
  name: string;
  /** Whether to show the name (several cases, or a 名称 given). */
  named: boolean;
  line: number;
  rubric: string;
  status: 'pass' | 'fail' | 'error';
  /** Number of expectations compared. */
  checks: number;
  /** Why the case could not be compared: test-file, rubric or data problems. */
  errors: string[];
  units: UnitReport[];
  overall: Mismatch[];
  /** The adopted rubric the results were compared with, or why there was none (only for failing cases). */
  baseline?: { compared: true; label: string } | { compared: false; reason: string };
}

export interface FileReport {
  file: string;
  problems: string[];
  cases: CaseReport[];
}

export interface TestReport {
  files: FileReport[];
  /** errors: cases that could not be compared; invalidFiles: test files with problems (no case run). */
  summary: { files: number; cases: number; passed: number; failed: number; errors: number; invalidFiles: number };
}

/** Everything --update needs: the files as read, and each case's mismatches. */
export interface TestRun {
  report: TestReport;
  files: TestFile[];
}

export interface RunOptions {
  cwd?: string;
  /** Where the adopted rubric comes from; default git HEAD. */
  baseline?: BaselineProvider;
}

// ── finding test files ─────────────────────────────────────────────────────

export const TEST_FILE_RE = /\.test\.ya?ml$/i;

/** Test files under the given directories (recursively) and the files given directly. */
export function findTestFiles(args: string[], cwd = process.cwd()): { files: string[]; missing: string[]; empty: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const empty: string[] = [];
  const walk = (dir: string, out: string[]) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, out);
      else if (e.isFile() && TEST_FILE_RE.test(e.name)) out.push(p);
    }
  };
  for (const a of args) {
    const abs = resolve(cwd, a);
    let st;
    try {
      st = statSync(abs);
    } catch {
      missing.push(a);
      continue;
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      walk(abs, found);
      if (!found.length) empty.push(a);
      files.push(...found);
    } else files.push(abs);
  }
  return { files: [...new Set(files)], missing, empty };
}

// ── rubric-dependent checks ────────────────────────────────────────────────

function allNodes(program: Program): NodeSpec[] {
  const out: NodeSpec[] = [];
  const walk = (n: NodeSpec) => {
    out.push(n);
    n.children.forEach(walk);
  };
  program.nodes.forEach(walk);
  return out;
}

export type ItemLookup = { id: string } | { error: string };

/** An item by id (（一）.5), by number when unique (16, 第16项), by alias (【数量分】) or by title when unique. */
export function resolveItem(program: Program, key: string): ItemLookup {
  const nodes = allNodes(program);
  const k = normalizeItemKey(key);
  const byId = nodes.find((n) => n.id === k || normalizeItemKey(n.id) === k);
  if (byId) return { id: byId.id };
  const byNumber = nodes.filter((n) => n.number === k || normalizeItemKey(n.number) === k);
  if (byNumber.length === 1) return { id: byNumber[0]!.id };
  if (byNumber.length > 1) return { error: `编号“${key}”对应多个项目（${byNumber.map((n) => n.id).join('、')}），请写完整编号` };
  const bare = key.trim().replace(/^【(.*)】$/, '$1');
  const byAlias = nodes.find((n) => n.alias === bare);
  if (byAlias) return { id: byAlias.id };
  const byTitle = nodes.filter((n) => n.title === bare);
  if (byTitle.length === 1) return { id: byTitle[0]!.id };
  if (byTitle.length > 1) return { error: `标题“${bare}”对应多个项目（${byTitle.map((n) => n.id).join('、')}），请写项目编号` };
  const bareParens = (x: string) => x.replace(/[（）()]/g, '');
  const s =
    nodes.find((n) => bareParens(n.id) === bareParens(k))?.id ??
    nearest(
      k,
      nodes.map((n) => n.id),
    );
  return { error: `考核规则中没有项目“${key}”${s ? `，是否应为“${s}”？` : ''}（写项目编号，如 ${nodes[Math.min(1, nodes.length - 1)]?.id ?? '一'}）` };
}

function gradeLabels(program: Program): string[] {
  const out = new Set<string>();
  for (const b of program.grades?.bands ?? []) {
    out.add(b.label);
    if (b.outsideQuota) out.add(b.outsideQuota);
    if (b.vetoTo) out.add(b.vetoTo);
  }
  return [...out];
}

/** Checks the expectations that need the rubric; fills in item ids. */
export function resolveCase(program: Program, c: CaseSpec): FileProblem[] {
  const problems: FileProblem[] = [];
  const grades = gradeLabels(program);
  const titles = program.titles.map((t) => t.label);
  for (const u of c.units) {
    for (const e of u.checks) {
      if (e.field === '项目') {
        const r = resolveItem(program, e.key!);
        if ('id' in r) e.itemId = r.id;
        else problems.push({ pos: e.pos, message: r.error });
      } else if (e.field === '等次' && e.expected.kind === 'text' && e.expected.value !== null) {
        if (!grades.length) problems.push({ pos: e.pos, message: '考核规则没有“等次：”，不能期望等次' });
        else if (!grades.includes(e.expected.value)) {
          const s = nearest(e.expected.value, grades);
          problems.push({ pos: e.pos, message: `考核规则没有等次“${e.expected.value}”${s ? `，是否应为“${s}”？` : ''}（有：${grades.join('、')}）` });
        }
      } else if (e.field === '称号' && e.expected.kind === 'list') {
        for (const t of e.expected.value) {
          if (titles.includes(t)) continue;
          const s = nearest(t, titles);
          problems.push({
            pos: e.pos,
            message: titles.length
              ? `考核规则没有称号“${t}”${s ? `，是否应为“${s}”？` : ''}（有：${titles.join('、')}）`
              : '考核规则没有“评定：”，不能期望称号',
          });
        }
      }
    }
  }
  return problems;
}

// ── comparing ──────────────────────────────────────────────────────────────

function showExpected(e: Expectation): string {
  const x = e.expected;
  switch (x.kind) {
    case 'number':
      return x.value.toString();
    case 'integer':
      return String(x.value);
    case 'text':
      return x.value ?? '无';
    case 'bool':
      return x.value ? '是' : '否';
    case 'list':
      return `[${x.value.join('、')}]`;
  }
}

function showActual(a: Actual): string {
  switch (a.kind) {
    case 'number':
      return a.value;
    case 'integer':
      return String(a.value);
    case 'text':
      return a.value ?? '无';
    case 'bool':
      return a.value ? '是' : '否';
    case 'list':
      return `[${a.value.join('、')}]`;
  }
}

function equal(e: Expectation, a: Actual): boolean {
  const x = e.expected;
  if (x.kind === 'number' && a.kind === 'number') return x.value.eq(a.value);
  if (x.kind === 'list' && a.kind === 'list') return x.value.length === a.value.length && x.value.every((v) => a.value.includes(v));
  if (x.kind === a.kind) return x.value === a.value;
  return false;
}

const flatCache = new WeakMap<ObjectResult, ReturnType<typeof flatten>>();
function nodesOf(o: ObjectResult): ReturnType<typeof flatten> {
  let m = flatCache.get(o);
  if (!m) flatCache.set(o, (m = flatten(o.nodes)));
  return m;
}

function actualOf(e: Expectation, o: ObjectResult | undefined, r: RunResult): Actual {
  switch (e.field) {
    case '总分':
      return { kind: 'number', value: o!.total };
    case '基本分':
      return { kind: 'number', value: o!.base ?? o!.total };
    case '加分':
      return { kind: 'number', value: o!.bonus ?? '0' };
    case '名次':
      return { kind: 'integer', value: o!.rank };
    case '等次':
      return { kind: 'text', value: o!.grade ?? null };
    case '否优':
      return { kind: 'bool', value: o!.vetoed };
    case '称号':
      return { kind: 'list', value: [...o!.titles] };
    case '项目':
      return { kind: 'number', value: nodesOf(o!).get(e.itemId!)?.score ?? '0' };
    case '对象数':
      return { kind: 'integer', value: r.objects.length };
    case '考核期外事件':
      return { kind: 'integer', value: r.issues.filter((i) => i.kind === 'outside-period').reduce((s, i) => s + i.count, 0) };
    case '结果运用':
      return { kind: 'number', value: r.resultUse?.adjustments.find((a) => a.group === e.key)?.delta ?? '0' };
  }
}

function compare(e: Expectation, o: ObjectResult | undefined, r: RunResult, program: Program): Mismatch | undefined {
  const a = actualOf(e, o, r);
  if (equal(e, a)) return undefined;
  const delta = e.expected.kind === 'number' && a.kind === 'number' ? signed(Rational.of(a.value).sub(e.expected.value)) : undefined;
  let item: ItemRef | undefined;
  if (e.field === '项目' && o) {
    const spec = allNodes(program).find((n) => n.id === e.itemId);
    item = itemRef(spec, nodesOf(o).get(e.itemId!), e.itemId!);
  }
  return {
    field: e.field,
    ...(e.key !== undefined ? { key: e.key } : {}),
    ...(item ? { item } : {}),
    expected: showExpected(e),
    actual: showActual(a),
    ...(delta ? { delta } : {}),
    line: e.pos.line,
    path: e.pos.path,
    expectation: e,
    actualValue: a,
  };
}

// ── running ────────────────────────────────────────────────────────────────

interface Scored {
  program: Program;
  result: RunResult;
}

type Outcome<T> = { ok: T } | { errors: string[] };

function compile(source: string, display: string): Outcome<Program> {
  const c = compileRubric(source, display);
  if (c.program) return { ok: c.program };
  const errors = c.diagnostics.filter((d) => d.severity === 'error');
  return { errors: [renderDiagnostics(errors, display, source, { color: false }), `${display}：考核规则有${errors.length}个错误，无法评分`] };
}

async function scoreWith(program: Program, c: CaseSpec): Promise<Outcome<RunResult>> {
  let data: Dataset;
  try {
    data = await readDataset(program, dataSources(c));
  } catch (e) {
    return { errors: problemsOf(e, '数据') };
  }
  try {
    return { ok: score(program, data) };
  } catch (e) {
    return { errors: problemsOf(e, '评分') };
  }
}

function problemsOf(e: unknown, what: string): string[] {
  const problems = (e as { problems?: { code?: string; message: string }[] }).problems;
  if (!Array.isArray(problems)) throw e;
  return [...problems.map((p) => `${p.code ? `[${p.code}] ` : ''}${p.message}`), `共${problems.length}个${what}问题，未能完成评分`];
}

/** Attribute a failing object's changes: to the adopted rubric when there is one, else to the expected items. */
function attribute(u: UnitExpectation, mism: Mismatch[], now: Scored, obj: ObjectResult, base: BaselineRun | undefined): Moved | undefined {
  const expectedItems = new Map<string, Rational>();
  for (const e of u.checks) if (e.field === '项目' && e.itemId && e.expected.kind === 'number') expectedItems.set(e.itemId, e.expected.value);
  const totalMiss = mism.find((m) => m.field === '总分');
  let note: string | undefined;
  if (base && 'scored' in base) {
    const bo = base.scored.result.objects.find((o) => o.name === obj.name);
    if (!bo) note = `用 ${base.label} 评分的结果中没有这个考核对象`;
    else {
      const items = movedBetween({ program: base.scored.program, object: bo }, { program: now.program, object: obj });
      const moved: Moved = { against: 'baseline', label: base.label, totalBefore: bo.total, totalAfter: obj.total, items };
      const others = othersMoved(base.scored.result, now.result, obj.name);
      if (!Rational.of(bo.total).eq(obj.total) || items.length) {
        if (others.length && mism.some((m) => m.field === '名次' || m.field === '等次' || m.field === '称号')) moved.others = others;
        return moved;
      }
      if (others.length && !totalMiss) return { ...moved, others, note: '本对象的总分和各项得分与修改前相同' };
      note = `与 ${base.label} 相比，本对象各项得分没有变化：差异不是修改考核规则带来的（数据或期望本身有变化）`;
    }
  }
  const items = movedAgainstExpected({ program: now.program, object: obj }, expectedItems);
  const moved: Moved = { against: 'expected', label: '期望中写出的项目得分', items, ...(note ? { note } : {}) };
  if (totalMiss?.delta) {
    const explained = Rational.sum(items.map((i) => Rational.of(i.delta)));
    const rest = Rational.of(totalMiss.delta).sub(explained);
    if (!rest.isZero()) moved.unexplained = signed(rest);
  }
  if (!items.length && !moved.unexplained && !note) return undefined;
  return moved;
}

/** Other objects whose totals the edit changed, biggest change first (at most 5). */
function othersMoved(before: RunResult, after: RunResult, self: string): NonNullable<Moved['others']> {
  const out: NonNullable<Moved['others']> = [];
  for (const o of after.objects) {
    if (o.name === self) continue;
    const b = before.objects.find((x) => x.name === o.name);
    if (b && !Rational.of(b.total).eq(o.total)) out.push({ name: o.name, before: b.total, after: o.total, delta: signed(Rational.of(o.total).sub(b.total)) });
  }
  return out.sort((x, y) => Rational.of(y.delta).abs().cmp(Rational.of(x.delta).abs())).slice(0, 5);
}

type BaselineRun = { label: string; scored: Scored } | { reason: string };

async function baselineRun(provider: BaselineProvider, c: CaseSpec, source: string): Promise<BaselineRun | undefined> {
  let b: Baseline;
  try {
    b = provider(c.rubric.path, source);
  } catch (e) {
    return { reason: `无法取得修改前的考核规则（${(e as Error).message}）` };
  }
  if (b.kind === 'none') return { reason: b.reason };
  if (b.kind === 'same') return { reason: `考核规则与 ${b.label} 相同，没有修改` };
  const p = compile(b.source, `${c.rubric.display}（${b.label}）`);
  if ('errors' in p) return { reason: `${b.label} 有错误，无法评分` };
  const r = await scoreWith(p.ok, c);
  if ('errors' in r) return { reason: `用 ${b.label} 评分时数据有问题：${r.errors[0]}` };
  return { label: b.label, scored: { program: p.ok, result: r.ok } };
}

export async function runCase(file: TestFile, c: CaseSpec, opts: RunOptions, cache: Map<string, Outcome<Program>>): Promise<CaseReport> {
  const report: CaseReport = {
    file: file.display,
    name: c.name,
    named: c.named || file.cases.length > 1,
    line: c.pos.line,
    rubric: c.rubric.display,
    status: 'error',
    checks: 0,
    errors: [],
    units: [],
    overall: [],
  };
  let source: string;
  try {
    source = readFileSync(c.rubric.path, 'utf8');
  } catch (e) {
    report.errors.push(`无法读取考核规则 ${c.rubric.display}：${(e as Error).message}`);
    return report;
  }
  let compiled = cache.get(c.rubric.path);
  if (!compiled) cache.set(c.rubric.path, (compiled = compile(source, c.rubric.display)));
  if ('errors' in compiled) {
    report.errors.push(...compiled.errors);
    return report;
  }
  const program = compiled.ok;
  const problems = resolveCase(program, c);
  if (problems.length) {
    report.errors.push(...problems.map(describeProblem));
    return report;
  }
  const scored = await scoreWith(program, c);
  if ('errors' in scored) {
    report.errors.push(...scored.errors);
    return report;
  }
  const result = scored.ok;
  const now: Scored = { program, result };
  let base: BaselineRun | undefined;
  let baseDone = false;
  const getBase = async () => {
    if (!baseDone) {
      baseDone = true;
      base = await baselineRun(opts.baseline ?? gitBaseline(), c, source);
    }
    return base;
  };
  for (const u of c.units) {
    const obj = result.objects.find((o) => o.name === u.name);
    report.checks += u.checks.length;
    if (!obj) {
      const s = nearest(
        u.name,
        result.objects.map((o) => o.name),
      );
      report.units.push({
        name: u.name,
        line: u.pos.line,
        ok: false,
        missing: `评分结果中没有考核对象“${u.name}”${s ? `，是否应为“${s}”？` : ''}`,
        mismatches: [],
      });
      continue;
    }
    const mism = u.checks.map((e) => compare(e, obj, result, program)).filter((m): m is Mismatch => !!m);
    const unit: UnitReport = { name: u.name, line: u.pos.line, ok: !mism.length, mismatches: mism };
    if (mism.length) {
      const moved = attribute(u, mism, now, obj, await getBase());
      if (moved) unit.moved = moved;
    }
    report.units.push(unit);
  }
  for (const e of c.overall) {
    report.checks++;
    const m = compare(e, undefined, result, program);
    if (m) report.overall.push(m);
  }
  if (base) report.baseline = 'label' in base ? { compared: true, label: base.label } : { compared: false, reason: base.reason };
  report.status = report.units.every((u) => u.ok) && !report.overall.length ? 'pass' : 'fail';
  return report;
}

export async function runTests(paths: string[], opts: RunOptions = {}): Promise<TestRun> {
  const cwd = opts.cwd ?? process.cwd();
  const files = paths.map((p) => readTestFile(p, cwd));
  const cache = new Map<string, Outcome<Program>>();
  const reports: FileReport[] = [];
  for (const f of files) {
    const problems = [...f.problems].sort((a, b) => a.pos.line - b.pos.line);
    const fr: FileReport = { file: f.display, problems: problems.map(describeProblem), cases: [] };
    for (const c of f.cases) fr.cases.push(await runCase(f, c, opts, cache));
    reports.push(fr);
  }
  const cases = reports.flatMap((r) => r.cases);
  const summary = {
    files: reports.length,
    cases: cases.length,
    passed: cases.filter((c) => c.status === 'pass').length,
    failed: cases.filter((c) => c.status === 'fail').length,
    errors: cases.filter((c) => c.status === 'error').length,
    invalidFiles: reports.filter((r) => r.problems.length).length,
  };
  return { report: { files: reports, summary }, files };
}

/** Whether every expectation held and every file could be read. */
export function allPassed(r: TestReport): boolean {
  return r.summary.failed === 0 && r.summary.errors === 0 && r.summary.invalidFiles === 0 && r.summary.cases > 0;
}

/** The report as JSON, without the internal links to the YAML nodes. */
export function reportJson(r: TestReport): string {
  return JSON.stringify(r, (k, v) => (k === 'expectation' || k === 'actualValue' ? undefined : v), 2);
}

export { displayPath };
