/** `rubric check <files…>`: diagnostics rustc-style (or JSON) and one summary line per rubric. */
import type { Command } from 'commander';
import { check } from '../../checking/check.js';
import { formatSummary } from '../../checking/summary.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { EXIT_FINDINGS, EXIT_OK, readSource, UsageError, useColor } from '../io.js';

export function registerCheck(program: Command, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('检查考核规则文件：语法、名称、单位、分值合计、封顶、等次划分')
    .argument('<files...>', '.rubric 文件')
    .option('--format <format>', '输出格式：text 或 json', 'text')
    .action((files: string[], opts: { format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`不支持的格式：${opts.format}（可用 text、json）`);
      const results = [];
      let failed = false;
      for (const file of files) {
        const source = readSource(file);
        const r = check(source);
        const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;
        if (errors) failed = true;
        if (opts.format === 'json') {
          results.push({ file, summary: r.summary, diagnostics: r.diagnostics });
        } else {
          if (r.diagnostics.length) {
            process.stderr.write(`${renderDiagnostics(r.diagnostics, file, source, { color: useColor(process.stderr) })}\n\n`);
          }
          process.stdout.write(`${formatSummary(file, r.summary, errors, warnings)}\n`);
        }
      }
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ results }, null, 2)}\n`);
      setExit(failed ? EXIT_FINDINGS : EXIT_OK);
    });
}
