/**
 * `rubric diff <old> <new> [--format md|json] [--fail-on total|caps]…`: what changed in meaning
 * between two versions of a rubric, as a Chinese Markdown report (for a pull-request comment) or
 * as JSON (src/diff/report.ts documents both).
 *
 * Exit codes: 0 when the report was printed and no `--fail-on` condition holds; 1 when either
 * rubric has errors (its diagnostics are printed, no report) or a `--fail-on` condition holds
 * (`total`: the total or any level's points moved; `caps`: any cap moved); 2 for usage errors.
 */
import type { Command } from 'commander';
import { analyzeBounds } from '../../analysis/bounds.js';
import { diffPrograms, trips, type FailOn } from '../../diff/diff.js';
import { toJsonText, toMarkdown } from '../../diff/report.js';
import { compileFile, Failed } from '../load.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../io.js';

const FAIL_ON: readonly FailOn[] = ['total', 'caps'];
const FAIL_WORD: Record<FailOn, string> = { total: '总分或分值有变化', caps: '封顶有变化' };

function collect(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(/[,，]/)
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

export interface DiffCommandOptions {
  format: string;
  failOn: string[];
}

export function registerDiff(program: Command, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('比较考核规则的两个版本：按序号和标题对应项目，列出含义上的变化（Markdown 或 JSON）')
    .argument('<old>', '原版本 .rubric 文件')
    .argument('<new>', '新版本 .rubric 文件')
    .option('--format <format>', '输出格式：md 或 json', 'md')
    .option('--fail-on <what>', '有这类变化时以退出码1结束：total（总分或任一级分值）、caps（任一封顶）；可重复', collect, [])
    .action((oldFile: string, newFile: string, opts: DiffCommandOptions) => {
      if (opts.format !== 'md' && opts.format !== 'json') throw new UsageError(`不支持的格式：${opts.format}（可用 md、json）`);
      for (const f of opts.failOn) {
        if (!FAIL_ON.includes(f as FailOn)) throw new UsageError(`--fail-on 不支持：${f}（可用 total、caps）`);
      }
      // Both files' errors are shown before failing.
      const programs = [oldFile, newFile].map((f) => compileFile(f, '比较'));
      if (!programs[0] || !programs[1]) throw new Failed(EXIT_FINDINGS);
      const result = diffPrograms(programs[0], programs[1], { bounds: analyzeBounds });
      process.stdout.write(opts.format === 'json' ? toJsonText(result) : toMarkdown(result));
      let failed = false;
      for (const f of new Set(opts.failOn as FailOn[])) {
        const hits = trips(result, f);
        if (!hits.length) continue;
        failed = true;
        process.stderr.write(`rubric diff：${FAIL_WORD[f]}（--fail-on ${f}），共${hits.length}处\n`);
      }
      setExit(failed ? EXIT_FINDINGS : EXIT_OK);
    });
}
