/** `rubric score <rubric> --data <files…>`: the ranking table (rank, object, total, sections, grade, veto, titles). */
import type { Command } from 'commander';
import { describeSource } from '../../runtime/errors.js';
import type { RunResult } from '../../runtime/model.js';
import type { Program } from '../../runtime/program.js';
import { heading } from '../../report/explain.js';
import { shortNumber } from '../format.js';
import { EXIT_OK, UsageError } from '../io.js';
import { scoreFiles } from '../scoring.js';
import { renderCsv, renderMarkdown, renderTable, type Align } from '../table.js';

const FORMATS = ['table', 'json', 'csv', 'md'] as const;

export function rankingTable(program: Program, r: RunResult, exact = false): { header: string[]; rows: string[][]; align: Align[] } {
  const num = exact ? (v: string) => v : shortNumber;
  const roots = program.nodes;
  const bonus = r.objects.some((o) => o.bonus !== undefined);
  const header = [
    '名次',
    '考核对象',
    '总分',
    ...(bonus ? ['基本分', '加分'] : []),
    ...roots.map((n) => heading(n)),
    // CSV is read by programs: the grade as is, and the note in a column of its own instead of a *.
    ...(program.grades ? (exact ? ['等次', '等次说明'] : ['等次']) : []),
    ...(program.veto.length ? ['否优'] : []),
    ...(program.titles.length ? ['称号'] : []),
  ];
  const rows = r.objects.map((o) => [
    String(o.rank),
    o.name,
    num(o.total),
    ...(bonus ? [num(o.base ?? o.total), num(o.bonus ?? '0')] : []),
    ...o.nodes.map((n) => num(n.score)),
    ...(program.grades ? (exact ? [o.grade ?? '', o.gradeNote ?? ''] : [`${o.grade ?? ''}${o.gradeNote ? '*' : ''}`]) : []),
    ...(program.veto.length ? [o.vetoed ? '否优' : ''] : []),
    ...(program.titles.length ? [o.titles.join('、')] : []),
  ]);
  const align: Align[] = header.map((_, i) => (i === 0 || (i >= 2 && i < 3 + (bonus ? 2 : 0) + roots.length) ? 'right' : 'left'));
  return { header, rows, align };
}

export function notesOf(r: RunResult): string[] {
  const out: string[] = [];
  for (const o of r.objects) if (o.gradeNote) out.push(`${o.name}：${o.gradeNote}`);
  for (const o of r.objects) for (const v of o.vetoReasons) out.push(`${o.name}：否优（第${v.line}行：${v.text}）`);
  out.push(...r.notes);
  for (const i of r.issues) {
    const ex = i.examples.map(describeSource).filter(Boolean).join('；');
    out.push(`${i.count}条事件${i.message.replace(/^事件/, '')}${ex ? `（例：${ex}）` : ''}`);
  }
  if (r.resultUse) {
    for (const a of r.resultUse.adjustments) out.push(`结果运用：${a.group} ${a.delta.startsWith('-') ? a.delta : `+${a.delta}`}分（${a.from.join('、')}）`);
  }
  return out;
}

export function registerScore(program: Command, setExit: (code: number) => void): void {
  program
    .command('score')
    .description('按考核规则为数据中的全部考核对象评分，输出排名表')
    .argument('<rubric>', '.rubric 文件')
    .requiredOption('--data <files...>', '数据文件（YAML、JSON、CSV、NDJSON）')
    .option('--format <format>', `输出格式：${FORMATS.join('、')}`, 'table')
    .action(async (rubric: string, opts: { data: string[]; format: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`不支持的格式：${opts.format}（可用 ${FORMATS.join('、')}）`);
      const { program: p, result } = await scoreFiles(rubric, opts.data, { trace: opts.format === 'json' });
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        const t = rankingTable(p, result, opts.format === 'csv');
        if (opts.format === 'csv') process.stdout.write(renderCsv(t.header, t.rows));
        else if (opts.format === 'md') {
          process.stdout.write(`## ${p.title}\n\n${renderMarkdown(t.header, t.rows, t.align)}`);
          const notes = notesOf(result);
          if (notes.length) process.stdout.write(`\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
        } else {
          process.stdout.write(`${p.title}\n\n${renderTable(t.header, t.rows, t.align)}\n`);
          const notes = notesOf(result);
          if (notes.length) process.stdout.write(`\n${notes.map((n) => `注：${n}`).join('\n')}\n`);
        }
      }
      setExit(EXIT_OK);
    });
}
