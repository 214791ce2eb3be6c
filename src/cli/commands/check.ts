/**
 * `rubric check <files or directories…>`: diagnostics rustc-style and one summary line per rubric;
 * or, for programs, JSON, SARIF (check-sarif.ts) or GitLab Code Quality (check-codequality.ts).
 */
import type { Command } from 'commander';
import { formatSummary } from '../../checking/summary.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { expandRubricArgs } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, readSource, useColor } from '../io.js';
import { toCodeQuality } from './check-codequality.js';
import { toSarif } from './check-sarif.js';
import { checkFile, checkOptions, count, strictSummary, warningBudget } from './check-strict.js';

export function registerCheck(program: Command, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('检查考核规则文件：语法、名称、单位、分值合计、封顶、等次划分')
    .argument('<files...>', '.rubric 文件或目录')
    .option('--format <format>', '输出格式：text、json、sarif（GitHub 代码扫描）或 codequality（GitLab 代码质量报告）', 'text')
    .option('--strict', '另算每项可得的最低、最高分，报告达不到或出人意料之处')
    .option('--max-warnings <n>', '警告多于n个时以1退出（默认不限）')
    .action((files: string[], raw: { format: string; strict?: boolean; maxWarnings?: string }) => {
      const opts = checkOptions(raw);
      const results = [];
      const checked = [];
      let failed = false;
      let warningsAll = 0;
      for (const file of expandRubricArgs(files)) {
        const source = readSource(file);
        const f = checkFile(source, file, opts.strict);
        const r = f.result;
        const errors = count(f.diagnostics, 'error');
        const warnings = count(f.diagnostics, 'warning');
        warningsAll += warnings;
        if (errors) failed = true;
        if (opts.format === 'json') {
          results.push({ file, summary: r.summary, diagnostics: f.diagnostics });
        } else if (opts.format === 'sarif' || opts.format === 'codequality') {
          checked.push({ file, diagnostics: f.diagnostics });
        } else {
          if (f.diagnostics.length) {
            process.stderr.write(`${renderDiagnostics(f.diagnostics, file, source, { color: useColor(process.stderr) })}\n\n`);
          }
          process.stdout.write(`${formatSummary(file, r.summary, errors, warnings)}${opts.strict ? strictSummary(f) : ''}\n`);
        }
      }
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ results }, null, 2)}\n`);
      if (opts.format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(checked), null, 2)}\n`);
      if (opts.format === 'codequality') process.stdout.write(`${JSON.stringify(toCodeQuality(checked), null, 2)}\n`);
      const over = warningBudget(warningsAll, opts.maxWarnings);
      if (over) process.stderr.write(`rubric: ${over}\n`);
      setExit(failed || over ? EXIT_FINDINGS : EXIT_OK);
    });
}
