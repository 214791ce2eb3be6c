/**
 * The Markdown report (for a wiki): the ranking with its notes, then each unit's explanation by
 * section, every sentence with its item and rubric line. Text from a rubric or data is escaped
 * so that a wiki renders it as text, never as markup or HTML.
 */
import type { ObjectResult, RunResult } from '../runtime/model.js';
import type { Program } from '../runtime/program.js';
import { rankingTable, notesOf } from '../cli/commands/score.js';
import { renderMarkdown } from '../cli/table.js';
import { explainObject, heading, showNumber } from './explain.js';
import { flattenNodes } from './analysis.js';

/** Markdown-safe text: HTML special characters as entities, Markdown punctuation backslash-escaped. */
export function mdText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]{}#~!|])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Table cells: renderMarkdown escapes pipes itself. */
function mdCell(s: string): string {
  return mdText(s).replace(/\\\|/g, '|');
}

function unitSection(program: Program, o: ObjectResult, count: number, sectionOf: Map<string, number>): string {
  const out: string[] = [];
  out.push(`### 第${o.rank}名 ${mdText(o.name)}`, '');
  const grade = o.grade ? `，等次：${o.grade}${o.gradeNote ? `（${o.gradeNote}）` : ''}` : '';
  out.push(mdText(`总分${showNumber(o.total)}分${program.total ? `（满分${program.total}分）` : ''}，第${o.rank}名（共${count}个）${grade}`), '');
  if (o.bonus !== undefined) out.push(mdText(`其中基本分${showNumber(o.base ?? o.total)}分，加分${showNumber(o.bonus)}分`), '');
  for (const v of o.vetoReasons) out.push(`**否优**：${mdText(`〔第${v.line}行〕${v.text}`)}`, '');
  if (o.titles.length) out.push(`称号：${mdText(o.titles.join('、'))}`, '');
  const lines = explainObject(program, o);
  program.nodes.forEach((root, j) => {
    const score = o.nodes.find((n) => n.id === root.id)?.score || '0';
    out.push(`#### ${mdText(`${heading(root)}：${showNumber(score)}分${root.points ? `（满分${root.points}分）` : ''}`)}`, '');
    const mine = lines.filter((e) => sectionOf.get(e.node) === j);
    if (!mine.length) out.push('（无扣分、加分记录）', '');
    else {
      for (const e of mine) out.push(`- ${mdText(`${e.item}〔第${e.line}行〕${e.sentence}${e.effect ? `（${e.effect}）` : ''}`)}`);
      out.push('');
    }
  });
  return out.join('\n');
}

export function renderReportMarkdown(program: Program, result: RunResult): string {
  const t = rankingTable(program, result);
  const sectionOf = new Map(flattenNodes(program).map((f) => [f.spec.id, f.section]));
  const period = result.period ?? program.period;
  const out: string[] = [`# ${mdText(program.title)}`, ''];
  const meta = [
    period ? `考核期：${period.from} 至 ${period.to}` : '',
    program.total ? `满分：${program.total}分` : '',
    `考核对象：${result.objects.length}个`,
  ].filter(Boolean);
  out.push(mdText(meta.join('；')), '', '## 排名', '');
  out.push(
    renderMarkdown(
      t.header.map(mdCell),
      t.rows.map((r) => r.map(mdCell)),
      t.align,
    ),
  );
  const notes = notesOf(result);
  if (notes.length) out.push(notes.map((n) => `- ${mdText(n)}`).join('\n'), '');
  out.push('## 各单位得分说明', '');
  for (const o of result.objects) out.push(unitSection(program, o, result.objects.length, sectionOf));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
