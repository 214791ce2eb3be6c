/**
 * `rubric test <dir|files…> [--format text|json] [--update] [--base <ref>]`: run pinned results
 * (`*.test.yaml`, docs/testing.md) and show what changed. Exit 0 when every expectation holds,
 * 1 when one fails or a case cannot be scored, 2 on usage errors.
 */
import type { Command } from 'commander';
import { gitBaseline, noBaseline } from '../../testing/baseline.js';
import { reportText } from '../../testing/render.js';
import { allPassed, findTestFiles, reportJson, runTests } from '../../testing/run.js';
import { updateFiles, updateText } from '../../testing/update.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../io.js';

export function registerTest(program: Command, setExit: (code: number) => void): void {
  program
    .command('test')
    .description('运行固定的期望结果（*.test.yaml）：逐个用例比较总分、等次、名次、项目得分和称号，列出变化及其来自哪些项目')
    .argument('<paths...>', '目录（查找其中全部 *.test.yaml）或测试文件')
    .option('--format <format>', '输出格式：text 或 json', 'text')
    .option('--update', '用实际结果改写不一致的期望（采纳修改时使用；保留注释和格式）')
    .option('--base <ref>', '与哪个 git 版本的考核规则比较，找出变动的项目（none 表示不比较）', 'HEAD')
    .action(async (paths: string[], opts: { format: string; update?: boolean; base: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`不支持的格式：${opts.format}（可用 text、json）`);
      const found = findTestFiles(paths);
      if (found.missing.length) throw new UsageError(`找不到：${found.missing.join('、')}`);
      if (!found.files.length) throw new UsageError(`没有找到测试文件（*.test.yaml）：${paths.join('、')}`);
      const baseline = opts.base === 'none' ? noBaseline : gitBaseline(opts.base);
      const run = await runTests(found.files, { baseline });
      if (opts.update) {
        const results = updateFiles(run, true);
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else process.stdout.write(updateText(results));
        setExit(results.some((r) => r.skipped.length) ? EXIT_FINDINGS : EXIT_OK);
        return;
      }
      process.stdout.write(opts.format === 'json' ? `${reportJson(run.report)}\n` : reportText(run.report));
      setExit(allPassed(run.report) ? EXIT_OK : EXIT_FINDINGS);
    });
}
