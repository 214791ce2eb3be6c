/**
 * The command line: a thin face over the library API (parse, check, compile, score).
 * Exit codes: 0 clean, 1 findings (errors in a rubric, failed tests), 2 usage errors.
 */
import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerCompile } from './commands/compile.js';
import { registerDiff } from './commands/diff.js';
import { registerExplain } from './commands/explain.js';
import { registerFmt } from './commands/fmt.js';
import { registerReport } from './commands/report.js';
import { registerScore } from './commands/score.js';
import { registerTest } from './commands/test.js';
import { Failed } from './load.js';
import { VERSION } from './version.js';
import { EXIT_USAGE, UsageError } from './io.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('rubric')
    .description('考核评分规则语言：检查、编译、评分')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exit = 0;
  const setExit = (code: number) => {
    exit = Math.max(exit, code);
  };
  registerCheck(program, setExit);
  registerCompile(program, setExit);
  registerScore(program, setExit);
  registerExplain(program, setExit);
  registerReport(program, setExit);
  registerFmt(program, setExit);
  registerTest(program, setExit);
  registerDiff(program, setExit);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof Failed) return e.exitCode;
    if (e instanceof UsageError) {
      process.stderr.write(`rubric: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    throw e;
  }
  return exit;
}
