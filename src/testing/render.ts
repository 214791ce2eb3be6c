/** The text report of `rubric test`: ✓/✗ per case, expected → actual, and the items that moved it. */
import { Rational } from '../runtime/rational.js';
import type { ItemRef, MovedItem } from './attribute.js';
import type { CaseReport, Mismatch, Moved, TestReport, UnitReport } from './run.js';

/** Exact text; a fraction also shows its approximate decimal. */
export function num(v: string | undefined): string {
  if (v === undefined) return '—';
  if (!v.includes('/')) return v;
  return `${v}（≈${Rational.of(v).toFixed(4)}）`;
}

export function itemText(i: ItemRef): string {
  return `${i.name}〔${i.id !== i.number ? `${i.id}，` : ''}第${i.line}行〕`;
}

function fieldText(m: Mismatch): string {
  if (m.field === '项目') return m.item ? `项目 ${itemText(m.item)}` : `项目 ${m.key}`;
  if (m.field === '结果运用') return `结果运用 ${m.key}`;
  return m.field;
}

function listChange(m: Mismatch): string {
  if (m.actualValue.kind !== 'list' || m.expectation.expected.kind !== 'list') return '';
  const exp = m.expectation.expected.value;
  const act = m.actualValue.value;
  const added = act.filter((t) => !exp.includes(t));
  const removed = exp.filter((t) => !act.includes(t));
  return [...added.map((t) => `多了“${t}”`), ...removed.map((t) => `少了“${t}”`)].join('，');
}

export function mismatchLine(m: Mismatch): string {
  const isNum = m.actualValue.kind === 'number';
  const extra = m.delta ? `（${m.delta}）` : m.actualValue.kind === 'list' ? `（${listChange(m)}）` : '';
  return `${fieldText(m)}：期望 ${isNum ? num(m.expected) : m.expected}，实际 ${isNum ? num(m.actual) : m.actual}${extra}（第${m.line}行）`;
}

function movedLines(items: MovedItem[], indent: string, showBefore: boolean): string[] {
  const out: string[] = [];
  const width = Math.max(...items.map((i) => i.delta.length));
  for (const i of items) {
    const change =
      i.status === 'added' ? `新增，得 ${num(i.after)}` : i.status === 'removed' ? `已删除，原为 ${num(i.before)}` : `${num(i.before)} → ${num(i.after)}`;
    out.push(`${indent}${i.delta.padStart(width)}  ${itemText(i)}：${change}`);
    const pad = `${indent}${' '.repeat(width + 2)}`;
    const now = i.sentences.length ? i.sentences : i.status === 'removed' ? [] : ['（本项没有规则触发）'];
    const label = showBefore && i.beforeSentences ? '现：' : '';
    for (const s of now) out.push(`${pad}${label}${s}`);
    if (showBefore && i.beforeSentences) for (const s of i.beforeSentences) out.push(`${pad}原：${s}`);
    if (i.inner?.length) {
      out.push(`${pad}本项的限额、下限或取舍改变了以下项目变化的合计：`);
      out.push(...movedLines(i.inner, `${pad}  `, showBefore));
    }
  }
  return out;
}

function movedBlock(m: Moved, indent: string): string[] {
  const out: string[] = [];
  if (m.against === 'baseline') {
    const total = m.totalBefore !== undefined && m.totalAfter !== undefined ? `，总分 ${num(m.totalBefore)} → ${num(m.totalAfter)}` : '';
    if (m.items.length) {
      out.push(`${indent}变动的项目（与 ${m.label} 相比${total}；变动大的在前）：`);
      out.push(...movedLines(m.items, `${indent}  `, true));
    } else if (m.note) out.push(`${indent}${m.note}（与 ${m.label} 相比）`);
    if (m.others?.length) {
      const own = m.totalBefore !== undefined && m.totalAfter !== undefined && m.totalBefore !== m.totalAfter;
      out.push(`${indent}名次、等次或称号的变化${own ? '还与其他考核对象的总分变化有关' : '来自其他考核对象的总分变化'}（变动大的在前）：`);
      for (const o of m.others) out.push(`${indent}  ${o.name} ${num(o.before)} → ${num(o.after)}（${o.delta}）`);
    }
    return out;
  }
  if (m.note) out.push(`${indent}注：${m.note}`);
  if (m.items.length) {
    out.push(`${indent}变动的项目（按期望中写出的项目得分比较；变动大的在前）：`);
    out.push(...movedLines(m.items, `${indent}  `, false));
  }
  if (m.unexplained) {
    out.push(
      `${indent}另有 ${m.unexplained} 分的变化来自期望中没有写出的项目：在“项目”中写出各板块的得分可以找到它们，或在 git 仓库中运行（与已提交的考核规则比较）`,
    );
  }
  return out;
}

function unitLines(u: UnitReport, indent: string): string[] {
  if (u.missing) return [`${indent}${u.name}：${u.missing}（第${u.line}行）`];
  const out = [`${indent}${u.name}（第${u.line}行）`];
  for (const m of u.mismatches) out.push(`${indent}  ${mismatchLine(m)}`);
  if (u.moved) out.push(...movedBlock(u.moved, `${indent}  `));
  return out;
}

function caseHeader(c: CaseReport): string {
  const mark = c.status === 'pass' ? '✓' : c.status === 'fail' ? '✗' : '!';
  const units = c.units.length;
  const what = c.status === 'pass' ? `（${units}个考核对象，${c.checks}项期望）` : c.status === 'error' ? '：未能比较' : '';
  return `${mark} ${c.file}${c.named ? ` › ${c.name}` : ''}${what}`;
}

export function caseText(c: CaseReport): string[] {
  const out = [caseHeader(c)];
  if (c.status === 'pass') return out;
  out.push(`    规则：${c.rubric}${c.named ? `（用例在第${c.line}行）` : ''}`);
  for (const e of c.errors) for (const l of e.split('\n')) out.push(`    ${l}`);
  for (const u of c.units) if (!u.ok) out.push(...unitLines(u, '    '));
  if (c.overall.length) {
    out.push('    全体');
    for (const m of c.overall) out.push(`      ${mismatchLine(m)}`);
  }
  if (c.status === 'fail' && c.baseline && !c.baseline.compared) out.push(`    未与修改前的考核规则比较：${c.baseline.reason}`);
  if (c.status === 'fail') {
    const passed = c.units.filter((u) => u.ok).length;
    if (passed) out.push(`    其余${passed}个考核对象与期望一致`);
  }
  return out;
}

export function summaryText(r: TestReport): string {
  const s = r.summary;
  const parts = [`${s.passed}个通过`];
  if (s.failed) parts.push(`${s.failed}个未通过`);
  if (s.errors) parts.push(`${s.errors}个出错`);
  const invalid = s.invalidFiles ? `；${s.invalidFiles}个测试文件有错误，未运行` : '';
  return `共${s.files}个测试文件、${s.cases}个用例：${parts.join('，')}${invalid}`;
}

export function reportText(r: TestReport): string {
  const out: string[] = [];
  for (const f of r.files) {
    if (f.problems.length) {
      out.push(`! ${f.file}：测试文件有${f.problems.length}个错误`);
      for (const p of f.problems) out.push(`    ${p}`);
    }
    for (const c of f.cases) out.push(...caseText(c));
  }
  out.push('', summaryText(r));
  return `${out.join('\n')}\n`;
}
