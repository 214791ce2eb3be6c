/**
 * The command line: a thin face over the library API (parse, check, compile, score).
 * Exit codes: 0 clean, 1 findings (errors in a rubric, failed tests), 2 usage errors.
 */
import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check.js';
import { EXIT_USAGE, UsageError } from './io.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('rubric')
    .description('考核评分规则语言：检查、编译、评分')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exit = 0;
  const setExit = (code: number) => {
    exit = Math.max(exit, code);
  };
  registerCheck(program, setExit);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
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
