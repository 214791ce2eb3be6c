/**
 * `rubric fmt [--check] [--width N] <files…>`: rewrite rubrics in the canonical layout
 * (src/format/print.ts), the same text as `prettier --write` with the rubric plugin.
 *   - without --check: files that change are rewritten and listed; others are left untouched;
 *   - with --check: files that would change are listed and the exit code is 1.
 * A file with syntax errors is never rewritten: its diagnostics are printed and the exit code is 1.
 * A directory stands for the .rubric files under it.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { DEFAULT_WIDTH, formatRubric } from '../../format/prettier-plugin.js';
import { expandRubricArgs } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, readSource, UsageError, useColor } from '../io.js';

function parseWidth(v: string): number {
  const n = /^[0-9]+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--width 须为正整数：${v}`);
  return n;
}

export function registerFmt(program: Command, setExit: (code: number) => void): void {
  program
    .command('fmt')
    .description('按统一格式重写考核规则文件（标点、缩进、换行），不改变含义、序号、用词和注释')
    .argument('<files...>', '.rubric 文件或目录')
    .option('--check', '只检查：列出格式不符的文件，有则退出码为 1，不改动文件')
    .option('--width <n>', `一行的最大显示宽度（汉字计 2），超过则把条文拆成多行`, String(DEFAULT_WIDTH))
    .action((args: string[], opts: { check?: boolean; width: string }) => {
      const width = parseWidth(opts.width);
      // Read every file first: a wrong path is a usage error before anything is rewritten.
      const sources = expandRubricArgs(args).map((file) => ({ file, source: readSource(file) }));
      let broken = 0;
      const changed: string[] = [];
      for (const { file, source } of sources) {
        const r = formatRubric(source, { width });
        if (!r.ok) {
          broken++;
          process.stderr.write(`${renderDiagnostics(r.errors, file, source, { color: useColor(process.stderr) })}\n\n`);
          process.stderr.write(`${file}：有${r.errors.length}处语法错误，未格式化\n`);
          continue;
        }
        if (r.formatted === source) continue;
        changed.push(file);
        if (opts.check) {
          process.stdout.write(`${file}\n`);
        } else {
          try {
            writeFileSync(file, r.formatted);
          } catch (e) {
            throw new UsageError(`无法写入文件 ${file}：${(e as Error).message}`);
          }
          process.stdout.write(`已格式化：${file}\n`);
        }
      }
      const total = sources.length;
      const ok = total - changed.length - broken;
      const skipped = broken ? `，${broken}个有语法错误未处理` : '';
      if (opts.check) {
        if (changed.length) process.stderr.write(`${changed.length}个文件格式不符，可运行 rubric fmt 改正${skipped}\n`);
        else if (broken) process.stderr.write(`其余${ok}个文件格式正确${skipped}\n`);
        else process.stdout.write(`${total}个文件格式正确\n`);
        setExit(changed.length || broken ? EXIT_FINDINGS : EXIT_OK);
      } else {
        process.stdout.write(`已格式化${changed.length}个文件，${ok}个无需改动${skipped}\n`);
        setExit(broken ? EXIT_FINDINGS : EXIT_OK);
      }
    });
}
