/** `rubric explain <rubric> --data <files…> --unit <name>`: one object's trace, item by item. */
import type { Command } from 'commander';
import type { ObjectResult } from '../../runtime/model.js';
import type { NodeSpec, Program } from '../../runtime/program.js';
import { explainObject, heading, showNumber } from '../../report/explain.js';
import { EXIT_OK, UsageError } from '../io.js';
import { scoreFiles } from '../scoring.js';

export function explainText(program: Program, o: ObjectResult, total: number): string {
  const lines: string[] = [];
  const grade = o.grade ? `，等次：${o.grade}${o.gradeNote ? `（${o.gradeNote}）` : ''}` : '';
  lines.push(`${o.name}：总分${showNumber(o.total)}分${program.total ? `（满分${program.total}分）` : ''}，第${o.rank}名（共${total}个）${grade}`);
  if (o.bonus !== undefined) lines.push(`  其中基本分${showNumber(o.base ?? o.total)}分，加分${showNumber(o.bonus)}分`);
  for (const v of o.vetoReasons) lines.push(`  否优：第${v.line}行 ${v.text}`);
  if (o.titles.length) lines.push(`  称号：${o.titles.join('、')}`);
  const explained = explainObject(program, o);
  const rootOf = new Map<string, NodeSpec>();
  const walk = (n: NodeSpec, root: NodeSpec) => {
    rootOf.set(n.id, root);
    n.children.forEach((c) => walk(c, root));
  };
  program.nodes.forEach((n) => walk(n, n));
  for (const root of program.nodes) {
    const score = o.nodes.find((n) => n.id === root.id)?.score ?? '0';
    lines.push('');
    lines.push(`${heading(root)}：${showNumber(score)}分${root.points ? `（满分${root.points}分）` : ''}`);
    // An item's score line only where something happened to it.
    const busy = new Set(explained.filter((e) => e.kind !== 'score').map((e) => e.node));
    for (const e of explained) {
      if (rootOf.get(e.node) !== root) continue;
      if (e.kind === 'score' && (e.node === root.id || !busy.has(e.node))) continue;
      lines.push(`  ${e.item}〔第${e.line}行〕${e.sentence}`);
    }
  }
  return lines.join('\n');
}

export function registerExplain(program: Command, setExit: (code: number) => void): void {
  program
    .command('explain')
    .description('逐项说明一个考核对象的得分：哪条规则、依据哪些数值、扣或加多少、在哪里封顶')
    .argument('<rubric>', '.rubric 文件')
    .requiredOption('--data <files...>', '数据文件（YAML、JSON、CSV、NDJSON）')
    .requiredOption('--unit <name>', '考核对象的名称')
    .option('--format <format>', '输出格式：text 或 json', 'text')
    .action(async (rubric: string, opts: { data: string[]; unit: string; format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`不支持的格式：${opts.format}（可用 text、json）`);
      const { program: p, result } = await scoreFiles(rubric, opts.data);
      const o = result.objects.find((x) => x.name === opts.unit);
      if (!o) throw new UsageError(`数据中没有考核对象「${opts.unit}」；有：${result.objects.map((x) => x.name).join('、')}`);
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify({ object: o, explanation: explainObject(p, o) }, null, 2)}\n`);
      } else {
        process.stdout.write(`${explainText(p, o, result.objects.length)}\n`);
      }
      setExit(EXIT_OK);
    });
}
