/**
 * The formatter's two faces: the prettier plugin (src/format/prettier-plugin.ts, through
 * prettier's API and its command line with the repository's .prettierrc) and `rubric fmt`
 * (src/cli/commands/fmt.ts, spawned). Both must give exactly print(parse(text)).
 *
 * The command-line tests run the built files in dist/ (`npx tsc -p .`, which `npm ci` runs).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';
import plugin, { formatRubric, RubricSyntaxError } from '../../src/format/prettier-plugin.js';
import { print } from '../../src/format/print.js';
import { parse } from '../../src/syntax/parse.js';

const ROOT = resolve(import.meta.dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.rubric'))
    .sort()
    .map((f) => join(dir, f));
const SOURCES = [...files('rubrics'), ...files('tests/format/fixtures')];
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

const viaPrettier = (text: string, options: prettier.Options = {}) => prettier.format(text, { parser: 'rubric', plugins: [plugin], ...options });
const canonical = (text: string, width?: number) => print(parse(text).ast, width === undefined ? {} : { width });

/** Not formatted: half-width punctuation, full-width digits, spaces, no blank lines. */
const MESSY = [
  '考核:示例 ( 满分１００分 )',
  '# 整行注释',
  '（一） 队伍建设 （ １５分 , 扣分制 ）',
  '１． 学习 : 【未学习项数】 每项 扣 ０．５分 ; 【持证率】 不足 ９０% 的 , 扣 1分 。 # 行末注释',
  '2、新增 (1分) : 【新增中队】 每一个 加 1分 。',
  '',
].join('\n');
/** Two syntax errors; the first at line 2, column 10 (the second 扣). */
const BROKEN = ['考核 甲', '1.乙：【a】的扣扣1分；【b】的，扣1分。', '2.丙：【c】的，扣扣1分。', ''].join('\n');

describe('prettier plugin', () => {
  test.each(SOURCES)('%s: prettier.format gives print(parse(text)), at the default width 100 and at printWidth', async (file) => {
    const text = read(file);
    expect(await viaPrettier(text)).toBe(canonical(text, 100));
    expect(await viaPrettier(text, { printWidth: 60 })).toBe(canonical(text, 60));
  });

  test.each(SOURCES)('%s: formatting twice gives the same text; rubric fmt gives the same text', async (file) => {
    const once = await viaPrettier(read(file));
    expect(await viaPrettier(once)).toBe(once);
    expect(formatRubric(read(file))).toEqual({ ok: true, formatted: once });
  });

  test('a messy file: punctuation and layout change, comments stay', async () => {
    const out = await viaPrettier(MESSY);
    expect(out).toBe(
      [
        '考核 示例（满分100分）',
        '',
        '# 整行注释',
        '（一）队伍建设（15分，扣分制）',
        '  1. 学习：【未学习项数】每项扣0.5分；【持证率】不足90%的，扣1分。 # 行末注释',
        '  2. 新增（1分）：【新增中队】每个加1分。',
        '',
      ].join('\n'),
    );
    expect(await viaPrettier(out)).toBe(out);
  });

  test('line ends and a byte order mark are handled like prettier, in rubric fmt too', async () => {
    const crlf = MESSY.replace(/\n/g, '\r\n');
    expect(await viaPrettier(crlf)).toBe(canonical(MESSY));
    expect(await viaPrettier(MESSY, { endOfLine: 'crlf' })).toBe(canonical(MESSY).replace(/\n/g, '\r\n'));
    expect(await viaPrettier(`\uFEFF${MESSY}`)).toBe(`\uFEFF${canonical(MESSY)}`);
    for (const text of [crlf, `\uFEFF${MESSY}`, `\uFEFF${crlf}`, '', ' \n\n', '# 只有注释\n']) {
      expect(formatRubric(text)).toEqual({ ok: true, formatted: await viaPrettier(text) });
    }
  });

  test('a file with syntax errors is refused with the position and message of its first error', async () => {
    const first = parse(BROKEN).diagnostics[0]!;
    expect([first.span.line, first.span.col]).toEqual([2, 10]);
    const error: unknown = await viaPrettier(BROKEN).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RubricSyntaxError);
    const e = error as RubricSyntaxError;
    expect(e.name).toBe('SyntaxError');
    expect(e.loc.start).toEqual({ line: 2, column: 10 });
    expect(e.message).toContain(`${first.message}（${first.code}）`);
    expect(e.message).toContain('另有1处语法错误');
    expect(e.message).toContain('(2:10)');
    // prettier adds the code frame under the message.
    expect(e.message).toContain('> 2 | 1.乙：【a】的扣扣1分；【b】的，扣1分。');
    expect(formatRubric(BROKEN)).toMatchObject({ ok: false, errors: [{ span: { line: 2, col: 10 } }, { span: { line: 3 } }] });
  });

  test('prettier infers the parser from the .rubric extension', async () => {
    const text = read('rubrics/wucheng-2024.rubric');
    expect(await prettier.format(text, { filepath: 'x/甲.rubric', plugins: [plugin] })).toBe(canonical(text));
  });
});

// ── the command lines ───────────────────────────────────────────────────────

const built = (f: string) => existsSync(join(ROOT, f));

/** `node bin/rubric.js …`, or, while main.ts does not register fmt yet, a program with registerFmt alone. */
const RUNNER = `
import { Command, CommanderError } from 'commander';
import { registerFmt } from './dist/cli/commands/fmt.js';
import { UsageError } from './dist/cli/io.js';
const program = new Command().name('rubric').exitOverride().configureOutput({ writeErr: (s) => process.stderr.write(s) });
let exit = 0;
registerFmt(program, (code) => { exit = Math.max(exit, code); });
try {
  await program.parseAsync(process.argv.slice(1), { from: 'user' });
} catch (e) {
  if (e instanceof UsageError) { process.stderr.write('rubric: ' + e.message + '\\n'); exit = 2; }
  else if (e instanceof CommanderError) exit = e.exitCode === 0 ? 0 : 2;
  else throw e;
}
process.exitCode = exit;
`;

let registered = false;
function rubric(...args: string[]) {
  const argv = registered ? [join(ROOT, 'bin/rubric.js'), ...args] : ['--input-type=module', '-e', RUNNER, ...args];
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function prettierCli(...args: string[]) {
  const bin = join(ROOT, 'node_modules/prettier/bin/prettier.cjs');
  const r = spawnSync(process.execPath, [bin, '--config', join(ROOT, '.prettierrc'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('command lines', () => {
  let dir = '';
  const at = (name: string) => join(dir, name);
  const put = (name: string, text: string) => writeFileSync(at(name), text);
  const get = (name: string) => readFileSync(at(name), 'utf8');

  beforeAll(() => {
    expect(built('dist/cli/commands/fmt.js') && built('dist/format/prettier-plugin.js'), 'run `npx tsc -p .` before the tests').toBe(true);
    const help = spawnSync(process.execPath, [join(ROOT, 'bin/rubric.js'), '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    registered = /^\s+fmt\b/m.test(help);
    dir = mkdtempSync(join(tmpdir(), 'rubric-fmt-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('fmt --check: exit 0 when every file is formatted', () => {
    put('ok.rubric', canonical(MESSY));
    const r = rubric('fmt', '--check', at('ok.rubric'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('fmt --check: exit 1 and the list of files that are not formatted; nothing is written', () => {
    put('ok.rubric', canonical(MESSY));
    put('messy.rubric', MESSY);
    const r = rubric('fmt', '--check', at('ok.rubric'), at('messy.rubric'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${at('messy.rubric')}\n`);
    expect(get('messy.rubric')).toBe(MESSY);
  });

  test('fmt --check: a file with syntax errors gives its diagnostics and exit 1', () => {
    put('broken.rubric', BROKEN);
    const r = rubric('fmt', '--check', at('broken.rubric'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--> ${at('broken.rubric')}:2:10`);
    expect(r.stderr).toContain(`--> ${at('broken.rubric')}:3:`);
    expect(r.stderr).toContain('有2处语法错误，未格式化');
    expect(get('broken.rubric')).toBe(BROKEN);
  });

  test('fmt rewrites changed files only, reports them, and leaves a file with syntax errors alone', () => {
    put('ok.rubric', canonical(MESSY));
    put('messy.rubric', MESSY);
    put('broken.rubric', BROKEN);
    const r = rubric('fmt', at('ok.rubric'), at('messy.rubric'), at('broken.rubric'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`已格式化：${at('messy.rubric')}`);
    expect(r.stdout).not.toContain(`已格式化：${at('ok.rubric')}`);
    expect(get('messy.rubric')).toBe(canonical(MESSY));
    expect(get('broken.rubric')).toBe(BROKEN);
    expect(rubric('fmt', '--check', at('ok.rubric'), at('messy.rubric')).status).toBe(0);
    expect(rubric('fmt', at('messy.rubric')).status).toBe(0);
  });

  test('fmt --width gives the printer’s width; prettier’s --print-width gives the same', () => {
    const text = read('rubrics/wucheng-2024.rubric');
    put('narrow.rubric', text);
    expect(rubric('fmt', '--width', '40', at('narrow.rubric')).status).toBe(0);
    expect(get('narrow.rubric')).toBe(canonical(text, 40));
    expect(rubric('fmt', '--check', '--width', '40', at('narrow.rubric')).status).toBe(0);
    expect(rubric('fmt', '--check', at('narrow.rubric')).status).toBe(canonical(text, 40) === canonical(text) ? 0 : 1);
    expect(prettierCli('--check', '--print-width', '40', at('narrow.rubric')).status).toBe(0);
  });

  test('usage errors exit 2', () => {
    expect(rubric('fmt', '--width', 'wide', at('ok.rubric')).status).toBe(2);
    expect(rubric('fmt', '--width', '0', at('ok.rubric')).status).toBe(2);
    const r = rubric('fmt', '--check', at('missing.rubric'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('找不到文件');
  });

  test('prettier with the repository’s .prettierrc: --check, --write and a refused file', () => {
    put('p-ok.rubric', canonical(MESSY));
    put('p-messy.rubric', MESSY);
    put('p-broken.rubric', BROKEN);
    expect(prettierCli('--check', at('p-ok.rubric')).status).toBe(0);
    expect(prettierCli('--check', at('p-messy.rubric')).status).toBe(1);
    expect(prettierCli('--write', at('p-messy.rubric')).status).toBe(0);
    expect(get('p-messy.rubric')).toBe(canonical(MESSY));
    const r = prettierCli('--write', at('p-broken.rubric'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('p-broken.rubric: SyntaxError: 这一句中不能理解「扣」（E1101）');
    expect(r.stderr).toContain('(2:10)');
    expect(get('p-broken.rubric')).toBe(BROKEN);
  });
});
