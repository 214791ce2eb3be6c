/** Helpers for the `rubric test` tests: scratch folders, a small rubric, git, and the command in-process. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { registerTest } from '../../src/cli/commands/test.js';
import { UsageError } from '../../src/cli/io.js';

export const ROOT = resolve(import.meta.dirname, '../..');

export function scratch(prefix = 'rubric-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function write(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(resolve(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

export function read(p: string): string {
  return readFileSync(p, 'utf8');
}

/** Replaces one exact piece of a file (fails loudly when it is not there exactly once). */
export function edit(p: string, from: string, to: string): void {
  const t = read(p);
  if (t.split(from).length !== 2) throw new Error(`${p}: “${from}” should occur exactly once`);
  writeFileSync(p, t.replace(from, to));
}

/** The 1-based line of the first line containing `text`. */
export function lineOf(p: string, text: string): number {
  const i = read(p)
    .split('\n')
    .findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${p}: no line contains “${text}”`);
  return i + 1;
}

/** A small rubric: two sections, a capped deduction section with two items, grades. */
export const MINI_RUBRIC = `考核 测试考核（满分20分，考核期2023年1月1日至2023年12月31日）
考核对象：各局

输入：
  【持证率】百分比：持证率
  【领导赋分】分（范围0-10分）：领导赋分
事件：
  【违规】件：违规情形

（一）队伍建设（10分，扣分制，限扣3分）
  1. 持证管理：【持证率】不足90%的，扣1分。
  2. 纪律作风：【违规】每件扣1分。
（二）领导赋分（10分，赋分）：得【领导赋分】。

等次：
  优秀：18分（含）以上
  合格：18分（不含）以下
`;

/** 甲局 18 (（一）9: one 违规), 乙局 15 (（一）7: 1 + 3 cut to 3). */
export const MINI_DATA = `对象:
  甲局: {持证率: 95%, 领导赋分: 9}
  乙局: {持证率: 80%, 领导赋分: 8}
事件:
  - {类型: 违规, 对象: 甲局, 日期: 2023-03-01}
  - {类型: 违规, 对象: 乙局, 日期: 2023-03-01, 数量: 3}
`;

export function miniDir(): string {
  const dir = scratch();
  write(dir, 'mini.rubric', MINI_RUBRIC);
  write(dir, 'data.yaml', MINI_DATA);
  return dir;
}

/** A copy of the wucheng-2024 rubric and its example data in a scratch folder. */
export function wuchengCopy(): string {
  const dir = scratch();
  cpSync(join(ROOT, 'rubrics/wucheng-2024.rubric'), join(dir, 'wucheng.rubric'));
  cpSync(join(ROOT, 'examples/wucheng-2024/执法人员.yaml'), join(dir, '执法人员.yaml'));
  cpSync(join(ROOT, 'examples/wucheng-2024/案件.csv'), join(dir, '案件.csv'));
  return dir;
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function gitCommitAll(dir: string): void {
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'adopted');
}

/** Runs `rubric test …` in-process: exit code and what it printed. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  let code = 0;
  try {
    const program = new Command()
      .name('rubric')
      .exitOverride()
      .configureOutput({ writeErr: (s) => (err += s), writeOut: (s) => (out += s) });
    registerTest(program, (c) => {
      code = Math.max(code, c);
    });
    try {
      await program.parseAsync(['test', ...args], { from: 'user' });
    } catch (e) {
      if (e instanceof UsageError) {
        err += `rubric: ${e.message}\n`;
        code = 2;
      } else if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 2;
      else throw e;
    }
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
  return { code, out, err };
}
