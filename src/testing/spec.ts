/**
 * Pinned-results files (`*.test.yaml`, docs/testing.md): reading and checking them.
 *
 * A file names a rubric, data (files or inline documents) and the results expected for some
 * objects. Reading keeps the YAML Document and every expectation's node, so that `--update`
 * can rewrite values in place, and every problem names the file, the line and the field.
 * Checks that need the rubric (grade and title labels, item numbers) run later, in
 * `resolveCase`, once the rubric is compiled.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { nearest } from '../data/fields.js';
import type { DataSource } from '../data/index.js';
import { Rational } from '../runtime/rational.js';

/** Where something is in a test file: line (1-based) and the field path as a reader writes it. */
export interface Pos {
  file: string;
  line: number;
  path: string;
}

export interface FileProblem {
  pos: Pos;
  message: string;
}

/** `a.test.yaml 第12行 期望.松阳县.总分：…` */
export function describeProblem(p: FileProblem): string {
  return `${p.pos.file} 第${p.pos.line}行${p.pos.path ? ` ${p.pos.path}` : ''}：${p.message}`;
}

export const UNIT_FIELDS = ['总分', '基本分', '加分', '名次', '等次', '否优', '称号', '项目'] as const;
export type UnitField = (typeof UNIT_FIELDS)[number];
export const OVERALL_FIELDS = ['对象数', '考核期外事件', '结果运用'] as const;
export type OverallField = (typeof OVERALL_FIELDS)[number];
const TOP_KEYS = ['规则', '数据', '期望', '全体', '用例', '名称', '说明', '备注'] as const;
const CASE_KEYS = ['规则', '数据', '期望', '全体', '名称', '说明', '备注'] as const;

function isCommentKey(k: string): boolean {
  return k === '说明' || k === '备注' || k.startsWith('#');
}

/** What an expectation holds, already checked for shape. */
export type Expected =
  | { kind: 'number'; value: Rational }
  | { kind: 'integer'; value: number }
  | { kind: 'text'; value: string | null }
  | { kind: 'bool'; value: boolean }
  | { kind: 'list'; value: string[] };

/** One value to compare, with the YAML node to rewrite on `--update`. */
export interface Expectation {
  field: UnitField | OverallField;
  /** 项目: the item as written; 结果运用: the group. */
  key?: string;
  /** 项目: the item id, once resolved against the rubric. */
  itemId?: string;
  expected: Expected;
  /** As written in the file. */
  text: string;
  pos: Pos;
  node: Scalar | YAMLSeq;
}

export interface UnitExpectation {
  name: string;
  pos: Pos;
  checks: Expectation[];
}

export type DataEntry = { kind: 'file'; path: string; display: string; pos: Pos } | { kind: 'inline'; source: { name: string; text: string }; pos: Pos };

export interface CaseSpec {
  name: string;
  /** Whether the file gave the name (名称) or it was made up (file name, 用例N). */
  named: boolean;
  pos: Pos;
  rubric: { path: string; display: string; pos: Pos };
  data: DataEntry[];
  units: UnitExpectation[];
  overall: Expectation[];
}

export interface TestFile {
  /** Absolute path, and the path as shown (relative to the working directory). */
  path: string;
  display: string;
  text: string;
  doc?: Document;
  cases: CaseSpec[];
  problems: FileProblem[];
}

export function displayPath(p: string, cwd = process.cwd()): string {
  const r = relative(cwd, p);
  return r && !r.startsWith('..') ? r : p;
}

export function dataSources(c: CaseSpec): DataSource[] {
  return c.data.map((d) => (d.kind === 'file' ? d.display : d.source));
}

// ── numbers ────────────────────────────────────────────────────────────────

/** 43.4, "43.4", "+0.8", "-1", "972/35", "43.4分", full-width digits: exact, or undefined. */
export function parseScore(text: string): Rational | undefined {
  let t = text
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．]/g, '.')
    .replace(/[／]/g, '/')
    .replace(/^[＋]/, '+')
    .replace(/^[－−]/, '-')
    .replace(/\s*分$/, '');
  if (t.startsWith('+')) t = t.slice(1);
  if (!/^-?\d+(\.\d+)?(\/\d+)?$/.test(t) || (t.includes('.') && t.includes('/'))) return undefined;
  try {
    return Rational.of(t);
  } catch {
    return undefined;
  }
}

// ── reading ────────────────────────────────────────────────────────────────

class Reader {
  readonly problems: FileProblem[] = [];
  constructor(
    readonly file: string,
    readonly lc: LineCounter,
  ) {}

  line(n: Node | Pair | null | undefined): number {
    const range = n && 'range' in n ? n.range : n && 'key' in n ? ((n.key as Node | null)?.range ?? (n.value as Node | null)?.range) : undefined;
    return range ? this.lc.linePos(range[0]).line : 1;
  }

  pos(n: Node | Pair | null | undefined, path: string): Pos {
    return { file: this.file, line: this.line(n), path };
  }

  fail(n: Node | Pair | null | undefined, path: string, message: string): void {
    this.problems.push({ pos: this.pos(n, path), message });
  }
}

/** The text a scalar was written as: 43.40 stays "43.40", not the float 43.4. */
function scalarText(s: Scalar): string {
  if (typeof s.value === 'string') return s.value;
  const src = (s as Scalar & { source?: string }).source;
  return typeof s.value === 'number' && src !== undefined ? src : String(s.value);
}

function keyText(p: Pair): string | undefined {
  const k = p.key;
  if (isScalar(k)) return scalarText(k);
  return undefined;
}

function shown(n: unknown): string {
  if (isScalar(n)) return `“${scalarText(n)}”`;
  if (isSeq(n)) return '一个列表';
  if (isMap(n)) return '一个映射';
  return '空值';
}

const SCORE_HINT = '应为精确的分数，写成文本（如 "43.4"、"-1"、"+0.8" 或 "972/35"）';

function readScore(r: Reader, n: unknown, path: string, field: UnitField | OverallField, key?: string): Expectation | undefined {
  if (!isScalar(n) || (typeof n.value !== 'string' && typeof n.value !== 'number')) {
    r.fail(n as Node, path, `${SCORE_HINT}，实际为${shown(n)}`);
    return undefined;
  }
  const text = scalarText(n);
  const v = parseScore(text);
  if (!v) {
    r.fail(n, path, `${SCORE_HINT}，实际为“${text}”`);
    return undefined;
  }
  if (typeof n.value === 'number' && /\.\d{15,}|e/i.test(text)) {
    r.fail(n, path, `数字位数过多，请写成带引号的文本以保证精确（如 "${text}"）`);
    return undefined;
  }
  return { field, ...(key !== undefined ? { key } : {}), expected: { kind: 'number', value: v }, text, pos: r.pos(n, path), node: n };
}

function readInteger(r: Reader, n: unknown, path: string, field: UnitField | OverallField, what: string): Expectation | undefined {
  const text = isScalar(n) ? scalarText(n) : '';
  const m = /^\s*第?\s*(\d+)\s*(名|个|条)?\s*$/.exec(text);
  if (!isScalar(n) || !m || Number(m[1]) < (field === '名次' ? 1 : 0)) {
    r.fail(n as Node, path, `应为${what}，实际为${shown(n)}`);
    return undefined;
  }
  return { field, expected: { kind: 'integer', value: Number(m[1]) }, text, pos: r.pos(n, path), node: n };
}

function readUnit(r: Reader, name: string, n: unknown, path: string): UnitExpectation | undefined {
  if (!isMap(n)) {
    r.fail(n as Node, path, `应为这个考核对象的期望（总分、等次、名次、项目、称号……），实际为${shown(n)}`);
    return undefined;
  }
  const checks: Expectation[] = [];
  for (const p of (n as YAMLMap).items) {
    const k = keyText(p);
    const v = p.value;
    const fpath = `${path}.${k ?? '?'}`;
    if (k === undefined) {
      r.fail(p, path, '键应为文本');
      continue;
    }
    if (isCommentKey(k)) continue;
    switch (k) {
      case '总分':
      case '基本分':
      case '加分': {
        const e = readScore(r, v, fpath, k);
        if (e) checks.push(e);
        break;
      }
      case '名次': {
        const e = readInteger(r, v, fpath, k, '正整数（如 9）');
        if (e) checks.push(e);
        break;
      }
      case '等次': {
        if (!isScalar(v) || (v.value !== null && typeof v.value !== 'string')) {
          r.fail(v as Node, fpath, `应为等次的名称（如 优秀），实际为${shown(v)}`);
          break;
        }
        const text = v.value === null ? '无' : scalarText(v).trim();
        checks.push({ field: k, expected: { kind: 'text', value: text === '无' ? null : text }, text, pos: r.pos(v, fpath), node: v });
        break;
      }
      case '否优': {
        const text = isScalar(v) ? scalarText(v).trim() : '';
        const b = text === '是' || text === 'true' ? true : text === '否' || text === 'false' ? false : undefined;
        if (!isScalar(v) || b === undefined) {
          r.fail(v as Node, fpath, `应为“是”或“否”，实际为${shown(v)}`);
          break;
        }
        checks.push({ field: k, expected: { kind: 'bool', value: b }, text, pos: r.pos(v, fpath), node: v });
        break;
      }
      case '称号': {
        if (!isSeq(v) || !(v as YAMLSeq).items.every((i) => isScalar(i) && typeof i.value === 'string')) {
          r.fail(v as Node, fpath, `应为称号的列表（如 [满意单位]，没有称号写 []），实际为${shown(v)}`);
          break;
        }
        const labels = (v as YAMLSeq).items.map((i) => scalarText(i as Scalar).trim());
        const dup = labels.find((l, i) => labels.indexOf(l) !== i);
        if (dup) {
          r.fail(v as Node, fpath, `称号“${dup}”写了两次`);
          break;
        }
        checks.push({ field: k, expected: { kind: 'list', value: labels }, text: `[${labels.join('、')}]`, pos: r.pos(v as Node, fpath), node: v as YAMLSeq });
        break;
      }
      case '项目': {
        if (!isMap(v)) {
          r.fail(v as Node, fpath, `应为 项目编号 → 得分 的映射（如 { "（一）.5": "-1" }），实际为${shown(v)}`);
          break;
        }
        for (const ip of (v as YAMLMap).items) {
          const ik = keyText(ip);
          if (ik === undefined || ik.trim() === '') {
            r.fail(ip, fpath, '项目编号应为文本（如 "（一）.5"、16、第16项）');
            continue;
          }
          const e = readScore(r, ip.value, `${fpath}.${ik}`, '项目', ik);
          if (e) checks.push(e);
        }
        break;
      }
      default:
        r.fail(p, fpath, `不认识的字段“${k}”${hint(k, UNIT_FIELDS)}（可写：${UNIT_FIELDS.join('、')}）`);
    }
  }
  if (!checks.length && !r.problems.some((p) => p.pos.path.startsWith(path))) {
    r.fail(n, path, '没有写任何期望（总分、等次、名次、项目、称号……）');
  }
  return { name, pos: r.pos(n, path), checks };
}

function hint(k: string, names: readonly string[]): string {
  const s = nearest(k, names);
  return s ? `，是否应为“${s}”？` : '';
}

function readOverall(r: Reader, n: unknown, path: string): Expectation[] {
  if (!isMap(n)) {
    r.fail(n as Node, path, `应为全体结果的期望（${OVERALL_FIELDS.join('、')}），实际为${shown(n)}`);
    return [];
  }
  const out: Expectation[] = [];
  for (const p of (n as YAMLMap).items) {
    const k = keyText(p) ?? '?';
    const fpath = `${path}.${k}`;
    if (isCommentKey(k)) continue;
    if (k === '对象数' || k === '考核期外事件') {
      const e = readInteger(r, p.value, fpath, k, '非负整数（如 3）');
      if (e) out.push(e);
    } else if (k === '结果运用') {
      if (!isMap(p.value)) {
        r.fail(p.value as Node, fpath, `应为 汇总单位 → 调整分值 的映射（如 { 县乙局: "-15" }），实际为${shown(p.value)}`);
        continue;
      }
      for (const gp of (p.value as YAMLMap).items) {
        const g = keyText(gp) ?? '?';
        const e = readScore(r, gp.value, `${fpath}.${g}`, '结果运用', g);
        if (e) out.push(e);
      }
    } else {
      r.fail(p, fpath, `不认识的字段“${k}”${hint(k, OVERALL_FIELDS)}（可写：${OVERALL_FIELDS.join('、')}）`);
    }
  }
  return out;
}

/**
 * Inline data: the node's own lines of the test file, with everything before it blanked, so
 * that the data reader's line numbers are lines of the test file.
 */
function inlineSource(text: string, node: Node, name: string): { name: string; text: string } {
  const [start, , end] = node.range!;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(0, lineStart).replace(/[^\n]/g, '');
  const lead = text.slice(lineStart, start).replace(/[^\t]/g, ' ');
  return { name, text: `${before}${lead}${text.slice(start, end)}\n` };
}

function readData(r: Reader, text: string, dir: string, n: unknown, path: string, cwd: string): DataEntry[] | undefined {
  const items: unknown[] = isSeq(n) ? (n as YAMLSeq).items : [n];
  if (isSeq(n) && !items.length) {
    r.fail(n as Node, path, '没有列出数据文件');
    return undefined;
  }
  const out: DataEntry[] = [];
  items.forEach((it, i) => {
    const ipath = isSeq(n) ? `${path}[${i}]` : path;
    if (isScalar(it) && typeof it.value === 'string' && it.value.trim()) {
      const abs = resolve(dir, it.value.trim());
      if (!existsSync(abs)) r.fail(it, ipath, `找不到数据文件 ${displayPath(abs, cwd)}（路径相对于本测试文件所在的目录）`);
      else if (!statSync(abs).isFile()) r.fail(it, ipath, `不是文件：${displayPath(abs, cwd)}`);
      else out.push({ kind: 'file', path: abs, display: displayPath(abs, cwd), pos: r.pos(it, ipath) });
    } else if (isMap(it)) {
      out.push({ kind: 'inline', source: inlineSource(text, it as Node, r.file), pos: r.pos(it as Node, ipath) });
    } else {
      r.fail(it as Node, ipath, `应为数据文件的路径，或直接写出的数据（含 对象、参数、事件 的映射），实际为${shown(it)}`);
    }
  });
  return out;
}

function readRubric(r: Reader, dir: string, n: unknown, path: string, cwd: string): CaseSpec['rubric'] | undefined {
  if (!isScalar(n) || typeof n.value !== 'string' || !n.value.trim()) {
    r.fail(n as Node, path, `应为 .rubric 文件的路径（相对于本测试文件），实际为${shown(n)}`);
    return undefined;
  }
  const abs = resolve(dir, n.value.trim());
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    r.fail(n, path, `找不到考核规则文件 ${displayPath(abs, cwd)}（路径相对于本测试文件所在的目录）`);
    return undefined;
  }
  return { path: abs, display: displayPath(abs, cwd), pos: r.pos(n, path) };
}

interface Defaults {
  rubric?: CaseSpec['rubric'];
  data?: DataEntry[];
  rubricNode?: unknown;
  dataNode?: unknown;
}

function readCase(
  r: Reader,
  text: string,
  dir: string,
  m: YAMLMap,
  prefix: string,
  name: string,
  defaults: Defaults,
  cwd: string,
  keys: readonly string[],
): CaseSpec | undefined {
  const get = (k: string) => m.items.find((p) => keyText(p) === k);
  const at = (k: string) => (prefix ? `${prefix}.${k}` : k);
  for (const p of m.items) {
    const k = keyText(p);
    if (k === undefined) r.fail(p, prefix, '键应为文本');
    else if (!keys.includes(k) && !isCommentKey(k)) {
      const extra = k === '用例' ? '（用例不能嵌套）' : `（可写：${keys.filter((x) => x !== '说明' && x !== '备注').join('、')}）`;
      r.fail(p, at(k), `不认识的键“${k}”${hint(k, keys)}${extra}`);
    }
  }
  const namePair = get('名称');
  let caseName = name;
  let named = false;
  if (namePair) {
    if (isScalar(namePair.value) && String(namePair.value.value ?? '').trim()) {
      caseName = String(namePair.value.value).trim();
      named = true;
    } else r.fail(namePair, at('名称'), `应为用例的名称，实际为${shown(namePair.value)}`);
  }
  const rp = get('规则');
  const rubric = rp ? readRubric(r, dir, rp.value, at('规则'), cwd) : defaults.rubric;
  if (!rp && !defaults.rubric && !defaults.rubricNode) r.fail(m, prefix, '缺少“规则”：要评分的 .rubric 文件（相对于本测试文件的路径）');
  const dp = get('数据');
  const data = dp ? readData(r, text, dir, dp.value, at('数据'), cwd) : defaults.data;
  if (!dp && !defaults.data && !defaults.dataNode) r.fail(m, prefix, '缺少“数据”：数据文件的列表，或直接写出的数据（对象、参数、事件）');
  const ep = get('期望');
  const units: UnitExpectation[] = [];
  if (ep) {
    if (!isMap(ep.value) || !(ep.value as YAMLMap).items.length) {
      r.fail(ep.value ? (ep.value as Node) : ep, at('期望'), `应为 考核对象名称 → 期望 的映射，实际为${shown(ep.value)}`);
    } else {
      for (const up of (ep.value as YAMLMap).items) {
        const uname = keyText(up)?.trim();
        if (!uname) {
          r.fail(up, at('期望'), '考核对象的名称应为文本');
          continue;
        }
        const u = readUnit(r, uname, up.value, at(`期望.${uname}`));
        if (u) units.push(u);
      }
    }
  }
  const op = get('全体');
  const overall = op ? readOverall(r, op.value, at('全体')) : [];
  if (!ep && !op) r.fail(m, prefix, '缺少“期望”：考核对象名称 → 总分、等次、名次、项目、称号……');
  if (!rubric || !data) return undefined;
  return { name: caseName, named, pos: r.pos(m, prefix), rubric, data, units, overall };
}

/** A key written twice in one mapping: the second would silently win. */
function repeatedKeys(r: Reader, n: unknown, path: string): void {
  if (isSeq(n)) (n as YAMLSeq).items.forEach((it, i) => repeatedKeys(r, it, `${path}[${i}]`));
  if (!isMap(n)) return;
  const seen = new Set<string>();
  for (const p of (n as YAMLMap).items) {
    const k = keyText(p);
    const kpath = path ? `${path}.${k ?? '?'}` : (k ?? '?');
    if (k !== undefined && seen.has(k)) r.fail(p, kpath, `“${k}”写了两次`);
    if (k !== undefined) seen.add(k);
    repeatedKeys(r, p.value, kpath);
  }
}

/** Reads and checks one test file. Problems are collected; cases are returned only when the file has none. */
export function readTestFile(path: string, cwd = process.cwd()): TestFile {
  const abs = resolve(cwd, path);
  const display = displayPath(abs, cwd);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    return { path: abs, display, text: '', cases: [], problems: [{ pos: { file: display, line: 1, path: '' }, message: `无法读取：${(e as Error).message}` }] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseTestFile(text, abs, display, cwd);
}

export function parseTestFile(text: string, abs: string, display: string, cwd = process.cwd()): TestFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const r = new Reader(display, lc);
  const file: TestFile = { path: abs, display, text, doc, cases: [], problems: r.problems };
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
      r.problems.push({ pos: { file: display, line, path: '' }, message: `YAML 格式错误（${e.message.split('\n')[0]}）` });
    }
    return file;
  }
  repeatedKeys(r, doc.contents, '');
  const root = doc.contents;
  if (!isMap(root)) {
    r.fail(root as Node, '', '测试文件应为一个映射，含“规则”“数据”“期望”（见 docs/testing.md）');
    return file;
  }
  const dir = dirname(abs);
  const m = root as YAMLMap;
  const casesPair = m.items.find((p) => keyText(p) === '用例');
  if (!casesPair) {
    const c = readCase(r, text, dir, m, '', '', {}, cwd, TOP_KEYS);
    if (c && !r.problems.length) file.cases.push(c);
    return file;
  }
  // Several cases: the top level may give 规则 and 数据 for all of them.
  for (const k of ['期望', '全体']) {
    const p = m.items.find((x) => keyText(x) === k);
    if (p) r.fail(p, k, `写了“用例”时，“${k}”应写在每个用例中`);
  }
  for (const p of m.items) {
    const k = keyText(p);
    if (k !== undefined && !(TOP_KEYS as readonly string[]).includes(k) && !isCommentKey(k)) r.fail(p, k, `不认识的键“${k}”${hint(k, TOP_KEYS)}`);
  }
  const rp = m.items.find((p) => keyText(p) === '规则');
  const dp = m.items.find((p) => keyText(p) === '数据');
  const defaults: Defaults = {
    ...(rp ? { rubric: readRubric(r, dir, rp.value, '规则', cwd), rubricNode: rp } : {}),
    ...(dp ? { data: readData(r, text, dir, dp.value, '数据', cwd), dataNode: dp } : {}),
  };
  const seq = casesPair.value;
  if (!isSeq(seq) || !(seq as YAMLSeq).items.length) {
    r.fail(seq ? (seq as Node) : casesPair, '用例', `应为用例的列表（每个用例含 名称、期望，可另写 规则、数据），实际为${shown(seq)}`);
    return file;
  }
  const names = new Set<string>();
  (seq as YAMLSeq).items.forEach((it, i) => {
    const prefix = `用例[${i}]`;
    if (!isMap(it)) {
      r.fail(it as Node, prefix, `应为一个用例（含 名称、期望），实际为${shown(it)}`);
      return;
    }
    const c = readCase(r, text, dir, it as YAMLMap, prefix, `用例${i + 1}`, defaults, cwd, CASE_KEYS);
    if (c) {
      if (names.has(c.name)) r.fail(it as YAMLMap, `${prefix}.名称`, `用例名称“${c.name}”与前面的用例重复`);
      names.add(c.name);
      file.cases.push(c);
    }
  });
  if (r.problems.length) file.cases = [];
  return file;
}
