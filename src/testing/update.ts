/**
 * `rubric test --update`: adopt the actual results as the new expectations.
 *
 * Only the values that differ are rewritten, each in place: the YAML Document gives every
 * expectation's node and its source range, and the new value is spliced into the original text
 * there, in the style it was written (quoted, plain, flow or block list). Comments, key order,
 * alignment and everything else in the file stay byte for byte.
 */
import { writeFileSync } from 'node:fs';
import { isSeq, parseDocument, Scalar, type YAMLSeq } from 'yaml';
import type { Actual, Mismatch, TestRun } from './run.js';
import type { Expectation, TestFile } from './spec.js';

export interface UpdateChange {
  path: string;
  line: number;
  from: string;
  to: string;
  /**
   * Comments at the value (after it, or on the comment lines right above it), often the hand
   * arithmetic behind the old value: --update keeps them as written, so they are listed to check.
   */
  comments?: { line: number; text: string }[];
}

export interface UpdateResult {
  file: string;
  changes: UpdateChange[];
  /** What could not be updated, and why. */
  skipped: string[];
  written: boolean;
}

const PLAIN_SAFE = /^[^\s'"#:,\[\]{}&*!|>%@`-][^#:,\[\]{}]*$/u;

function quoteLike(style: Scalar['type'], text: string, plainOk: boolean): string {
  if (style === Scalar.QUOTE_SINGLE) return `'${text.replace(/'/g, "''")}'`;
  if (style === Scalar.PLAIN && plainOk) return text;
  return JSON.stringify(text);
}

function scalarText(e: Expectation, a: Actual): string {
  const node = e.node as Scalar;
  const style = node.type ?? Scalar.PLAIN;
  switch (a.kind) {
    case 'number':
      // A plain decimal stays plain (it is read through its source text); a fraction is plain-safe too.
      return quoteLike(style, a.value, true);
    case 'integer':
      return quoteLike(style, String(a.value), true);
    case 'text': {
      const t = a.value ?? '无';
      return quoteLike(style, t, PLAIN_SAFE.test(t) && !/^(true|false|null|~|yes|no)$/i.test(t));
    }
    case 'bool':
      if (typeof node.value === 'boolean') return String(a.value);
      return quoteLike(style, a.value ? '是' : '否', true);
    case 'list':
      return '';
  }
}

function listText(text: string, seq: YAMLSeq, items: string[]): string {
  const q = (t: string) => (PLAIN_SAFE.test(t) ? t : JSON.stringify(t));
  if (seq.flow || !items.length) return `[${items.map(q).join(', ')}]`;
  const start = seq.range![0];
  const col = start - (text.lastIndexOf('\n', start - 1) + 1);
  return items.map((t) => `- ${q(t)}`).join(`\n${' '.repeat(col)}`);
}

function edit(text: string, m: Mismatch): { from: number; to: number; text: string } | undefined {
  const e = m.expectation;
  const range = e.node.range;
  if (!range) return undefined;
  if (m.actualValue.kind === 'list') {
    if (!isSeq(e.node)) return undefined;
    const seq = e.node as YAMLSeq;
    // A block list's range runs on past its last line break: end at the last item instead.
    const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] } | undefined;
    const to = !seq.flow && last?.range ? last.range[1] : range[1];
    return { from: range[0], to, text: listText(text, seq, m.actualValue.value) };
  }
  return { from: range[0], to: range[1], text: scalarText(e, m.actualValue) };
}

/** A test file's lines and where each starts, split once for all its changes. */
interface Lines {
  text: string;
  lines: string[];
  starts: number[];
}

function linesOf(text: string): Lines {
  const lines = text.split('\n');
  const starts: number[] = new Array(lines.length);
  for (let i = 0, at = 0; i < lines.length; at += lines[i]!.length + 1, i++) starts[i] = at;
  return { text, lines, starts };
}

/** The 0-based line holding offset `at`. */
function lineAt(l: Lines, at: number): number {
  let lo = 0;
  let hi = l.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (l.starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The comments beside an expectation: the comment lines right above it, and after it on the lines
 * it spans (from its key to the end of its value; a block list spans several).
 */
export function commentsAt(l: Lines, m: Mismatch): { line: number; text: string }[] {
  const range = m.expectation.node.range;
  if (!range) return [];
  const { text, lines } = l;
  const first = m.line - 1;
  const out: { line: number; text: string }[] = [];
  for (let i = first - 1; i >= 0; i--) {
    const c = /^\s*#\s?(.*?)\s*$/.exec(lines[i]!);
    if (!c) break;
    out.unshift({ line: i + 1, text: c[1]! });
  }
  const last = lineAt(l, range[1]);
  for (let i = first; i <= last && i < lines.length; i++) {
    // On the value's last line, only what follows the value can be a comment (a quoted value may hold a #).
    const rest = i === last ? text.slice(range[1], l.starts[i]! + lines[i]!.length) : lines[i]!;
    const c = /(?:^|\s)#\s?(.*?)\s*$/.exec(rest);
    if (c?.[1]) out.push({ line: i + 1, text: c[1] });
  }
  return out;
}

/** New text of a test file with its mismatches adopted, or undefined when nothing changes. */
export function updatedText(file: TestFile, mismatches: Mismatch[]): string | undefined {
  const edits = mismatches.map((m) => edit(file.text, m)).filter((x): x is NonNullable<typeof x> => !!x);
  if (!edits.length) return undefined;
  edits.sort((a, b) => b.from - a.from);
  let out = file.text;
  for (const e of edits) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** Rewrites every file's failing expectations with the actual values (write=false: only report). */
export function updateFiles(run: TestRun, write = true): UpdateResult[] {
  const results: UpdateResult[] = [];
  run.files.forEach((file, i) => {
    const fr = run.report.files[i]!;
    const res: UpdateResult = { file: file.display, changes: [], skipped: [], written: false };
    results.push(res);
    if (fr.problems.length) {
      res.skipped.push('测试文件有错误，没有更新（先改正文件）');
      return;
    }
    const mism: Mismatch[] = [];
    for (const c of fr.cases) {
      if (c.status === 'error') {
        res.skipped.push(`用例“${c.name}”未能评分，没有更新`);
        continue;
      }
      for (const u of c.units) {
        if (u.missing) res.skipped.push(`${u.missing}，没有更新它的期望（如已改名或删除，请手工修改第${u.line}行）`);
        mism.push(...u.mismatches);
      }
      mism.push(...c.overall);
    }
    const text = updatedText(file, mism);
    if (text === undefined) return;
    const check = parseDocument(text, { uniqueKeys: true });
    if (check.errors.length) {
      res.skipped.push(`更新后的文件不是有效的 YAML（${check.errors[0]!.message.split('\n')[0]}），没有写入`);
      return;
    }
    const lines = linesOf(file.text);
    res.changes = mism.map((m) => {
      const c: UpdateChange = { path: m.path, line: m.line, from: m.expected, to: m.actual };
      const comments = commentsAt(lines, m);
      if (comments.length) c.comments = comments;
      return c;
    });
    if (write) {
      writeFileSync(file.path, text);
      res.written = true;
    }
  });
  return results;
}

export function updateText(results: UpdateResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    if (r.changes.length) {
      out.push(`${r.written ? '已更新' : '将更新'} ${r.file}：${r.changes.length}处`);
      for (const c of r.changes) {
        out.push(`    第${c.line}行 ${c.path}：${c.from} → ${c.to}`);
        for (const k of c.comments ?? []) out.push(`      第${k.line}行的注释没有改，请核对：# ${k.text}`);
      }
    }
    for (const s of r.skipped) out.push(`! ${r.file}：${s}`);
  }
  if (!out.length) out.push('所有期望都与实际结果一致，没有需要更新的内容');
  return `${out.join('\n')}\n`;
}
